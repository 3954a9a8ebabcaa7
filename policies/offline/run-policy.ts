import type {
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy, UnknownValueError } from "../lib/policy-proxy";
import type { ExemptionRecordingArgs } from "../lib/stack-relations";
import type { OfflineResource } from "./offline-resource";

/** What one policy found on one resource (resource policies) or on the stack (stack policies). */
export interface PolicyOutcome {
  violations: { message: string; urn?: string }[];
  /** Set when the policy declared itself not applicable, with its reason. */
  notApplicable?: string;
  /** Set when the policy could not run because a value is unknown until deploy (never a violation). */
  unknown?: string;
  /** Resources a stack policy exempted one by one, with the reason. */
  exemptions: { urn: string; reason: string }[];
}

// The analyzer's own NotApplicableError is private: ours plays its part.
class NotApplicable extends Error {
  constructor(readonly reason: string | undefined) {
    super(reason ?? "Policy does not apply");
  }
}
const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

const EMPTY_TAGS: ReadonlyMap<string, string> = new Map();

type ResourceClass = { __pulumiType?: unknown; isInstance?: (o: unknown) => boolean };
// As the analyzer's isTypeOf: the class's __pulumiType, else its isInstance.
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const token = (resourceClass as ResourceClass).__pulumiType;
  if (typeof token === "string" && token.length > 0) return type === token;
  const isInstance = (resourceClass as ResourceClass).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function options(resource: OfflineResource): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

function collector(outcome: PolicyOutcome): ReportViolation {
  return (message, urn) => {
    // The analyzer also accepts an object; its message is what a report shows.
    const text = typeof message === "object" && message !== null ? String((message as { message?: unknown }).message ?? "") : message;
    outcome.violations.push({ message: text, ...(urn ? { urn } : {}) });
  };
}

async function settle(outcome: PolicyOutcome, run: () => Promise<void> | void): Promise<PolicyOutcome> {
  try {
    await run();
  } catch (err) {
    if (err instanceof NotApplicable) outcome.notApplicable = err.reason ?? "Policy does not apply";
    else if (err instanceof UnknownValueError) outcome.unknown = (err as Error).message;
    else throw err;
  }
  return outcome;
}

/**
 * Runs a resource policy on one resource with arguments shaped as the analyzer's `Analyze`
 * builds them: props behind the unknown-checking proxy, `notApplicable` that ends the
 * validation, and the analyzer's shortcut for functions that name their type.
 */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  resource: OfflineResource,
  config: Record<string, unknown> = {},
  props: Record<string, unknown> = structuredClone(resource.props),
): Promise<PolicyOutcome> {
  const outcome: PolicyOutcome = { violations: [], exemptions: [] };
  const validations = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  if (validations.length === 0) return { ...outcome, notApplicable: "Policy does not implement validateResource" };
  if (validations.length === 1) {
    const token = (validations[0] as { __pulumiType?: unknown }).__pulumiType;
    if (typeof token === "string" && token.length > 0 && token !== resource.type) return { ...outcome, notApplicable: `Policy only applies to resources of type '${token}'` };
  }
  const report = collector(outcome);
  return settle(outcome, async () => {
    for (const validation of validations) {
      const checked = unknownCheckingProxy(props) as Record<string, unknown>;
      const args: ResourceValidationArgs = {
        type: resource.type,
        props: checked,
        urn: resource.urn,
        name: resource.name,
        opts: options(resource),
        stackTags: EMPTY_TAGS,
        isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
        asType: ((resourceClass: unknown) => (isTypeOf(resource.type, resourceClass) ? checked : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => structuredClone(config) as T,
        notApplicable: throwNotApplicable,
      };
      await validation(args, report);
    }
  });
}

/**
 * Each resource's props, copied once for a whole check. The analyzer deserialises them anew
 * for every policy; the offline check shares one copy between policies instead (a copy per
 * policy per resource was a tenth of a plan's time), which holds because no policy in the
 * pack writes to what it validates (test/policies/policy-purity.test.ts).
 */
export function copiedProps(resources: readonly OfflineResource[]): Record<string, unknown>[] {
  return resources.map((resource) => structuredClone(resource.props));
}

/** The stack's resources as the analyzer's `AnalyzeStack` builds them: parents, dependencies and property dependencies resolved to resource objects. */
export function policyResources(resources: readonly OfflineResource[], props: readonly Record<string, unknown>[] = copiedProps(resources)): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const built = resources.map((resource, i) => {
    const checked = unknownCheckingProxy(props[i]!) as Record<string, unknown>;
    const policyResource: PolicyResource = {
      type: resource.type,
      props: checked,
      urn: resource.urn,
      name: resource.name,
      opts: options(resource),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
      asType: ((resourceClass: unknown) => (isTypeOf(resource.type, resourceClass) ? checked : undefined)) as PolicyResource["asType"],
    };
    byUrn.set(resource.urn, policyResource);
    return policyResource;
  });
  resources.forEach((resource, i) => {
    const policyResource = built[i]!;
    const lookup = (urns: readonly string[]) => urns.map((urn) => byUrn.get(urn)).filter((r): r is PolicyResource => r !== undefined);
    const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
    if (parent) policyResource.parent = parent;
    policyResource.dependencies = lookup(resource.dependencies ?? []);
    for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) policyResource.propertyDependencies[property] = lookup(urns);
  });
  return built;
}

/** Runs a stack policy over every resource, with `reportNotApplicable` for per-resource exemptions. */
export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: readonly OfflineResource[],
  config: Record<string, unknown> = {},
  props: readonly Record<string, unknown>[] = copiedProps(resources),
): Promise<PolicyOutcome> {
  const outcome: PolicyOutcome = { violations: [], exemptions: [] };
  const token = (policy.validateStack as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token === "string" && token.length > 0 && !resources.some((r) => r.type === token)) {
    return { ...outcome, notApplicable: `Policy only applies to resources of type '${token}'` };
  }
  const args: StackValidationArgs & ExemptionRecordingArgs = {
    resources: policyResources(resources, props),
    stackTags: EMPTY_TAGS,
    getConfig: <T extends object>() => structuredClone(config) as T,
    notApplicable: throwNotApplicable,
    reportNotApplicable: (urn, reason) => outcome.exemptions.push({ urn, reason }),
  };
  return settle(outcome, () => policy.validateStack(args, collector(outcome)));
}
