import { createRoute, z, type RouteConfig } from "@hono/zod-openapi";
import { DEPLOYMENT_STATUSES, LIVE_DEPLOYMENT_STATUSES } from "../../domain/model";
import { callerOf, guarded } from "../access";
import { PLAN_QUEUE_FULL } from "../edge-responses";
import type { DeploymentJobsService } from "../../service/deployment-jobs-service";
import type { DeploymentService } from "../../service/deployment-service";
import { refuseBody } from "../refuse-body";
import { routeGroup } from "../route-group";
import { AcceptedSchema, CreateDeploymentBody, PreviewAcceptedSchema, DeploymentSchema, NameParam, NoQuery, OperationSchema, ProblemSchema, SetExpiryBody, teamName, UpdateDeploymentBody } from "../schemas";
import { deploymentView, operationView } from "../views";

const problems = {
  400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
  404: { description: "Not found", content: { "application/problem+json": { schema: ProblemSchema } } },
  409: { description: "Not allowed in the current state", content: { "application/problem+json": { schema: ProblemSchema } } },
  422: { description: "Mandatory policy violation, or Idempotency-Key reused", content: { "application/problem+json": { schema: ProblemSchema } } },
  503: { description: "The Pulumi CLI is not available", content: { "application/problem+json": { schema: ProblemSchema } } },
};
const accepted = { 202: { description: "Accepted: the operation is queued", content: { "application/json": { schema: AcceptedSchema } } } };
const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "1-255 visible ASCII characters")
    .optional()
    .openapi({ description: "Retries with the same key and body return the first response for 24 hours; a key whose request never finished is released after 60 s" }),
});

const ListQuery = z
  .object({
    team: teamName().optional().openapi({ description: "Only this team's deployments (the service admin's filter; a team token sees only its own team's anyway)" }),
    blueprint: z.string().optional(),
    status: z.enum(LIVE_DEPLOYMENT_STATUSES).optional(),
    environment: z.string().optional(),
    owner: z.string().optional(),
    drifted: z.enum(["true", "false"]).optional().openapi({ description: "true: only deployments whose last drift check found drift" }),
    upgradeAvailable: z.enum(["true", "false"]).optional().openapi({ description: "true: only deployments on an older blueprint version than this release runs (upgradeAvailable set)" }),
    cursor: z.string().max(64).optional().openapi({ description: "The `next` value of the previous page" }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const HistoryQuery = z.object({ before: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

const KIND_SUMMARIES = {
  preview: "Preview the deployment's current request against its stack",
  refresh: "Refresh the stack from the cloud",
  "drift-check": "Check the stack for drift: a preview-only refresh whose findings become the deployment's `drift` (cleared when it finds none)",
} as const;
const KIND_OPERATION_IDS = { preview: "previewDeployment", refresh: "refreshDeployment", "drift-check": "checkDeploymentDrift" } as const;

/** The route of a preview, refresh or drift check: the same shape for each, its path, words and answers its own. */
function queueKindRoute<K extends keyof typeof KIND_SUMMARIES, R extends RouteConfig["responses"]>(kind: K, responses: R) {
  return createRoute(
    guarded(
      {
        method: "post",
        path: `/v1/deployments/{name}/${kind}` as `/v1/deployments/{name}/${K}`,
        operationId: KIND_OPERATION_IDS[kind],
        tags: ["deployments"],
        summary: KIND_SUMMARIES[kind],
        request: { params: NameParam, query: NoQuery, headers: idempotencyHeader },
        middleware: [refuseBody] as const,
        responses,
      },
      "deploy",
    ),
  );
}

/** A preview's 202 also says what it runs beyond what the deployment was applied with; taking that may render a plan. */
const previewAccepted = {
  202: { description: "Accepted: the preview is queued; `scope` says what it runs beyond what the deployment was applied with (a newer blueprint version)", content: { "application/json": { schema: PreviewAcceptedSchema } } },
};

export function deploymentRoutes({ deployments, jobs }: { deployments: DeploymentService; jobs: DeploymentJobsService }) {
  const app = routeGroup();
  const view = (d: Parameters<typeof deploymentView>[0]) => deploymentView(d, deployments.releases.upgradeAvailable(d));
  const acceptedBody = (r: Awaited<ReturnType<typeof deployments.create>>) => ({ deployment: view(r.deployment), operation: operationView(r.operation) });

  return app
    .openapi(
      createRoute(
        guarded(
          {
            method: "post",
            path: "/v1/deployments",
            operationId: "createDeployment",
            tags: ["deployments"],
            summary: "Create a deployment of a blueprint",
            description: "Validates and plans the request offline, checks it against the policy pack, then queues its first `up`. The deployment belongs to the caller's team; the service admin names one with `team`.",
            request: { query: NoQuery, headers: idempotencyHeader, body: { content: { "application/json": { schema: CreateDeploymentBody } }, required: true } },
            responses: { ...problems, ...PLAN_QUEUE_FULL, 202: { ...accepted[202], headers: { Location: { description: "The new deployment: `/v1/deployments/{name}`", schema: { type: "string" } } } } },
          },
          "deploy",
        ),
      ),
      async (c) => {
        const result = await deployments.create(c.req.valid("json"), callerOf(c));
        c.header("Location", `/v1/deployments/${result.deployment.name}`);
        return c.json(acceptedBody(result), 202);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/v1/deployments",
            operationId: "listDeployments",
            tags: ["deployments"],
            summary: "List deployments",
            description: "The caller's team's deployments; every team's for the service admin.",
            request: { query: ListQuery },
            responses: { 200: { description: "A page of deployments", content: { "application/json": { schema: z.object({ deployments: z.array(DeploymentSchema), next: z.string().nullable() }) } } }, 400: problems[400] },
          },
          "read",
        ),
      ),
      async (c) => {
        const q = c.req.valid("query");
        const page = await deployments.list({ team: q.team, blueprint: q.blueprint, status: q.status, environment: q.environment, owner: q.owner, drifted: q.drifted === "true", upgradeAvailable: q.upgradeAvailable === "true", after: q.cursor, limit: q.limit + 1 }, callerOf(c));
        const more = page.length > q.limit;
        const items = page.slice(0, q.limit);
        return c.json({ deployments: items.map(view), next: more ? items[items.length - 1]!.name : null }, 200);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/v1/deployments/{name}",
            operationId: "getDeployment",
            tags: ["deployments"],
            summary: "A deployment: status, outputs, streaming jobs, recent operations and the actions allowed now",
            description: "Another team's deployment answers 404, as a missing one does.",
            request: { params: NameParam, query: NoQuery },
            responses: { 200: { description: "The deployment", content: { "application/json": { schema: DeploymentSchema } } }, 400: problems[400], 404: problems[404] },
          },
          "read",
        ),
      ),
      async (c) => {
        const { name } = c.req.valid("param");
        const actor = callerOf(c);
        const deployment = await deployments.get(name, actor);
        // Jobs are read live from AWS, bounded (SLIPSTREAM_JOB_STATE_TIMEOUT_MS); list views never ask AWS.
        const [operations, jobStates] = await Promise.all([deployments.operations(name, 5, undefined, actor), jobs.states(deployment)]);
        return c.json(deploymentView(deployment, deployments.releases.upgradeAvailable(deployment), operations, jobStates), 200);
      },
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "patch",
            path: "/v1/deployments/{name}",
            operationId: "updateDeployment",
            tags: ["deployments"],
            summary: "Change a deployment's parameters (and tags)",
            request: { params: NameParam, query: NoQuery, headers: idempotencyHeader, body: { content: { "application/json": { schema: UpdateDeploymentBody } }, required: true } },
            responses: { ...accepted, ...problems, ...PLAN_QUEUE_FULL },
          },
          "deploy",
        ),
      ),
      async (c) => c.json(acceptedBody(await deployments.update(c.req.valid("param").name, c.req.valid("json"), callerOf(c))), 202),
    )
    .openapi(queueKindRoute("preview", { ...previewAccepted, ...problems, ...PLAN_QUEUE_FULL }), async (c) => {
      const { scope, ...queued } = await deployments.preview(c.req.valid("param").name, callerOf(c));
      return c.json({ ...acceptedBody(queued), scope: { ...scope, changes: scope.changes.map((entry) => ({ version: entry.version, changes: [...entry.changes] })) } }, 202);
    })
    .openapi(queueKindRoute("refresh", { ...accepted, ...problems }), async (c) => c.json(acceptedBody(await deployments.enqueue(c.req.valid("param").name, "refresh", callerOf(c))), 202))
    .openapi(queueKindRoute("drift-check", { ...accepted, ...problems }), async (c) => c.json(acceptedBody(await deployments.enqueue(c.req.valid("param").name, "drift-check", callerOf(c))), 202))
    .openapi(
      createRoute(
        guarded(
          {
            method: "put",
            path: "/v1/deployments/{name}/expiry",
            operationId: "setDeploymentExpiry",
            tags: ["deployments"],
            summary: "Set or clear when the deployment is destroyed on its own",
            description:
              "Takes effect at once (nothing is queued). A new time re-arms the reminder and the destroy, even after an earlier expiry acted; null clears it. At the time, the service queues a destroy requested by the `expiry` actor; one that fails leaves the deployment `destroy_failed`, listed, and is not queued again.",
            request: { params: NameParam, query: NoQuery, body: { content: { "application/json": { schema: SetExpiryBody } }, required: true } },
            responses: { 200: { description: "The deployment with its expiry", content: { "application/json": { schema: DeploymentSchema } } }, 400: problems[400], 404: problems[404], 409: problems[409] },
          },
          "deploy",
        ),
      ),
      async (c) => c.json(view(await deployments.setExpiry(c.req.valid("param").name, c.req.valid("json").expiresAt, callerOf(c))), 200),
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "delete",
            path: "/v1/deployments/{name}",
            operationId: "destroyDeployment",
            tags: ["deployments"],
            summary: "Destroy a deployment",
            description: "Queues a destroy. When it succeeds the deployment is gone (404) and its name free for its team; its operations stay readable.",
            request: { params: NameParam, query: NoQuery, headers: idempotencyHeader },
            middleware: [refuseBody] as const,
            responses: { ...accepted, ...problems },
          },
          "deploy",
        ),
      ),
      async (c) => c.json(acceptedBody(await deployments.enqueue(c.req.valid("param").name, "destroy", callerOf(c))), 202),
    )
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/v1/deployments/{name}/operations",
            operationId: "listDeploymentOperations",
            tags: ["operations"],
            summary: "A deployment's operations, newest first",
            description: "Stays readable after a destroy, with the deployment marked `destroyed`. A name reused for a new deployment keeps the earlier one's operations in its history; a destroyed name stays with its team, so that history is never another team's.",
            request: { params: NameParam, query: HistoryQuery },
            responses: {
              200: {
                description: "Operations",
                content: { "application/json": { schema: z.object({ deployment: z.object({ name: z.string(), status: z.enum(DEPLOYMENT_STATUSES) }), operations: z.array(OperationSchema), next: z.string().nullable() }) } },
              },
              400: problems[400],
              404: problems[404],
            },
          },
          "read",
        ),
      ),
      async (c) => {
        const { name } = c.req.valid("param");
        const { before, limit } = c.req.valid("query");
        const { deployment, operations: page } = await deployments.history(name, limit + 1, before, callerOf(c));
        const items = page.slice(0, limit);
        return c.json({ deployment: { name: deployment.name, status: deployment.status }, operations: items.map(operationView), next: page.length > limit ? items[items.length - 1]!.id : null }, 200);
      },
    );
}
