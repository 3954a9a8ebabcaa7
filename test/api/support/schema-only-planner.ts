import { deploymentNameSchema } from "../../../blueprints/deployment-name";
import { catalogue } from "../../../blueprints/catalogue";
import { runPlanTask, type PlanTaskInput, type PlanTaskResult } from "../../../api/plans/plan-task";
import type { Planner } from "../../../api/plans/planner";

/**
 * A planner that renders nothing. A request the blueprint's schema accepts gets an empty
 * plan that passes the policy pack; any other goes to the real plan task, which refuses it
 * while validating — before it renders. So refusals are exactly the real ones, and no
 * request costs a render: a plan takes 100-300 ms of CPU, a refusal well under one, and
 * tests of the HTTP layer can send thousands of requests (or stay clear of blueprints that
 * are being changed).
 */
export function schemaOnlyPlanner(): Planner & { calls: number; refusedByTask: number } {
  const planner = {
    calls: 0,
    /** Requests handed to the real plan task, to be refused there. */
    refusedByTask: 0,
    async run(input: PlanTaskInput): Promise<PlanTaskResult> {
      planner.calls++;
      const blueprint = catalogue.get(input.blueprint);
      if (blueprint && deploymentNameSchema.safeParse(input.name).success && blueprint.requestSchema.safeParse(input.request).success) {
        return {
          ok: true,
          plan: { blueprint: input.blueprint, deployment: input.name, region: input.region ?? "us-east-1", resources: [] },
          policy: { passed: true, violations: [], notApplicable: [], evaluated: { resources: 0, policies: 0 } },
          elapsedMs: 0,
        };
      }
      planner.refusedByTask++;
      return runPlanTask(input);
    },
  };
  return planner;
}
