import { buildArchitectureGraph, type ArchitectureGraph } from "../../blueprints/diagram/architecture-graph";
import type { CostEstimate } from "../../blueprints/pricing/cost-estimate";
import { estimateMonthlyCost } from "../../blueprints/pricing/estimate-monthly-cost";
import { ValidationError } from "../domain/errors";
import type { PlanTaskInput, PlanTaskResult } from "../plans/plan-task";
import type { Planner } from "../plans/planner";

/** A plan that rendered: its resources and the policy pack's report on them. */
export type RenderedPlan = Extract<PlanTaskResult, { ok: true }>;

/** A plan as a reviewer reads it: its architecture diagram and its monthly cost estimate besides. */
export type ReviewedPlan = RenderedPlan & { diagram: ArchitectureGraph; cost: CostEstimate };

/**
 * Offline plans as the use cases see them. The planner answers the caller's mistakes as
 * values (they cross a thread boundary, where error classes do not survive); this is the one
 * place they become the errors the API answers, so `POST /v1/plans` and a create's or
 * update's own plan refuse a request in the same words.
 */
export class PlanService {
  constructor(private readonly planner: Planner) {}

  /** The plan, or a ValidationError naming the field (or `blueprint`, when it is not in the catalogue). */
  async plan(input: PlanTaskInput): Promise<RenderedPlan> {
    const result = await this.planner.run(input);
    if (result.ok) return result;
    if (result.kind === "unknown-blueprint") throw new ValidationError(result.message, [{ field: "blueprint", message: result.message }]);
    throw new ValidationError(`invalid request for ${input.blueprint}`, result.fieldErrors);
  }

  /**
   * The plan with its architecture graph and cost estimate. Both are pure, linear passes over
   * the plan's resources (0.3-0.9 ms measured on the examples, 75-101 resources), so they are
   * derived here on each answer rather than carried through the plan workers and their memo.
   */
  async review(input: PlanTaskInput): Promise<ReviewedPlan> {
    const rendered = await this.plan(input);
    return { ...rendered, diagram: buildArchitectureGraph(rendered.plan), cost: estimateMonthlyCost(rendered.plan) };
  }
}
