import { z } from "zod";
import { SEARCH_DOMAIN_DEFAULTS } from "./building-blocks/search-domain-defaults";
import { SEARCH_INSTANCE_TYPE_NAMES, SEARCH_MAX_DATA_NODES, SEARCH_MAX_VOLUME_GIB, SEARCH_MIN_VOLUME_GIB } from "./building-blocks/search-instance-types";
import { searchSizing, searchSizingIssues, type SearchSizingOverrides } from "./building-blocks/search-sizing-rules";
import { sizingFor } from "./building-blocks/sizing";
import type { Environment } from "./environment";
import { FLINK_DEFAULTS } from "./building-blocks/flink-application";
import { KAFKA_CONSUMER_FUNCTION_DEFAULTS, KAFKA_EVENT_SOURCE_DEFAULTS } from "./building-blocks/kafka-defaults";
import { present, whereSet } from "./json-schema/json-paths";
import { publish, type PublishedRule } from "./json-schema/published-rules";
import { dynamodbKeyAttributeName, iamPrincipalArn, kmsKeyArn, s3BucketArn, s3KeyPrefix, s3ObjectKey, snsTopicArn } from "./aws-identifiers";

// Request fields more than one blueprint offers, with the same meaning, bounds, defaults and
// messages everywhere. A blueprint spreads a shape into its own object (its other fields and
// their order stay its own) or uses a whole object where it is the same.

/** A key prefix ending in `/` (Firehose prefixes, Glue output paths). */
export const s3Prefix = s3KeyPrefix;

/** How long and how much Firehose buffers before it writes an S3 object (Firehose's own bounds). */
export const s3BufferingFields = {
  bufferingIntervalSeconds: z.number().int().min(0).max(900).default(300),
  bufferingSizeMiB: z.number().int().min(1).max(128).default(64),
};

// The OpenSearch engine versions OpenSearch Service creates domains with (developer guide,
// "Supported versions of OpenSearch and Elasticsearch"; ListVersions). Slipstream's domains run
// the OpenSearch engine only; legacy Elasticsearch versions were never offered.
const OPENSEARCH_VERSIONS = [
  "OpenSearch_1.0", "OpenSearch_1.1", "OpenSearch_1.2", "OpenSearch_1.3",
  "OpenSearch_2.3", "OpenSearch_2.5", "OpenSearch_2.7", "OpenSearch_2.9", "OpenSearch_2.11", "OpenSearch_2.13", "OpenSearch_2.15", "OpenSearch_2.17", "OpenSearch_2.19",
  "OpenSearch_3.1", "OpenSearch_3.3",
] as const;

/**
 * OpenSearch domain overrides: engine, sizing, administrators and Dashboards sign-in. Sizes
 * default by environment (`sizing.ts`); what the sizing may be is `searchSizingIssues`'s one
 * table of instance types (building-blocks/search-instance-types.ts), checked over the whole
 * request by `refineSearchSizing` because the zones and masters come from the environment tag.
 */
export const searchDomainFields = {
  engineVersion: z.enum(OPENSEARCH_VERSIONS).default(SEARCH_DOMAIN_DEFAULTS.engineVersion),
  instanceType: z.enum(SEARCH_INSTANCE_TYPE_NAMES).optional().describe("Data node type (a gp3 EBS type); default by environment"),
  // `refineSearchSizing` reads the environment tag's sizing profile and the instance type table.
  instanceCount: z
    .number()
    .int()
    .min(1)
    .max(SEARCH_MAX_DATA_NODES)
    .optional()
    .describe("Data nodes; default by environment. Even over 2 zones (staging), at least 3 over 3 zones (prod)")
    .apply(publish, { serverChecks: "the data nodes (this or the environment's default) against the environment's zones and dedicated masters" }),
  volumeGiB: z
    .number()
    .int()
    .min(SEARCH_MIN_VOLUME_GIB)
    .max(SEARCH_MAX_VOLUME_GIB)
    .optional()
    .describe("gp3 EBS volume per node, up to the instance type's maximum; default by environment")
    .apply(publish, { serverChecks: "the volume (this or the environment's default) against the maximum of the instance type (instanceType or the environment's default)" }),
  // An IAM role or user: what fine-grained access control can map (`backend_roles` or `users`).
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

// Managed Service for Apache Flink API reference, CreateApplication: the Flink values of
// RuntimeEnvironment (SQL and Zeppelin runtimes are not Flink applications).
const FLINK_RUNTIMES = ["FLINK-1_6", "FLINK-1_8", "FLINK-1_11", "FLINK-1_13", "FLINK-1_15", "FLINK-1_18", "FLINK-1_19", "FLINK-1_20"] as const;

/** A Managed Flink application's code, runtime and parallelism; `enabled` is the blueprint's own. */
export const flinkApplicationFields = {
  artifact: z
    .object({
      bucketArn: s3BucketArn.describe("Bucket holding the application JAR/ZIP"),
      fileKey: s3ObjectKey.describe("Object key of the artifact"),
      kmsKeyArn: kmsKeyArn.optional().describe("The KMS key the object is encrypted with, if any: the application's role gets kms:Decrypt on it"),
    })
    .strict()
    .optional()
    .describe("The Flink application's code: your own JAR/ZIP (a blueprint that ships a default application uses it when this is absent)"),
  runtime: z.enum(FLINK_RUNTIMES).default(FLINK_DEFAULTS.runtime),
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
  })
  // The mode defaults to on-demand: shardCount needs mode set to provisioned.
  .apply(publish, { expressed: { if: present(["shardCount"]), then: present(["mode"], { const: "provisioned" }) } });

/**
 * A Kafka consumer group name. Each MSK event source joins `<name>-<topic>`, its own group
 * (building-blocks/kafka-consumer-group.ts): Lambda requires a group per mapping.
 */
export const kafkaConsumerGroupId = z.string().regex(/^[a-zA-Z0-9._-]{1,200}$/, "a Kafka consumer group id");

/**
 * A Kafka topic as both Kafka and Lambda take it: 1-249 letters, digits, . _ and -, not
 * starting with a dot (Kafka refuses "." and ".."; Lambda's CreateEventSourceMapping Topics
 * pattern refuses a leading dot).
 */
export const kafkaTopicName = z.string().regex(/^[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,248}$/, "a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -, not starting with a dot)");

/** Distinct topics, each named as Kafka and Lambda take it. */
export const kafkaTopics = z
  .array(kafkaTopicName)
  .refine((topics) => new Set(topics).size === topics.length, "topics must be distinct")
  .apply(publish, { expressed: { uniqueItems: true } });

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

/** Who the alarms notify: email subscriptions to the deployment's topic, or the caller's own topic. */
export const notificationFields = {
  emails: z.array(z.email()).max(20).default([]).describe("Addresses notified by the alarms"),
  existingTopicArn: snsTopicArn
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

/** `emailsNeedOwnTopic` for the published schema (emails default to none). */
export const emailsNeedOwnTopicRule: PublishedRule = { expressed: { if: present(["existingTopicArn"]), then: whereSet(["emails"], { type: "array", maxItems: 0 }) } };

export const notificationsSchema = z.object(notificationFields).strict().superRefine(emailsNeedOwnTopic).apply(publish, emailsNeedOwnTopicRule).prefault({});

/** A DynamoDB key attribute: its name (1-255 characters) and scalar type. */
export const dynamodbKeyAttribute = z
  .object({
    name: dynamodbKeyAttributeName.describe("Attribute name"),
    type: z.enum(["S", "N", "B"]).default("S").describe("Attribute type: S (string), N (number) or B (binary)"),
  })
  .strict();

/** `distinctKeyNames` for the published schema: a JSON Schema cannot compare two values. */
export const distinctKeyNamesRule: PublishedRule = { serverChecks: "that the sort key's name differs from the partition key's" };

/** CreateTable refuses a key schema whose partition and sort keys share a name; the issue names the sort key. */
export function distinctKeyNames(keys: { partitionKey: { name: string }; sortKey?: { name: string } | undefined }, ctx: z.RefinementCtx): void {
  if (keys.sortKey !== undefined && keys.sortKey.name === keys.partitionKey.name) {
    ctx.addIssue({ code: "custom", message: "the sort key must have another name than the partition key", path: ["sortKey", "name"] });
  }
}
