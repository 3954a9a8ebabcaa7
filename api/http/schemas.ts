import { z } from "@hono/zod-openapi";
import { ROLES } from "../domain/access";
import { DEPLOYMENT_STATUSES, OPERATION_KINDS, OPERATION_STATUSES } from "../domain/model";
import { NOTIFICATION_KINDS } from "../domain/notifications";
import { DELIVERY_KINDS, DELIVERY_STATUSES } from "../domain/webhooks";

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

export const ActorSchema = z
  .object({
    tokenId: z.string().openapi({ description: 'The token\'s id; "bootstrap" for the service admin, "anonymous" on an open service' }),
    tokenName: z.string(),
    team: z.string().nullable().openapi({ description: "The token's team; null for the service admin and an open service" }),
    role: z.enum([...ROLES, "service-admin"]),
  })
  .openapi("Actor");

const Params = z.record(z.string(), z.unknown()).openapi({ description: "The blueprint's parameters (see its JSON Schema)" });
const Tags = z.record(z.string(), z.string()).openapi({ description: "owner, cost-center and environment are required" });

/** Team names: DNS labels like deployment names, so they read the same in paths, logs and tags. */
export const teamName = () =>
  z
    .string()
    .min(3, "at least 3 characters")
    .max(32, "at most 32 characters")
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, "lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen");

const ExpiresAt = z.iso.datetime({ offset: true }).openapi({
  description: "When the deployment is destroyed on its own (ISO 8601, in the future, at most 365 days ahead); a reminder is recorded SLIPSTREAM_EXPIRY_REMINDER_MS before",
  example: "2026-12-31T18:00:00Z",
});

export const CreateDeploymentBody = z
  .object({
    name: z.string().openapi({ description: "DNS-safe deployment name, 3-32 characters", example: "cdn-logs" }),
    team: teamName()
      .optional()
      .openapi({ description: "The owning team. A team token creates in its own team (it may name only that one); the service admin must name an existing team; an open service uses `default`", example: "orders" }),
    blueprint: z.string().openapi({ example: "access-log-analytics" }),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region like us-east-1").optional(),
    params: Params.default({}),
    tags: Tags,
    expiresAt: ExpiresAt.optional(),
  })
  .strict()
  .openapi("CreateDeployment");

export const SetExpiryBody = z
  .object({ expiresAt: ExpiresAt.nullable().openapi({ description: "The new expiry (re-arms its reminder and destroy), or null: the deployment never expires" }) })
  .strict()
  .openapi("SetExpiry");

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
    blueprintVersion: z.string().nullable().openapi({ description: "The blueprint version a create or update applies (an upgrade's target); null for the other kinds" }),
    params: Params.openapi({ description: "The params this operation applies (create, update) or works with (the deployment's when it started)" }),
    tags: Tags,
    cancelRequested: z.boolean(),
    requestedBy: ActorSchema,
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

export const DriftSchema = z
  .object({
    operationId: z.string().openapi({ description: "The drift-check operation that found it" }),
    foundAt: z.string(),
    changes: z.array(
      z.object({
        urn: z.string(),
        type: z.string(),
        change: z.enum(["update", "delete"]).openapi({ description: "update: properties differ in the cloud; delete: the resource is gone from the cloud" }),
        properties: z.array(z.string()),
      }),
    ),
  })
  .openapi("Drift");
export const JobStateSchema = z
  .object({
    id: z.string().openapi({ description: "The job's key in the deployment: what /v1/deployments/{name}/jobs/{job} names" }),
    service: z.enum(["glue", "flink"]).openapi({ description: "glue: a Glue streaming job; flink: a Managed Service for Apache Flink application" }),
    name: z.string().openapi({ description: "The Glue job's or Flink application's name in AWS" }),
    revision: z.string().openapi({ description: "Hash of what a restart picks up (script and arguments; code and properties)" }),
    state: z.string().openapi({ description: "As AWS reports it now (Glue JobRunState, Flink ApplicationStatus); NOT_STARTED for a Glue job without runs, NOT_FOUND when it is gone, UNKNOWN when AWS could not be asked in time" }),
    runId: z.string().nullable().openapi({ description: "The Glue run; null for Flink" }),
    startedAt: z.string().nullable(),
    lastError: z.string().nullable().openapi({ description: "Why the last run failed, why the last start after a change failed, or why AWS could not be asked" }),
  })
  .openapi("JobState");

export const JobActionSchema = z
  .object({
    outcome: z.enum(["started", "already-running", "stopping", "already-stopped"]).openapi({ description: "What the call did: a start while running and a stop while stopped do nothing" }),
    job: JobStateSchema,
  })
  .openapi("JobAction");

export const JobParam = z.object({
  name: z.string().max(64).openapi({ param: { name: "name", in: "path" } }),
  job: z.string().max(64).openapi({ param: { name: "job", in: "path" } }),
});

export const ChangelogEntrySchema = z.object({ version: z.string(), changes: z.array(z.string()) }).openapi("ChangelogEntry");

const ResourceRefSchema = z.object({ urn: z.string(), type: z.string() });
const ResourceDiffSchema = z
  .object({
    added: z.array(ResourceRefSchema),
    changed: z.array(ResourceRefSchema.extend({ properties: z.array(z.string()).openapi({ description: "The input property paths that change" }) })),
    removed: z.array(ResourceRefSchema),
    unchanged: z.number().int(),
  })
  .openapi("ResourceDiff");
export const UpgradePlanSchema = z
  .object({
    id: z.string(),
    deployment: z.string(),
    blueprint: z.string(),
    fromVersion: z.string(),
    toVersion: z.string(),
    changes: z.array(ChangelogEntrySchema).openapi({ description: "The changelog entries the upgrade carries" }),
    deploymentUpdatedAt: z.string().openapi({ description: "The deployment's updatedAt the plan was made against: the upgrade is refused once it moved" }),
    baseline: z.string().nullable().openapi({ description: "The operation whose applied plan the diff is against; null when none was kept (a deployment from before versions: every resource shows as added)" }),
    params: Params.openapi({ description: "The params the upgrade applies: the deployment's, resolved again by the new version" }),
    tags: Tags,
    diff: ResourceDiffSchema,
    policy: z.record(z.string(), z.unknown()).openapi({ description: "The policy pack's report on the new version's plan: passed, violations (security, tagging, deployability), notApplicable" }),
    createdAt: z.string(),
    links: z.object({ upgrade: z.string() }),
  })
  .openapi("UpgradePlan");
export const UpgradeBody = z.object({ planId: z.string().min(1).max(64).openapi({ description: "The id of the upgrade plan to apply" }) }).strict().openapi("UpgradeRequest");

export const DeploymentSchema = z
  .object({
    name: z.string(),
    team: z.string().openapi({ description: "The team that owns the deployment" }),
    blueprint: z.string(),
    region: z.string(),
    blueprintVersion: z.string().openapi({ description: "The blueprint version the deployment was last applied with (the create's until then); its params are resolved by that version, defaults filled in" }),
    upgradeAvailable: z
      .union([z.object({ from: z.string(), to: z.string(), changes: z.array(ChangelogEntrySchema) }), z.null()])
      .openapi({ description: "When this release runs a newer version of the blueprint: from → to and the changelog between. Review it with upgrade-plan; ordinary updates are refused until it is applied" }),
    status: z.enum(DEPLOYMENT_STATUSES),
    params: Params.openapi({ description: "The params of the last create or update that succeeded (the create's until then), every default filled in by its blueprint version" }),
    tags: Tags,
    outputs: z.record(z.string(), z.unknown()).openapi({ description: 'Stack outputs; secrets show as "[secret]"' }),
    lastError: z
      .object({ title: z.string(), detail: z.string(), operationId: z.string(), at: z.string() })
      .nullable()
      .openapi({ description: "Why the last create, update or destroy did not succeed; null once one succeeds" }),
    // A union, not .nullable(): the generator renders a nullable component as allOf [$ref, null],
    // which no value satisfies when null; anyOf says what the server sends.
    drift: z.union([DriftSchema, z.null()]).openapi({ description: "What the last drift check found; null when it found nothing, or a create, update or refresh reconciled the stack since" }),
    expiry: z
      .object({
        expiresAt: z.string(),
        reminder: z.object({ at: z.string() }).nullable().openapi({ description: "Recorded once SLIPSTREAM_EXPIRY_REMINDER_MS before expiresAt" }),
        destroyQueuedAt: z.string().nullable().openapi({ description: "When the expiry queued its destroy; it is queued once, a failed one leaves the deployment destroy_failed" }),
      })
      .nullable()
      .openapi({ description: "When the deployment is destroyed on its own; null when never" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    actions: z.record(z.string(), z.boolean()).openapi({ description: "What may be done now" }),
    recentOperations: z.array(OperationSchema).optional(),
    jobs: z
      .array(JobStateSchema)
      .optional()
      .openapi({ description: "The streaming jobs the deployment declares, read live from AWS (single-deployment view only; UNKNOWN with the error when AWS does not answer in time)" }),
  })
  .openapi("Deployment");

export const AcceptedSchema = z.object({ deployment: DeploymentSchema, operation: OperationSchema }).openapi("Accepted");

export const PreviewScopeSchema = z
  .object({
    blueprint: z.string(),
    fromVersion: z.string().openapi({ description: "The blueprint version the deployment was applied with" }),
    toVersion: z.string().openapi({ description: "The version the preview runs: this release's. Newer than fromVersion when an upgrade is available, and then the preview shows it" }),
    changes: z.array(ChangelogEntrySchema).openapi({ description: "The changelog entries between fromVersion and toVersion; empty when they are the same" }),
    params: z
      .array(
        z.object({
          path: z.string().openapi({ description: "The property path in the request, e.g. params.indexer.memoryMiB" }),
          before: z.unknown().optional().openapi({ description: "The applied value; absent when the applied request has none" }),
          after: z.unknown().optional().openapi({ description: "The value the preview runs; absent when it has none" }),
        }),
      )
      .openapi({ description: "Where the request the preview runs (the deployment's, resolved by toVersion) differs from the one applied" }),
    diff: z.union([ResourceDiffSchema, z.null()]).openapi({ description: "On a version change: toVersion's plan against the plan last applied, as upgrade-plan shows it; null at the current version" }),
  })
  .openapi("PreviewScope");

export const PreviewAcceptedSchema = AcceptedSchema.extend({
  scope: PreviewScopeSchema.openapi({ description: "What the preview runs beyond what the deployment was applied with, as of queuing" }),
}).openapi("PreviewAccepted");

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


export const TeamSchema = z.object({ name: z.string(), createdAt: z.string(), createdBy: z.string().openapi({ description: "Id of the token that created it" }) }).openapi("Team");

export const CreateTeamBody = z.object({ name: teamName().openapi({ example: "orders" }) }).strict().openapi("CreateTeam");

const TokenFields = {
  id: z.string().openapi({ description: "Names the token in lists, audit entries and operations; not a credential" }),
  team: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  status: z.enum(["active", "expired", "revoked"]),
  createdAt: z.string(),
  createdBy: z.string().openapi({ description: "Id of the token that created it" }),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
};
export const TokenSchema = z.object(TokenFields).openapi("Token");
export const CreatedTokenSchema = z
  .object({ ...TokenFields, token: z.string().openapi({ description: "The secret, `sst_` and 43 base64url characters. Shown this once: only its SHA-256 is kept", example: "sst_…" }) })
  .openapi("CreatedToken");

export const CreateTokenBody = z
  .object({
    name: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._@:-]*$/, "letters, digits and . _ @ : -, starting with a letter or digit")
      .openapi({ description: "Who or what holds it; shown in audit entries, operations and the engine's update messages", example: "orders-ci" }),
    role: z.enum(ROLES).openapi({ description: "viewer reads; deployer also creates, changes and destroys the team's deployments; admin also manages the team's tokens and reads its audit" }),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ description: "When the token stops working (ISO 8601, in the future); never when absent" }),
  })
  .strict()
  .openapi("CreateToken");

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    time: z.string(),
    actor: z.union([ActorSchema, z.null()]).openapi({ description: "Who asked; null when the request carried no valid token" }),
    method: z.string(),
    route: z.string().openapi({ description: "The matched route pattern, e.g. /v1/deployments/:name" }),
    path: z.string(),
    team: z.string().nullable(),
    deployment: z.string().nullable(),
    operation: z.string().nullable(),
    status: z.number().int(),
    outcome: z.enum(["succeeded", "refused", "failed"]),
    requestId: z.string(),
  })
  .openapi("AuditEntry");

export const TeamParam = z.object({ team: z.string().max(64).openapi({ param: { name: "team", in: "path" } }) });

export const NameParam = z.object({ name: z.string().max(64).openapi({ param: { name: "name", in: "path" } }) });
export const IdParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });
export const BlueprintParam = z.object({ id: z.string().max(64).openapi({ param: { name: "id", in: "path" } }) });

const WebhookFields = {
  id: z.string(),
  team: z.string(),
  url: z.string(),
  kinds: z.array(z.enum(NOTIFICATION_KINDS)),
  createdAt: z.string(),
  createdBy: z.string().openapi({ description: "Id of the token that created it" }),
};
export const WebhookSchema = z.object(WebhookFields).openapi("Webhook");
export const CreatedWebhookSchema = z
  .object({
    ...WebhookFields,
    secret: z.string().openapi({ description: "The signing secret, `whsec_` and 43 base64url characters. Shown this once: keep it where the receiver verifies signatures", example: "whsec_…" }),
  })
  .openapi("CreatedWebhook");

export const CreateWebhookBody = z
  .object({
    url: z.string().max(2048).openapi({ description: "Where deliveries are POSTed: https, or http to a loopback host; no credentials; not a link-local or metadata address", example: "https://hooks.example.com/slipstream" }),
    kinds: z
      .array(z.enum(NOTIFICATION_KINDS))
      .min(1, "at least one kind")
      .max(NOTIFICATION_KINDS.length)
      .openapi({ description: "The notification kinds to receive (a ping is sent on request, never subscribed to)" }),
  })
  .strict()
  .openapi("CreateWebhook");

export const DeliveryAttemptSchema = z
  .object({
    time: z.string(),
    status: z.number().int().nullable().openapi({ description: "The receiver's HTTP status; null when no response came" }),
    error: z.string().nullable().openapi({ description: "Why it did not count as delivered; null for a 2xx" }),
    durationMs: z.number().int(),
  })
  .openapi("DeliveryAttempt");

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: "Sent as Slipstream-Delivery-Id" }),
    webhook: z.string(),
    event: z
      .object({ id: z.string(), kind: z.enum(DELIVERY_KINDS), time: z.string(), team: z.string(), deployment: z.string().nullable(), data: z.record(z.string(), z.unknown()) })
      .openapi({ description: "The JSON body the receiver gets (its id is Slipstream-Event-Id)" }),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.array(DeliveryAttemptSchema).openapi({ description: "Every attempt, oldest first" }),
    nextAttemptAt: z.string().nullable().openapi({ description: "When the next attempt is due; null once it succeeded or failed" }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("Delivery");
