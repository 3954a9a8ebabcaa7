import { exampleRequest } from "../../../blueprints/catalogue";
import { renderPlan, type Plan } from "../../../programs/offline-plan/render-plan";

export const BLUEPRINTS = ["access-log-analytics", "dynamodb-search", "msk-data-lake", "serverless-streaming-pipeline"] as const;

const plans = new Map<string, Plan>();

/** Each blueprint's example, rendered once per test file (the mock runtime renders one plan at a time). */
export async function examplePlan(id: (typeof BLUEPRINTS)[number]): Promise<Plan> {
  const known = plans.get(id);
  if (known) return known;
  const plan = await renderPlan(id, exampleRequest(id));
  plans.set(id, plan);
  return plan;
}
