import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { DEPLOYMENT_STATUSES, LIVE_DEPLOYMENT_STATUSES } from "../../domain/model";
import type { AppDependencies, AppEnv } from "../app-env";
import { refuseBody } from "../refuse-body";
import { AcceptedSchema, CreateDeploymentBody, DeploymentSchema, NameParam, NoQuery, OperationSchema, ProblemSchema, UpdateDeploymentBody } from "../schemas";
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
    blueprint: z.string().optional(),
    status: z.enum(LIVE_DEPLOYMENT_STATUSES).optional(),
    environment: z.string().optional(),
    owner: z.string().optional(),
    cursor: z.string().max(64).optional().openapi({ description: "The `next` value of the previous page" }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const HistoryQuery = z.object({ before: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export function deploymentRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { service } = deps;
  const acceptedBody = (r: Awaited<ReturnType<typeof service.create>>) => ({ deployment: deploymentView(r.deployment), operation: operationView(r.operation) });

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/deployments",
      tags: ["deployments"],
      summary: "Create a deployment of a blueprint",
      description: "Validates and plans the request offline, checks it against the policy pack, then queues its first `up`.",
      request: { query: NoQuery, headers: idempotencyHeader, body: { content: { "application/json": { schema: CreateDeploymentBody } }, required: true } },
      responses: { ...accepted, ...problems },
    }),
    async (c) => {
      const result = await service.create(c.req.valid("json"));
      c.header("Location", `/v1/deployments/${result.deployment.name}`);
      return c.json(acceptedBody(result), 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/deployments",
      tags: ["deployments"],
      summary: "List deployments",
      request: { query: ListQuery },
      responses: { 200: { description: "A page of deployments", content: { "application/json": { schema: z.object({ deployments: z.array(DeploymentSchema), next: z.string().nullable() }) } } }, 400: problems[400] },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const page = await service.list({ blueprint: q.blueprint, status: q.status, environment: q.environment, owner: q.owner, after: q.cursor, limit: q.limit + 1 });
      const more = page.length > q.limit;
      const items = page.slice(0, q.limit);
      return c.json({ deployments: items.map((d) => deploymentView(d)), next: more ? items[items.length - 1]!.name : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/deployments/{name}",
      tags: ["deployments"],
      summary: "A deployment: status, outputs, recent operations and the actions allowed now",
      request: { params: NameParam, query: NoQuery },
      responses: { 200: { description: "The deployment", content: { "application/json": { schema: DeploymentSchema } } }, 400: problems[400], 404: problems[404] },
    }),
    async (c) => {
      const { name } = c.req.valid("param");
      const deployment = await service.get(name);
      return c.json(deploymentView(deployment, await service.operations(name, 5)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/deployments/{name}",
      tags: ["deployments"],
      summary: "Change a deployment's parameters (and tags)",
      request: { params: NameParam, query: NoQuery, headers: idempotencyHeader, body: { content: { "application/json": { schema: UpdateDeploymentBody } }, required: true } },
      responses: { ...accepted, ...problems },
    }),
    async (c) => c.json(acceptedBody(await service.update(c.req.valid("param").name, c.req.valid("json"))), 202),
  );

  for (const kind of ["preview", "refresh"] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/v1/deployments/{name}/${kind}`,
        tags: ["deployments"],
        summary: kind === "preview" ? "Preview the deployment's current request against its stack" : "Refresh the stack from the cloud",
        request: { params: NameParam, query: NoQuery, headers: idempotencyHeader },
        middleware: [refuseBody] as const,
        responses: { ...accepted, ...problems },
      }),
      async (c) => c.json(acceptedBody(await service.enqueue(c.req.valid("param").name, kind)), 202),
    );
  }

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/deployments/{name}",
      tags: ["deployments"],
      summary: "Destroy a deployment",
      description: "Queues a destroy. When it succeeds the deployment is gone (404) and its name free; its operations stay readable.",
      request: { params: NameParam, query: NoQuery, headers: idempotencyHeader },
      middleware: [refuseBody] as const,
      responses: { ...accepted, ...problems },
    }),
    async (c) => c.json(acceptedBody(await service.enqueue(c.req.valid("param").name, "destroy")), 202),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/deployments/{name}/operations",
      tags: ["operations"],
      summary: "A deployment's operations, newest first",
      description: "Stays readable after a destroy, with the deployment marked `destroyed`. A name reused for a new deployment keeps the earlier one's operations in its history.",
      request: { params: NameParam, query: HistoryQuery },
      responses: {
        200: {
          description: "Operations",
          content: { "application/json": { schema: z.object({ deployment: z.object({ name: z.string(), status: z.enum(DEPLOYMENT_STATUSES) }), operations: z.array(OperationSchema), next: z.string().nullable() }) } },
        },
        400: problems[400],
        404: problems[404],
      },
    }),
    async (c) => {
      const { name } = c.req.valid("param");
      const { before, limit } = c.req.valid("query");
      const { deployment, operations: page } = await service.history(name, limit + 1, before);
      const items = page.slice(0, limit);
      return c.json({ deployment: { name: deployment.name, status: deployment.status }, operations: items.map(operationView), next: page.length > limit ? items[items.length - 1]!.id : null }, 200);
    },
  );
}
