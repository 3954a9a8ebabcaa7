import { resourcesFromPlan, type PlanLike } from "./from-plan";
import { offlineUrn, type OfflineResource } from "./offline-resource";

/** A resources file the evaluator cannot read; the message says what was expected where. */
export class ResourcesFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResourcesFileError";
  }
}

// Pulumi's wire signatures (sdk/nodejs/runtime/rpc.ts) for secrets in `pulumi preview --json`.
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (!isObject(value)) return value;
  if (value[SIG_KEY] === SECRET_SIG) {
    // Without --show-secrets the CLI prints ciphertext; policies only learn that it is set.
    if (typeof value["plaintext"] === "string") {
      try {
        return unwrapSecrets(JSON.parse(value["plaintext"]));
      } catch {
        return value["plaintext"];
      }
    }
    return "[secret]";
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}

const stringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");

function fromList(list: unknown[]): OfflineResource[] {
  return list.map((entry, i) => {
    const where = `resource [${i}]`;
    if (!isObject(entry)) throw new ResourcesFileError(`${where}: expected an object { "type", "name", "props" }`);
    const { type, name, props = {}, urn, parent, dependencies, propertyDependencies } = entry;
    if (typeof type !== "string" || type === "") throw new ResourcesFileError(`${where}: "type" must be a Pulumi type token such as "aws:s3/bucket:Bucket"`);
    if (typeof name !== "string" || name === "") throw new ResourcesFileError(`${where} (${type}): "name" must be a non-empty string`);
    if (!isObject(props)) throw new ResourcesFileError(`${where} (${type} ${name}): "props" must be an object`);
    if (urn !== undefined && typeof urn !== "string") throw new ResourcesFileError(`${where} (${type} ${name}): "urn" must be a string`);
    if (dependencies !== undefined && !stringList(dependencies)) throw new ResourcesFileError(`${where} (${type} ${name}): "dependencies" must be a list of URNs`);
    if (propertyDependencies !== undefined && !(isObject(propertyDependencies) && Object.values(propertyDependencies).every(stringList))) {
      throw new ResourcesFileError(`${where} (${type} ${name}): "propertyDependencies" must map property names to lists of URNs`);
    }
    return {
      type,
      name,
      urn: urn ?? offlineUrn(type, name),
      props: unwrapSecrets(props) as Record<string, unknown>,
      parent: typeof parent === "string" ? parent : null,
      dependencies: dependencies ?? [],
      propertyDependencies: (propertyDependencies as Record<string, string[]> | undefined) ?? {},
    };
  });
}

interface PreviewStep {
  op?: string;
  urn?: string;
  newState?: { type?: string; urn?: string; inputs?: Record<string, unknown>; parent?: string; dependencies?: string[]; propertyDependencies?: Record<string, string[]> };
}

// `pulumi preview --json`: each step's new state is what the stack will hold; deletes have none.
function fromPreview(steps: unknown[]): OfflineResource[] {
  const resources: OfflineResource[] = [];
  for (const step of steps as PreviewStep[]) {
    const state = step?.newState;
    if (!isObject(state) || typeof state.type !== "string") continue;
    const urn = state.urn ?? step.urn;
    if (typeof urn !== "string") throw new ResourcesFileError(`preview step for ${state.type} has no urn`);
    resources.push({
      type: state.type,
      name: urn.slice(urn.lastIndexOf("::") + 2),
      urn,
      props: unwrapSecrets(state.inputs ?? {}) as Record<string, unknown>,
      parent: state.parent ?? null,
      dependencies: state.dependencies ?? [],
      propertyDependencies: state.propertyDependencies ?? {},
    });
  }
  return resources;
}

const BUCKET_TYPES = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);
const BUCKET_REFERENCES = ["bucket", "targetBucket"];

/**
 * A hand-written list has no property dependencies: a bucket's configurations name it by
 * value. Relate them as the engine would have — a `bucket` or `targetBucket` naming a bucket
 * of the list by its `bucket` prop or its resource name depends on that bucket.
 */
function relateBucketsByName(resources: OfflineResource[]): OfflineResource[] {
  const buckets = resources.filter((r) => BUCKET_TYPES.has(r.type));
  return resources.map((resource) => {
    const propertyDependencies = { ...(resource.propertyDependencies ?? {}) };
    for (const property of BUCKET_REFERENCES) {
      const value = resource.props[property];
      if (typeof value !== "string" || propertyDependencies[property]?.length) continue;
      const target = buckets.find((b) => b !== resource && (b.props["bucket"] === value || b.name === value));
      if (target) propertyDependencies[property] = [target.urn];
    }
    return { ...resource, propertyDependencies };
  });
}

/**
 * Reads the resources of a check from parsed JSON: a list `[{ "type", "name", "props" }]`,
 * the output of `pulumi preview --json`, or an offline plan (`slipstream plan --format json`).
 */
export function parseResources(document: unknown): OfflineResource[] {
  let resources: OfflineResource[];
  if (Array.isArray(document)) resources = fromList(document);
  else if (isObject(document) && Array.isArray(document["steps"])) resources = fromPreview(document["steps"]);
  else if (isObject(document) && Array.isArray(document["resources"])) {
    const entries = document["resources"] as unknown[];
    resources = entries.every((r) => isObject(r) && isObject(r["inputs"])) ? resourcesFromPlan(document as unknown as PlanLike) : fromList(entries);
  } else {
    throw new ResourcesFileError('expected a list of resources [{ "type", "name", "props" }], the output of `pulumi preview --json`, or an offline plan');
  }
  const seen = new Set<string>();
  for (const r of resources) {
    if (seen.has(r.urn)) throw new ResourcesFileError(`two resources share the urn ${r.urn} (type and name must be unique)`);
    seen.add(r.urn);
  }
  return relateBucketsByName(resources);
}
