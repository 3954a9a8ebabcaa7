import { UnknownBlueprintError, validateRequest } from "../../../blueprints/catalogue";
import { RequestValidationError } from "../../../blueprints/request";
import { issueFieldErrors } from "../../../api/domain/issue-fields";
import type { PlanTaskResult } from "../../../api/plans/plan-task";
import type { Planner } from "../../../api/service/planner";

/**
 * A planner that validates requests with the blueprints' real schemas but renders nothing:
 * every request the real planner would refuse is refused the same way, and an accepted one
 * gets an empty plan that passes the policy pack. A plan costs 100-300 ms of CPU; this costs
 * well under one, so tests of the HTTP layer can send thousands of requests.
 */
export function schemaOnlyPlanner(): Planner & { calls: number } {
  const planner = {
    calls: 0,
    async run(input: { blueprint: string; request: unknown; name: string; region?: string }): Promise<PlanTaskResult> {
      planner.calls++;
      try {
        validateRequest(input.blueprint, input.request);
      } catch (err) {
        if (err instanceof RequestValidationError) return { ok: false, kind: "validation", message: err.message, fieldErrors: issueFieldErrors(err.issues, "(request)") };
        if (err instanceof UnknownBlueprintError) return { ok: false, kind: "unknown-blueprint", message: err.message };
        throw err;
      }
      return {
        ok: true,
        plan: { blueprint: input.blueprint, deployment: input.name, region: input.region ?? "us-east-1", resources: [] },
        policy: { passed: true, violations: [], notApplicable: [], evaluated: { resources: 0, policies: 0 } },
        elapsedMs: 0,
      };
    },
  };
  return planner;
}
