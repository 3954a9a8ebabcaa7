import { z } from "zod";
import type { AwsService, DeploymentNeeds } from "../aws-services";
import { sizingFor } from "../building-blocks/sizing";
import type { Environment } from "../environment";
import { requestSchema } from "../request";
import { keyPolicyRequirements, type KeyService } from "../building-blocks/kms-key";
import { arn, encryptionSchema, flinkApplicationFields, notificationsSchema, refineSearchSizing, s3BufferingFields, searchDomainFields } from "../schema-fragments";

export const LOG_FORMATS = ["cloudfront", "alb", "vpc-flow", "json-lines"] as const;

/** What the deployment key serves: always, and what each option adds. */
export const KEY_SERVICES = {
  always: ["logs", "s3", "sqs", "sns", "lambda", "firehose", "es", "cloudwatch"],
  anomalyDetection: ["kinesis", "kinesisanalytics"],
  redshift: ["redshift-serverless", "secretsmanager"],
} as const satisfies Record<string, readonly KeyService[]>;

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name");
const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

const source = z
  .object({
    existing: z
      .object({
        bucketName: bucketName.describe("A bucket the caller owns; Slipstream adds an event notification to it"),
        kmsKeyArn: arn.optional().describe("The KMS key the bucket's objects are encrypted with, if SSE-KMS"),
      })
      .strict()
      .optional()
      .describe("Read logs from an existing bucket instead of creating one. Its notification configuration is replaced."),
    prefix: z.string().max(1024).default("").describe("Only objects under this key prefix are forwarded"),
    suffix: z.string().max(1024).default("").describe("Only objects with this key suffix are forwarded (e.g. .gz)"),
  })
  .strict();

const forwarder = z
  .object({
    batchSize: z.number().int().min(1).max(10000).default(10).describe("SQS messages (S3 objects) per invocation"),
    maximumBatchingWindowSeconds: seconds(0, 300).default(5),
    memoryMiB: z.number().int().min(128).max(10240).default(512),
    timeoutSeconds: seconds(1, 900).default(120).describe("The queue's visibility timeout is six times this"),
    maximumConcurrency: z.number().int().min(2).max(1000).optional().describe("Cap on concurrent invocations from the queue"),
  })
  .strict();

const search = z
  .object({
    indexName: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,200}$/, "a lowercase OpenSearch index name").default("access-logs"),
    indexRotation: z.enum(["NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth"]).default("OneDay"),
    ...searchDomainFields,
    bufferingIntervalSeconds: seconds(0, 900).default(60),
  })
  .strict();

const archive = z
  .object({
    prefix: z.string().regex(/^[a-zA-Z0-9!_.*'()/-]*$/, "an S3 key prefix").default("logs/").describe("Parsed records land under <prefix>YYYY/MM/DD/HH/"),
    compression: z.enum(["GZIP", "Snappy", "ZIP", "HADOOP_SNAPPY"]).default("GZIP"),
    ...s3BufferingFields,
  })
  .strict();

const redshift = z
  .object({
    enabled: z.boolean().default(false).describe("Also load parsed records into Redshift Serverless for summaries"),
    database: z.string().regex(/^[a-z_][a-z0-9_]{0,63}$/, "a Redshift database name").default("analytics"),
    table: z.string().regex(/^[a-z_][a-z0-9_.]{0,126}$/, "a Redshift table name").default("access_logs"),
    baseCapacity: z.number().int().min(8).max(512).multipleOf(8).default(8).describe("Redshift Processing Units"),
    subnetIds: z.array(z.string().startsWith("subnet-")).min(3).optional().describe("Private subnets in three AZs; default the account's default VPC"),
    securityGroupIds: z.array(z.string().startsWith("sg-")).optional(),
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
    if (p.forwarder.batchSize > 10 && p.forwarder.maximumBatchingWindowSeconds < 1) {
      ctx.addIssue({ code: "custom", message: "SQS batches over 10 need a batching window of at least 1 second", path: ["forwarder", "maximumBatchingWindowSeconds"] });
    }
  });

export type AccessLogAnalyticsParams = z.infer<typeof accessLogAnalyticsParams>;
/** What a deployment needs from its Region and tags: OpenSearch (zoned by environment) and each option's services. */
export function accessLogAnalyticsNeeds(params: AccessLogAnalyticsParams, environment: Environment): DeploymentNeeds {
  const services: AwsService[] = ["opensearch"];
  if (params.search.dashboards.enabled) services.push("cognito");
  if (params.redshift.enabled) services.push("redshift-serverless");
  if (params.anomalyDetection.enabled) services.push("managed-flink");
  return { services, zones: sizingFor(environment).opensearch.zones };
}

export const accessLogAnalyticsRequest = requestSchema(accessLogAnalyticsParams, {
  needs: accessLogAnalyticsNeeds,
  refine: (request, ctx) => refineSearchSizing(request.params.search, request.tags.environment, ctx, ["params", "search"]),
});
