import type { OfflineResource } from "./offline-resource";

/** How an offline plan shows a value only known while deploying (programs/offline-plan). */
export const PLAN_UNKNOWN = "(known after deploy)";
// The analyzer's marker for an unknown value (@pulumi/policy proxy.js, the engine's
// computed-value placeholder): the unknown-checking proxy throws when a policy reads it.
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The slice of an offline plan (`slipstream plan --format json`, `renderPlan`) the evaluator reads. */
export interface PlanLike {
  resources: {
    type: string;
    name: string;
    urn: string;
    parent: string | null;
    inputs: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
  }[];
}

function restoreUnknowns(value: unknown): unknown {
  if (value === PLAN_UNKNOWN) return UNKNOWN_VALUE;
  if (Array.isArray(value)) return value.map(restoreUnknowns);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreUnknowns(v)]));
  return value;
}

/**
 * A plan's registrations as policies see them during a preview: props are the inputs,
 * relations are the URNs the engine records, and values the plan marks as known only after
 * deploy are unknown again. Secrets stay masked ("[secret]").
 */
export function resourcesFromPlan(plan: PlanLike): OfflineResource[] {
  return plan.resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: restoreUnknowns(r.inputs) as Record<string, unknown>,
    parent: r.parent,
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  }));
}
