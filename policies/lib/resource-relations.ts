import type { PolicyResource } from "@pulumi/policy";
import { isUnknown, plainAt, valueAt } from "./property-values";
import type { Props } from "./slipstream-policy";

export const ofType = (resources: readonly PolicyResource[], ...types: string[]) => resources.filter((r) => types.includes(r.type));

// Props that hold a resource's own name or id, per type family, besides `name`, `arn` and `id`.
const OWN_NAME_PROPS = ["bucket", "domainName", "workgroupName", "namespaceName", "clusterName", "keyId", "functionName"];

/** What a reference may hold to mean `resource`: its ARN, id or name (outputs under the engine), or its resource name. */
function identifiers(resource: PolicyResource): Set<string> {
  const ids = new Set<string>([resource.name]);
  for (const prop of ["arn", "id", "name", ...OWN_NAME_PROPS]) {
    const value = valueAt(resource.props as Props, prop);
    if (typeof value === "string" && value !== "") ids.add(value);
  }
  return ids;
}

// The resource part of an ARN or URL: after the last ':' or '/' (queue and function ARNs, queue URLs, key ARNs).
const lastSegment = (reference: string) => reference.slice(Math.max(reference.lastIndexOf(":"), reference.lastIndexOf("/")) + 1);

/** Whether a reference value (an ARN, name, id or URL) names `target`. */
export function namesResource(reference: unknown, target: PolicyResource): boolean {
  if (typeof reference !== "string" || reference === "") return false;
  const ids = identifiers(target);
  return ids.has(reference) || ids.has(lastSegment(reference));
}

/**
 * The resources among `candidates` that `resource` refers to at `path`: through the property
 * dependency the engine records for the path's top-level property (plans and resource files
 * carry it too), narrowed by value when the value is known, or by value alone.
 */
export function referencedAt(resource: PolicyResource, path: string, candidates: readonly PolicyResource[]): PolicyResource[] {
  const value = plainAt(resource.props as Props, path);
  if (value === undefined || value === null) return [];
  const references = isUnknown(value) ? [] : Array.isArray(value) ? value : [value];
  const byValue = candidates.filter((c) => references.some((reference) => namesResource(reference, c)));
  if (byValue.length > 0) return byValue;
  // A property dependency names every resource the whole top-level property depends on (a
  // role, a bucket and a key for one Firehose destination): it decides only when it names
  // exactly one candidate.
  const top = path.split(".")[0]!;
  const dependencies = new Set((resource.propertyDependencies[top] ?? []).map((d) => d.urn));
  const byDependency = candidates.filter((c) => dependencies.has(c.urn));
  return byDependency.length === 1 ? byDependency : [];
}
