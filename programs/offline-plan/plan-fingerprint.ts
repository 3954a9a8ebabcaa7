import { createHash } from "node:crypto";
// Keys sorted: two renders of the same plan give the same text whatever order a component
// happened to set its inputs in.
import { canonicalJson } from "../../api/domain/canonical-json";
import type { Plan, PlannedResource } from "./render-plan";

/** What a plan's fingerprint covers: each resource's identity and inputs, in URN order. */
export function fingerprintedResources(resources: readonly PlannedResource[]): PlannedResource[] {
  return [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

/**
 * The SHA-256 of a plan's canonical form. It changes exactly when what the blueprint would
 * register for the request changes (a resource, an input, a dependency), which is what a
 * blueprint version promises not to do without a new version.
 */
export function planFingerprint(plan: Pick<Plan, "resources">): string {
  return createHash("sha256").update(canonicalJson(fingerprintedResources(plan.resources))).digest("hex");
}
