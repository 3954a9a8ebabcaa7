import { z } from "zod";
import type { AwsService, DeploymentNeeds } from "../aws-services";
import { sizingFor } from "../building-blocks/sizing";
import type { Environment } from "../environment";
import { present, whereSet } from "../json-schema/json-paths";
import { publish } from "../json-schema/published-rules";
import { requestSchema } from "../request";
import { serviceTagSchema } from "../tags";
import { SQS_EVENT_SOURCE_DEFAULTS } from "../building-blocks/event-source";
import { keyPolicyRequirements, type KeyService } from "../building-blocks/kms-key";
import { firehosePrefixMax, kmsKeyArn, redshiftDatabaseName, redshiftTableName, s3BucketName, s3KeyPart, securityGroupId, subnetId } from "../aws-identifiers";
import { encryptionSchema, flinkApplicationFields, notificationsSchema, refineSearchSizing, s3BufferingFields, searchDomainFields } from "../schema-fragments";

import { LOG_FORWARDER_DEFAULTS } from "./forwarder-defaults";

export const LOG_FORMATS = ["cloudfront", "alb", "vpc-flow", "json-lines"] as const;

/** What the deployment key serves: always, and what each option adds. */
export const KEY_SERVICES = {
  always: ["logs", "s3", "sqs", "sns", "lambda", "firehose", "es", "cloudwatch"],
  anomalyDetection: ["kinesis", "kinesisanalytics"],
  redshift: ["redshift-serverless", "secretsmanager"],
  /** A caller's bucket announces objects through EventBridge into the encrypted queue. */
  existingSource: ["events"],
  /** VPC Flow Logs and CloudFront deliver into the SSE-KMS log bucket through AWS log delivery. */
  logDelivery: ["delivery-logs"],
} as const satisfies Record<string, readonly KeyService[]>;

const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

const source = z
  .object({
    existing: z
      .object({
        bucketName: s3BucketName.describe(
          "A bucket the caller owns. Slipstream never changes it: turn on its Amazon EventBridge notifications (S3 console → Properties → Event notifications → Amazon EventBridge: On, or put-bucket-notification-configuration with EventBridgeConfiguration added to what is there); the deployment adds an EventBridge rule for its Object Created events",
        ),
        kmsKeyArn: kmsKeyArn.optional().describe("The KMS key the bucket's objects are encrypted with, if SSE-KMS"),
      })
      .strict()
      .optional()
      .describe("Read logs from an existing bucket instead of creating one; its producer's delivery grants and notifications stay the caller's."),
    prefix: s3KeyPart.default("").describe("Only objects under this key prefix are forwarded"),
    suffix: s3KeyPart.default("").describe("Only objects with this key suffix are forwarded (e.g. .gz)"),
    cloudFrontLogging: z
      .enum(["v2", "legacy"])
      .default("v2")
      .describe(
        "For logFormat cloudfront with a bucket Slipstream creates: how the distribution delivers. v2 (standard logging v2, through CloudWatch log delivery) keeps ACLs off; legacy needs ACLs on the bucket (S3 Object Ownership BucketOwnerPreferred)",
      ),
  })
  .strict();

const forwarder = z
  .object({
    batchSize: z.number().int().min(1).max(10000).default(SQS_EVENT_SOURCE_DEFAULTS.batchSize).describe("SQS messages (S3 objects) per invocation"),
    maximumBatchingWindowSeconds: seconds(0, 300).default(SQS_EVENT_SOURCE_DEFAULTS.maximumBatchingWindowSeconds),
    memoryMiB: z.number().int().min(128).max(10240).default(LOG_FORWARDER_DEFAULTS.memoryMiB),
    timeoutSeconds: seconds(1, 900)
      .default(LOG_FORWARDER_DEFAULTS.timeoutSeconds)
      .describe("The queue's visibility timeout is six times this plus the batching window"),
    maximumConcurrency: z.number().int().min(2).max(1000).optional().describe("Cap on concurrent invocations from the queue"),
  })
  .strict();

const search = z
  .object({
    // Firehose's OpenSearch destination takes index names of 1-80 characters (Firehose API
    // reference, AmazonopensearchserviceDestinationConfiguration: IndexName); rotation appends the date.
    indexName: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, "a lowercase OpenSearch index name of at most 80 characters").default("access-logs"),
    indexRotation: z.enum(["NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth"]).default("OneDay"),
    ...searchDomainFields,
    bufferingIntervalSeconds: seconds(0, 900).default(60),
  })
  .strict();

/** The date partitions Firehose writes parsed records under, after the archive prefix. */
export const ARCHIVE_DATE_PARTITIONS = "!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/";

const archive = z
  .object({
    prefix: s3KeyPart.max(firehosePrefixMax(ARCHIVE_DATE_PARTITIONS)).default("logs/").describe("Parsed records land under <prefix>YYYY/MM/DD/HH/"),
    compression: z.enum(["GZIP", "Snappy", "ZIP", "HADOOP_SNAPPY"]).default("GZIP"),
    ...s3BufferingFields,
  })
  .strict();

const redshift = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe("Also load the archive into a Redshift Serverless table (auto-copy from S3; the archive must be GZIP under a non-empty prefix)"),
    database: redshiftDatabaseName.default("analytics"),
    table: redshiftTableName
      .default("access_logs")
      .describe("Created by the deployment with the columns of the log format"),
    baseCapacity: z.number().int().min(8).max(512).multipleOf(8).default(8).describe("Redshift Processing Units"),
    subnetIds: z
      .array(subnetId)
      .min(3)
      .optional()
      .describe("Private subnets in three AZs, with a route to S3 (gateway endpoint or NAT); default a new VPC. Give securityGroupIds with them"),
    securityGroupIds: z.array(securityGroupId).min(1).optional().describe("The workgroup's security groups; required with subnetIds"),
  })
  .strict();

const anomalyDetection = z
  .object({
    enabled: z.boolean().default(false).describe("Stream records to a Kinesis stream read by a Managed Flink application"),
    ...flinkApplicationFields,
  })
  .strict();

export const accessLogAnalyticsParams = z
  .object({
    logFormat: z.enum(LOG_FORMATS).default("json-lines").describe("How the forwarder parses each log line"),
    source: source.prefault({}),
    forwarder: forwarder.prefault({}),
    search: search.prefault({}),
    archive: archive.prefault({}),
    redshift: redshift.prefault({}),
    anomalyDetection: anomalyDetection.prefault({}),
    notifications: notificationsSchema,
    encryption: encryptionSchema(keyPolicyRequirements(Object.values(KEY_SERVICES).flat())),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.anomalyDetection.enabled && !p.anomalyDetection.artifact) {
      ctx.addIssue({ code: "custom", message: "anomaly detection needs the Flink application's artifact (bucketArn and fileKey)", path: ["anomalyDetection", "artifact"] });
    }
    refineRedshift(p, ctx);
    if (p.forwarder.batchSize > 10 && p.forwarder.maximumBatchingWindowSeconds < 1) {
      ctx.addIssue({ code: "custom", message: "SQS batches over 10 need a batching window of at least 1 second", path: ["forwarder", "maximumBatchingWindowSeconds"] });
    }
  })
  .apply(publish, {
    expressed: {
      allOf: [
        { if: present(["anomalyDetection", "enabled"], { const: true }), then: present(["anomalyDetection", "artifact"]) },
        { if: present(["redshift", "enabled"], { const: true }), then: redshiftNeeds() },
        // The batch size's default is 10 and the window's 5: a window set below 1 is what breaks it.
        { if: present(["forwarder", "batchSize"], { type: "integer", exclusiveMinimum: 10 }), then: whereSet(["forwarder", "maximumBatchingWindowSeconds"], { type: "integer", minimum: 1 }) },
      ],
    },
  });

/** `refineRedshift`'s rules as JSON Schema: what an enabled Redshift load needs (compression defaults to GZIP, the prefix to logs/). */
function redshiftNeeds() {
  return {
    allOf: [
      whereSet(["redshift"], { type: "object", dependentRequired: { subnetIds: ["securityGroupIds"], securityGroupIds: ["subnetIds"] } }),
      whereSet(["archive", "compression"], { const: "GZIP" }),
      whereSet(["archive", "prefix"], { type: "string", pattern: "/$" }),
    ],
  };
}

export type AccessLogAnalyticsParams = z.infer<typeof accessLogAnalyticsParams>;

/** What the Redshift load needs from the rest of the request (warehouse/archive-load.ts). */
function refineRedshift(p: Pick<AccessLogAnalyticsParams, "redshift" | "archive">, ctx: z.RefinementCtx): void {
  if (!p.redshift.enabled) return;
  if ((p.redshift.subnetIds === undefined) !== (p.redshift.securityGroupIds === undefined)) {
    const missing = p.redshift.subnetIds === undefined ? "subnetIds" : "securityGroupIds";
    ctx.addIssue({ code: "custom", message: "subnetIds and securityGroupIds go together: name both, or neither for a new VPC", path: ["redshift", missing] });
  }
  // COPY reads GZIP, BZIP2, LZOP and ZSTD, not Firehose's Snappy or ZIP (Redshift COPY, file compression parameters).
  if (p.archive.compression !== "GZIP") {
    ctx.addIssue({ code: "custom", message: "the Redshift load reads GZIP archives only (COPY cannot read Snappy or ZIP)", path: ["archive", "compression"] });
  }
  // The load takes every object under the archive prefix; without one it would also take Firehose's errors/ and OpenSearch's failed/ objects.
  if (p.archive.prefix === "" || !p.archive.prefix.endsWith("/")) {
    ctx.addIssue({ code: "custom", message: "the Redshift load needs an archive prefix of its own, ending in / (e.g. logs/)", path: ["archive", "prefix"] });
  }
}
/** What a deployment needs from its Region and tags: OpenSearch (zoned by environment) and each option's services. */
export function accessLogAnalyticsNeeds(params: AccessLogAnalyticsParams, environment: Environment): DeploymentNeeds {
  const services: AwsService[] = ["opensearch"];
  if (params.search.dashboards.enabled) services.push("cognito");
  if (params.redshift.enabled) services.push("redshift-serverless");
  if (params.anomalyDetection.enabled) services.push("managed-flink");
  // The Redshift load builds its own three-zone VPC unless the request names subnets.
  const warehouseZones = params.redshift.enabled && params.redshift.subnetIds === undefined ? 3 : 1;
  return { services, zones: Math.max(sizingFor(environment).opensearch.zones, warehouseZones) as DeploymentNeeds["zones"] };
}

export const accessLogAnalyticsRequest = requestSchema(accessLogAnalyticsParams, {
  needs: accessLogAnalyticsNeeds,
  refine: (request, ctx) => refineSearchSizing(request.params.search, request.tags.environment, ctx, ["params", "search"]),
})
  // The services of `accessLogAnalyticsNeeds` whose tag rules are stricter than AWS's (tags.ts):
  // OpenSearch always, Redshift Serverless with the Redshift load.
  .apply(publish, {
    expressed: {
      allOf: [
        { properties: { tags: serviceTagSchema("opensearch") } },
        { if: present(["params", "redshift", "enabled"], { const: true }), then: { properties: { tags: serviceTagSchema("redshift-serverless") } } },
      ],
    },
  });
