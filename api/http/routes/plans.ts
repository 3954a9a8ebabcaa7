import { createRoute, z } from "@hono/zod-openapi";
import type { PlanService } from "../../service/plan-service";
import { guarded } from "../access";
import { ArchitectureGraphSchema, CostEstimateSchema } from "../architecture-schemas";
import { PLAN_QUEUE_FULL } from "../edge-responses";
import { routeGroup } from "../route-group";
import { NoQuery, PlanBody, ProblemSchema } from "../schemas";

const PlanResponse = z
  .object({
    blueprint: z.string(),
    deployment: z.string(),
    region: z.string(),
    resources: z.array(z.record(z.string(), z.unknown())),
    policy: z.record(z.string(), z.unknown()).openapi({ description: "The policy pack's report: passed, violations, notApplicable" }),
    diagram: ArchitectureGraphSchema,
    cost: CostEstimateSchema,
  })
  .openapi("Plan");

export function planRoutes({ plans }: { plans: PlanService }) {
  const app = routeGroup();
  return app
    .openapi(
      createRoute(guarded({
        method: "post",
        path: "/v1/plans",
        operationId: "createPlan",
        tags: ["plans"],
        summary: "Plan a request offline and check it against the policy pack",
        description: "Renders what the request would create under Pulumi's mock runtime — no cloud, no credentials — and evaluates the policy pack on it. The answer carries the architecture diagram (components, resources, data-flow edges) and a monthly cost estimate at offline list prices with its usage assumptions.",
        request: { query: NoQuery, body: { content: { "application/json": { schema: PlanBody } }, required: true } },
        responses: {
          200: { description: "The plan and its policy report", content: { "application/json": { schema: PlanResponse } } },
          400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
          ...PLAN_QUEUE_FULL,
        },
      }, "plan")),
      async (c) => {
        const body = c.req.valid("json");
        const result = await plans.review({ blueprint: body.blueprint, request: { params: body.params, tags: body.tags }, name: body.name, region: body.region });
        return c.json({ ...result.plan, resources: result.plan.resources as unknown as Record<string, unknown>[], policy: result.policy as unknown as Record<string, unknown>, diagram: result.diagram, cost: result.cost }, 200);
      },
    );
}
