import { resourcesFromPlan } from "./from-plan";
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

/** What `check --resources` reads, said whenever a file is none of them. */
export const RESOURCE_FORMATS = [
  'a list of resources: [{ "type", "name", "props" }] ("inputs" in place of "props", as in a plan\'s resources, works too)',
  'an offline plan: `slipstream plan <blueprint> --format json`, { "resources": [{ "type", "name", "urn", "inputs", ... }] }',
  'the output of `pulumi preview --json`: { "steps": [{ "op", "urn", "newState": { "type", "urn", "inputs" } }] }',
  'the output of `pulumi stack export`: { "version", "deployment": { "resources": [{ "urn", "type", "inputs" }] } }',
];
const EXPECTED = `expected one of:\n${RESOURCE_FORMATS.map((f) => `  - ${f}`).join("\n")}`;

const ENTRY_KEYS = new Set(["type", "name", "props", "inputs", "urn", "parent", "component", "dependencies", "propertyDependencies"]);

// A list entry: a hand-written resource (`props`) or one of a plan's resources (`inputs`).
// Every key is checked, so a file in another shape is refused rather than read as empty props.
function fromEntry(entry: unknown, where: string): OfflineResource {
  if (!isObject(entry)) throw new ResourcesFileError(`${where}: expected an object { "type", "name", "props" }`);
  const { type, name, props, inputs, urn, parent, dependencies, propertyDependencies } = entry;
  if (typeof type !== "string" || type === "") throw new ResourcesFileError(`${where}: "type" must be a Pulumi type token such as "aws:s3/bucket:Bucket"`);
  if (typeof name !== "string" || name === "") throw new ResourcesFileError(`${where} (${type}): "name" must be a non-empty string`);
  const at = `${where} (${type} ${name})`;
  const unknown = Object.keys(entry).filter((key) => !ENTRY_KEYS.has(key));
  if (unknown.length > 0) throw new ResourcesFileError(`${at}: unknown ${unknown.length === 1 ? "key" : "keys"} ${unknown.map((k) => JSON.stringify(k)).join(", ")}; a resource has "type", "name" and "props" (or a plan's "inputs"), and optionally "urn", "parent", "dependencies", "propertyDependencies"`);
  if (props !== undefined && inputs !== undefined) throw new ResourcesFileError(`${at}: give "props" or "inputs", not both`);
  if (props === undefined && inputs === undefined) throw new ResourcesFileError(`${at}: "props" is missing: the resource's input properties, as an object ("inputs" in a plan)`);
  if (!isObject(props ?? inputs)) throw new ResourcesFileError(`${at}: "${props !== undefined ? "props" : "inputs"}" must be an object`);
  if (urn !== undefined && typeof urn !== "string") throw new ResourcesFileError(`${at}: "urn" must be a string`);
  if (parent !== undefined && parent !== null && typeof parent !== "string") throw new ResourcesFileError(`${at}: "parent" must be a URN`);
  if (dependencies !== undefined && !stringList(dependencies)) throw new ResourcesFileError(`${at}: "dependencies" must be a list of URNs`);
  if (propertyDependencies !== undefined && !(isObject(propertyDependencies) && Object.values(propertyDependencies).every(stringList))) {
    throw new ResourcesFileError(`${at}: "propertyDependencies" must map property names to lists of URNs`);
  }
  const resource = {
    type,
    name,
    urn: urn ?? offlineUrn(type, name),
    parent: typeof parent === "string" ? parent : null,
    dependencies: dependencies ?? [],
    propertyDependencies: (propertyDependencies as Record<string, string[]> | undefined) ?? {},
  };
  // A plan's inputs mark values known only after deploy; its reader makes them unknown again.
  if (inputs !== undefined) return resourcesFromPlan({ resources: [{ ...resource, inputs: unwrapSecrets(inputs) as Record<string, unknown> }] })[0]!;
  return { ...resource, props: unwrapSecrets(props) as Record<string, unknown> };
}

function fromList(list: unknown[], where = "resource"): OfflineResource[] {
  return list.map((entry, i) => fromEntry(entry, `${where} [${i}]`));
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

// Relations as the engine writes them into preview steps and checkpoints.
function relationsOf(state: Record<string, unknown>): Pick<OfflineResource, "parent" | "dependencies" | "propertyDependencies"> {
  const { parent, dependencies, propertyDependencies } = state;
  return {
    parent: typeof parent === "string" ? parent : null,
    dependencies: stringList(dependencies) ? dependencies : [],
    propertyDependencies: isObject(propertyDependencies) && Object.values(propertyDependencies).every(stringList) ? (propertyDependencies as Record<string, string[]>) : {},
  };
}

// `pulumi preview --json`: each step's new state is what the stack will hold; deletes have none.
function fromPreview(steps: unknown[]): OfflineResource[] {
  const resources: OfflineResource[] = [];
  for (const [i, step] of steps.entries()) {
    if (!isObject(step)) throw new ResourcesFileError(`steps [${i}]: expected an object { "op", "urn", "newState" }`);
    const state = step["newState"];
    if (state === undefined || state === null) continue;
    if (!isObject(state) || typeof state["type"] !== "string") throw new ResourcesFileError(`steps [${i}]: "newState" must be an object with a "type"`);
    const type = state["type"];
    const urn = state["urn"] ?? step["urn"];
    if (typeof urn !== "string") throw new ResourcesFileError(`steps [${i}]: the step for ${type} has no urn`);
    const inputs = state["inputs"] ?? {};
    if (!isObject(inputs)) throw new ResourcesFileError(`steps [${i}] (${type}): "newState.inputs" must be an object`);
    resources.push({ type, name: nameOf(urn), urn, props: unwrapSecrets(inputs) as Record<string, unknown>, ...relationsOf(state) });
  }
  return resources;
}

// `pulumi stack export`: the checkpoint's resources with the inputs they were created from.
// Resources pending deletion (`delete: true`) are on their way out: a preview would not see them.
function fromStackExport(resources: unknown[]): OfflineResource[] {
  const found: OfflineResource[] = [];
  for (const [i, entry] of resources.entries()) {
    const where = `deployment.resources [${i}]`;
    if (!isObject(entry) || typeof entry["urn"] !== "string" || typeof entry["type"] !== "string") throw new ResourcesFileError(`${where}: expected an object with "urn", "type" and "inputs"`);
    if (entry["delete"] === true) continue;
    const { urn, type } = entry;
    const inputs = entry["inputs"] ?? {};
    if (!isObject(inputs)) throw new ResourcesFileError(`${where} (${type}): "inputs" must be an object`);
    found.push({ type, name: nameOf(urn), urn, props: unwrapSecrets(inputs) as Record<string, unknown>, ...relationsOf(entry) });
  }
  return found;
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
 * Reads the resources of a check from parsed JSON in any of `RESOURCE_FORMATS`: a list of
 * `{ type, name, props }` (or a plan's `inputs`), an offline plan, `pulumi preview --json`
 * or `pulumi stack export`. Anything else is refused with the formats expected — never read
 * as resources without properties, which would report violations the stack does not have.
 */
export function parseResources(document: unknown): OfflineResource[] {
  let resources: OfflineResource[];
  if (Array.isArray(document)) resources = fromList(document);
  else if (isObject(document) && Array.isArray(document["steps"])) resources = fromPreview(document["steps"]);
  else if (isObject(document) && isObject(document["deployment"]) && Array.isArray(document["deployment"]["resources"])) resources = fromStackExport(document["deployment"]["resources"]);
  else if (isObject(document) && Array.isArray(document["resources"])) resources = fromList(document["resources"], "resources");
  else if (isObject(document) && isObject(document["deployment"])) throw new ResourcesFileError(`a stack export without "deployment.resources" (an empty stack has nothing to check); ${EXPECTED}`);
  else throw new ResourcesFileError(EXPECTED);
  const seen = new Set<string>();
  for (const r of resources) {
    if (seen.has(r.urn)) throw new ResourcesFileError(`two resources share the urn ${r.urn} (type and name must be unique)`);
    seen.add(r.urn);
  }
  return relateBucketsByName(resources);
}
