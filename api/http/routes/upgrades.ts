import { createRoute } from "@hono/zod-openapi";
import type { DeploymentService } from "../../service/deployment-service";
import type { UpgradeService } from "../../service/upgrade-service";
import { callerOf, guarded } from "../access";
import { PLAN_QUEUE_FULL } from "../edge-responses";
import { refuseBody } from "../refuse-body";
import { routeGroup } from "../route-group";
import { AcceptedSchema, NameParam, NoQuery, ProblemSchema, UpgradeBody, UpgradePlanSchema } from "../schemas";
import { deploymentView, operationView, upgradePlanView } from "../views";

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

/** Reviewed blueprint upgrades: a plan to read, then the upgrade that applies exactly it. The permission is an update's. */
export function upgradeRoutes({ deployments, upgrades }: { deployments: DeploymentService; upgrades: UpgradeService }) {
  const app = routeGroup();
  return app
    .openapi(
      createRoute(
        guarded(
          {
            method: "post",
            path: "/v1/deployments/{name}/upgrade-plan",
            operationId: "planDeploymentUpgrade",
            tags: ["deployments"],
            summary: "Plan the upgrade of a deployment to the blueprint version this release runs",
            description:
              "Renders the new version's plan of the deployment's request (values it holds are kept; only the version's changes show) and diffs it against the plan the deployment was last applied with: resources added, changed (with the input property paths) and removed, and the policy pack's report. The plan is kept; apply it with POST /v1/deployments/{name}/upgrade.",
            request: { params: NameParam, query: NoQuery },
            middleware: [refuseBody] as const,
            responses: {
              201: { description: "The upgrade plan", content: { "application/json": { schema: UpgradePlanSchema } } },
              400: problem("Invalid request"),
              404: problem("Not found"),
              409: problem("Nothing to upgrade, or not allowed in the current state"),
              ...PLAN_QUEUE_FULL,
            },
          },
          "deploy",
        ),
      ),
      async (c) => c.json(upgradePlanView(await upgrades.plan(c.req.valid("param").name, callerOf(c))), 201),
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "post",
            path: "/v1/deployments/{name}/upgrade",
            operationId: "upgradeDeployment",
            tags: ["deployments"],
            summary: "Apply a reviewed upgrade plan",
            description: "Queues an update carrying the plan's version and request. Refused with 409 when the deployment changed since the plan was made, or this release runs another version than the plan's.",
            request: { params: NameParam, query: NoQuery, body: { content: { "application/json": { schema: UpgradeBody } }, required: true } },
            responses: {
              202: { description: "Accepted: the upgrade is queued", content: { "application/json": { schema: AcceptedSchema } } },
              400: problem("Invalid request"),
              404: problem("No such deployment or upgrade plan"),
              409: problem("The deployment or the catalogue changed since the plan was made"),
              422: problem("The upgrade violates a mandatory policy"),
              503: problem("The Pulumi CLI is not available"),
            },
          },
          "deploy",
        ),
      ),
      async (c) => {
        const result = await upgrades.apply(c.req.valid("param").name, c.req.valid("json").planId, callerOf(c));
        return c.json({ deployment: deploymentView(result.deployment, deployments.releases.upgradeAvailable(result.deployment)), operation: operationView(result.operation) }, 202);
      },
    );
}
