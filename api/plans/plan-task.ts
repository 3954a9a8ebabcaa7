import type { BlueprintDefinition } from "../../blueprints/blueprint";
import { getBlueprint, UnknownBlueprintError } from "../../blueprints/catalogue";
import { RequestValidationError } from "../../blueprints/request";
import { evaluatePolicies, type CheckReport } from "../../policies/offline/evaluate";
import { resourcesFromPlan } from "../../policies/offline/from-plan";
import { renderBlueprintPlan, type Plan } from "../../programs/offline-plan/render-plan";
import type { FieldError } from "../domain/errors";
import { issueFieldErrors } from "../domain/issue-fields";

export interface PlanTaskInput {
  blueprint: string;
  request: unknown;
  name: string;
  region?: string;
}

export type PlanTaskResult =
  /** `memoized`: answered from an identical request planned before (see MemoizedPlanner). */
  | { ok: true; plan: Plan; policy: CheckReport; elapsedMs: number; memoized?: boolean }
  | { ok: false; kind: "validation"; message: string; fieldErrors: FieldError[] }
  | { ok: false; kind: "unknown-blueprint"; message: string };

/**
 * One offline plan and its policy report, as a plan worker runs it. Errors the caller caused come back as values:
 * class identity does not survive the trip between threads.
 */
export async function runPlanTask(input: PlanTaskInput, blueprints: (id: string) => BlueprintDefinition = getBlueprint): Promise<PlanTaskResult> {
  const started = performance.now();
  try {
    // `blueprints`: the catalogue, or in tests a later release of it (a blueprint at a new version).
    const plan = await renderBlueprintPlan(blueprints(input.blueprint), input.request, { name: input.name, region: input.region });
    // The same policy objects the engine runs on every preview and update.
    const policy = await evaluatePolicies(resourcesFromPlan(plan));
    return { ok: true, plan, policy, elapsedMs: performance.now() - started };
  } catch (err) {
    if (err instanceof RequestValidationError) {
      return { ok: false, kind: "validation", message: err.message, fieldErrors: issueFieldErrors(err.issues, "(request)") };
    }
    if (err instanceof UnknownBlueprintError) return { ok: false, kind: "unknown-blueprint", message: err.message };
    throw err;
  }
}
