import { z } from "zod";
import { SEARCH_DOMAIN_DEFAULTS } from "./building-blocks/search-domain-defaults";
import { SEARCH_INSTANCE_TYPE_NAMES, SEARCH_MAX_DATA_NODES, SEARCH_MAX_VOLUME_GIB, SEARCH_MIN_VOLUME_GIB } from "./building-blocks/search-instance-types";
import { searchSizing, searchSizingIssues, type SearchSizingOverrides } from "./building-blocks/search-sizing-rules";
import { sizingFor } from "./building-blocks/sizing";
import type { Environment } from "./environment";
import { FLINK_DEFAULTS } from "./building-blocks/flink-application";
import { KAFKA_CONSUMER_FUNCTION_DEFAULTS, KAFKA_EVENT_SOURCE_DEFAULTS } from "./building-blocks/kafka-defaults";

// Request fields more than one blueprint offers, with the same meaning, bounds, defaults and
// messages everywhere. A blueprint spreads a shape into its own object (its other fields and
// their order stay its own) or uses a whole object where it is the same.

export const arn = z.string().regex(/^arn:aws[a-z-]*:/, "an ARN");

/** A key prefix ending in `/` (Firehose prefixes, Glue output paths). */
export const s3Prefix = z.string().regex(/^([a-zA-Z0-9!_.*'()-]+\/)+$/, "an S3 key prefix ending in /");

/** How long and how much Firehose buffers before it writes an S3 object (Firehose's own bounds). */
export const s3BufferingFields = {
  bufferingIntervalSeconds: z.number().int().min(0).max(900).default(300),
  bufferingSizeMiB: z.number().int().min(1).max(128).default(64),
};

/** An IAM role or user: what fine-grained access control can map (`backend_roles` or `users`). */
const iamPrincipalArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/, "an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)");

/**
 * OpenSearch domain overrides: engine, sizing, administrators and Dashboards sign-in. Sizes
 * default by environment (`sizing.ts`); what the sizing may be is `searchSizingIssues`'s one
 * table of instance types (building-blocks/search-instance-types.ts), checked over the whole
 * request by `refineSearchSizing` because the zones and masters come from the environment tag.
 */
export const searchDomainFields = {
  engineVersion: z.string().regex(/^OpenSearch_\d+\.\d+$/, "like OpenSearch_2.19").default(SEARCH_DOMAIN_DEFAULTS.engineVersion),
  instanceType: z.enum(SEARCH_INSTANCE_TYPE_NAMES).optional().describe("Data node type (a gp3 EBS type); default by environment"),
  instanceCount: z.number().int().min(1).max(SEARCH_MAX_DATA_NODES).optional().describe("Data nodes; default by environment. Even over 2 zones (staging), at least 3 over 3 zones (prod)"),
  volumeGiB: z.number().int().min(SEARCH_MIN_VOLUME_GIB).max(SEARCH_MAX_VOLUME_GIB).optional().describe("gp3 EBS volume per node, up to the instance type's maximum; default by environment"),
  masterUserArn: iamPrincipalArn
    .optional()
    .describe(
      "An IAM role or user that administers the domain: it is admitted by the access policy and mapped to all_access and security_manager. The domain's own master user is a role the deployment owns, which maps the writers and this principal when the deployment runs",
    ),
  dashboards: z
    .object({
      enabled: z.boolean().default(false).describe("People sign in to OpenSearch Dashboards through a Cognito user pool the deployment creates; an administrator adds them to the pool"),
      mfa: z.enum(["required", "optional"]).default(SEARCH_DOMAIN_DEFAULTS.dashboardsMfa).describe("TOTP multi-factor sign-in"),
    })
    .strict()
    .prefault({})
    .describe("Human access to OpenSearch Dashboards (default off: only the writers and masterUserArn reach the domain)"),
};

/**
 * The domain sizing a request asks for (its overrides over the environment's profile), checked
 * against what CreateDomain accepts; each issue names the field under `path`.
 */
export function refineSearchSizing(
  overrides: SearchSizingOverrides,
  environment: Environment,
  ctx: z.RefinementCtx,
  path: readonly (string | number)[],
): void {
  for (const issue of searchSizingIssues(searchSizing(sizingFor(environment).opensearch, overrides))) {
    // Masters come from the environment; only the data-node count a request sets can break their rules.
    const field = issue.field === "dedicatedMaster" ? "instanceCount" : issue.field;
    ctx.addIssue({ code: "custom", message: `${issue.message} (environment ${environment})`, path: [...path, field] });
  }
}

/** A Managed Flink application's code, runtime and parallelism; `enabled` is the blueprint's own. */
export const flinkApplicationFields = {
  artifact: z
    .object({
      bucketArn: arn.describe("Bucket holding the application JAR/ZIP"),
      fileKey: z.string().min(1).describe("Object key of the artifact"),
      kmsKeyArn: arn.optional().describe("The KMS key the object is encrypted with, if any: the application's role gets kms:Decrypt on it"),
    })
    .strict()
    .optional()
    .describe("The Flink application's code: your own JAR/ZIP (a blueprint that ships a default application uses it when this is absent)"),
  runtime: z.string().regex(/^FLINK-\d+_\d+$/, "like FLINK-1_20").default(FLINK_DEFAULTS.runtime),
  parallelism: z.number().int().min(1).max(256).default(FLINK_DEFAULTS.parallelism),
};

/** A Kinesis data stream's capacity and retention (see `capacityOf` in building-blocks/stream.ts). */
export const streamCapacity = z
  .object({
    mode: z.enum(["on-demand", "provisioned"]).default("on-demand"),
    shardCount: z.number().int().min(1).max(500).optional().describe("Shards when provisioned; default by environment"),
    retentionHours: z.number().int().min(168).max(8760).default(168).describe("At least 168 hours (Kinesis.3)"),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.mode === "on-demand" && s.shardCount !== undefined) {
      ctx.addIssue({ code: "custom", message: "shardCount applies to provisioned mode only", path: ["shardCount"] });
    }
  });

/**
 * A Kafka consumer group name. Each MSK event source joins `<name>-<topic>`, its own group
 * (building-blocks/kafka-consumer-group.ts): Lambda requires a group per mapping.
 */
export const kafkaConsumerGroupId = z.string().regex(/^[a-zA-Z0-9._-]{1,200}$/, "a Kafka consumer group id");

/**
 * An MSK event source's batching, bounded failure handling and pollers, with the defaults
 * building-blocks/kafka-event-source.ts applies (`KAFKA_EVENT_SOURCE_DEFAULTS`); the bounds
 * are the Lambda API's (CreateEventSourceMapping, ProvisionedPollerConfig).
 */
export const kafkaEventSourceFields = {
  batchSize: z.number().int().min(1).max(10000).default(KAFKA_EVENT_SOURCE_DEFAULTS.batchSize),
  maximumRetryAttempts: z.number().int().min(0).max(10).default(KAFKA_EVENT_SOURCE_DEFAULTS.maximumRetryAttempts),
  maximumRecordAgeSeconds: z.number().int().min(60).max(604800).default(KAFKA_EVENT_SOURCE_DEFAULTS.maximumRecordAgeSeconds),
  maximumPollers: z.number().int().min(1).max(2000).default(KAFKA_EVENT_SOURCE_DEFAULTS.maximumPollers),
};

/** The Lambda function behind MSK event sources (`KAFKA_CONSUMER_FUNCTION_DEFAULTS`; Lambda quotas bound both). */
export const kafkaConsumerFunctionFields = {
  memoryMiB: z.number().int().min(128).max(10240).default(KAFKA_CONSUMER_FUNCTION_DEFAULTS.memoryMiB),
  timeoutSeconds: z.number().int().min(10).max(900).default(KAFKA_CONSUMER_FUNCTION_DEFAULTS.timeoutSeconds),
};

const kmsKeyArn = z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias");

/**
 * `encryption`: bring a customer-managed key instead of the one a deployment creates.
 * `keyPolicy` says what that key's policy must allow (`keyPolicyRequirements` of the
 * blueprint's services).
 */
export function encryptionSchema(keyPolicy: string) {
  return z
    .object({
      kmsKeyArn: kmsKeyArn
        .optional()
        .describe(
          `An existing customer-managed key that encrypts everything the deployment creates; default: a new key per deployment (rotation on). Its key policy must allow ${keyPolicy}.`,
        ),
    })
    .strict()
    .prefault({});
}

const topicArn = z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]{1,256}(\.fifo)?$/, "an SNS topic ARN");

/** Who the alarms notify: email subscriptions to the deployment's topic, or the caller's own topic. */
export const notificationFields = {
  emails: z.array(z.email()).max(20).default([]).describe("Addresses notified by the alarms"),
  existingTopicArn: topicArn
    .optional()
    .describe(
      "An SNS topic the caller runs; the alarms notify it and no topic is created. Its policy must let cloudwatch.amazonaws.com publish (and its key, if encrypted, let CloudWatch use it). Subscribe addresses to it directly: emails must then be empty.",
    ),
};

/** Refuses `emails` with `existingTopicArn`: Slipstream does not subscribe addresses to a topic it does not own. */
export function emailsNeedOwnTopic(n: { emails: string[]; existingTopicArn?: string | undefined }, ctx: z.RefinementCtx): void {
  if (n.existingTopicArn !== undefined && n.emails.length > 0) {
    ctx.addIssue({ code: "custom", message: "emails are subscribed to the topic a deployment creates; with existingTopicArn, subscribe them to that topic directly and leave emails empty", path: ["emails"] });
  }
}

export const notificationsSchema = z.object(notificationFields).strict().superRefine(emailsNeedOwnTopic).prefault({});
