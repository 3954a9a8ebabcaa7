import { z } from "@hono/zod-openapi";
import { DEPLOYMENT_STATUSES, OPERATION_KINDS, OPERATION_STATUSES } from "../domain/model";

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    report: z.unknown().optional(),
  })
  .openapi("Problem");

const Params = z.record(z.string(), z.unknown()).openapi({ description: "The blueprint's parameters (see its JSON Schema)" });
const Tags = z.record(z.string(), z.string()).openapi({ description: "owner, cost-center and environment are required" });

export const CreateDeploymentBody = z
  .object({
    name: z.string().openapi({ description: "DNS-safe deployment name, 3-32 characters", example: "cdn-logs" }),
    blueprint: z.string().openapi({ example: "access-log-analytics" }),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region like us-east-1").optional(),
    params: Params.default({}),
    tags: Tags,
  })
  .strict()
  .openapi("CreateDeployment");

export const UpdateDeploymentBody = z
  .object({ params: Params, tags: Tags.optional().openapi({ description: "Replaces the tags when given" }) })
  .strict()
  .openapi("UpdateDeployment");

export const PlanBody = z
  .object({
    blueprint: z.string(),
    name: z.string().default("example").openapi({ description: "Deployment name the plan is rendered for" }),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region like us-east-1").optional(),
    params: Params.default({}),
    tags: Tags,
  })
  .strict()
  .openapi("PlanRequest");

export const OperationSchema = z
  .object({
    id: z.string(),
    deployment: z.string(),
    kind: z.enum(OPERATION_KINDS),
    status: z.enum(OPERATION_STATUSES),
    params: Params.openapi({ description: "The params this operation applies (create, update) or works with (the deployment's when it started)" }),
    tags: Tags,
    cancelRequested: z.boolean(),
    runner: z.string().nullable().openapi({ description: "The service instance that claimed the operation (hostname/pid/random); null while queued" }),
    summary: z.record(z.string(), z.number()).nullable(),
    error: z.object({ title: z.string(), detail: z.string() }).nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    actions: z.record(z.string(), z.boolean()),
    links: z.object({ self: z.string(), events: z.string(), deployment: z.string() }),
  })
  .openapi("Operation");

export const DeploymentSchema = z
  .object({
    name: z.string(),
    blueprint: z.string(),
    region: z.string(),
    status: z.enum(DEPLOYMENT_STATUSES),
    params: Params.openapi({ description: "The params of the last create or update that succeeded (the create's until then)" }),
    tags: Tags,
    outputs: z.record(z.string(), z.unknown()).openapi({ description: 'Stack outputs; secrets show as "[secret]"' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    actions: z.record(z.string(), z.boolean()).openapi({ description: "What may be done now" }),
    recentOperations: z.array(OperationSchema).optional(),
  })
  .openapi("Deployment");

export const AcceptedSchema = z.object({ deployment: DeploymentSchema, operation: OperationSchema }).openapi("Accepted");

export const EventSchema = z
  .object({ sequence: z.number().int(), time: z.string(), type: z.string(), data: z.unknown() })
  .openapi("OperationEvent");

/** For routes without query parameters: any parameter is refused by name, not ignored. */
export const NoQuery = z.object({}).strict();

/**
 * A sequence number or similar counter in a query: digits only. `z.coerce.number()` would
 * read "" as 0 and "1e3" as 1000; a client that sent those meant something else.
 */
export const counterParam = (description: string) => z.string().regex(/^\d{1,15}$/, "a non-negative integer").openapi({ description });

export const NameParam = z.object({ name: z.string().max(64).openapi({ param: { name: "name", in: "path" } }) });
export const IdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });
export const BlueprintParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });
