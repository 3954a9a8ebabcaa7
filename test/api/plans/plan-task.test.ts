import { expect, it } from "vitest";
import { runPlanTask } from "../../../api/plans/plan-task";
import { exampleRequest } from "../../../blueprints/catalogue";
import { slipstreamPolicies } from "../../../policies/all-policies";
import { deployabilityRules } from "../../../policies/deployability";

// The plan gate refuses a change on any mandatory violation of the pack it runs: it must run
// the whole pack, the deployability rules included, as `pulumi preview --policy-pack` does.
it("checks a plan against the whole pack, the deployability rules included", async () => {
  const result = await runPlanTask({ blueprint: "dynamodb-search", request: exampleRequest("dynamodb-search"), name: "gate" });
  if (!result.ok) throw new Error(result.message);
  expect(deployabilityRules.length).toBeGreaterThan(40);
  expect(result.policy.evaluated.policies).toBe(slipstreamPolicies.length);
  expect(result.policy.violations).toEqual([]);
});
