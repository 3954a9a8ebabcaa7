import { createHash } from "node:crypto";
import type { Plan, PlannedResource } from "./render-plan";

/**
 * JSON with every object's keys sorted: two renders of the same plan give the same text
 * whatever order a component happened to set its inputs in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(object).sort().map((key) => [key, sortKeys(object[key])]));
}

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
