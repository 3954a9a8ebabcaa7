import { z } from "zod";
import { GLUE_JOB_KINDS, GLUE_WORKERS } from "../building-blocks/glue-job";
import { KAFKA_EVENT_SOURCE_DEFAULTS } from "../building-blocks/kafka-defaults";
import type { AwsService, DeploymentNeeds } from "../aws-services";
import { hasAll, present, whereSet } from "../json-schema/json-paths";
import { publish } from "../json-schema/published-rules";
import { requestSchema } from "../request";
import { FLINK_DEFAULTS } from "../building-blocks/flink-application";
import { checkDefaultFlinkApp, flinkAggregation } from "./flink-schema";
import { keyPolicyRequirements, type KeyService } from "../building-blocks/kms-key";
import { firehosePrefixMax, mskClusterArn, securityGroupId } from "../aws-identifiers";
import { glueColumnType } from "../glue-column-type";
import {
  distinctKeyNames,
  distinctKeyNamesRule,
  dynamodbKeyAttribute,
  emailsNeedOwnTopic,
  emailsNeedOwnTopicRule,
  encryptionSchema,
  flinkApplicationFields,
  kafkaConsumerFunctionFields,
  kafkaConsumerGroupId,
  kafkaEventSourceFields,
  kafkaTopics,
  notificationFields,
  s3BufferingFields,
  s3Prefix,
  streamCapacity,
} from "../schema-fragments";

/** What the deployment key serves: always, and what each option adds. */
export const KEY_SERVICES = {
  always: ["logs", "kinesis", "firehose", "s3", "glue", "sns", "cloudwatch"],
  flink: ["kinesisanalytics", "dynamodb"],
  bridge: ["lambda", "sqs", "kafka"],
} as const satisfies Record<string, readonly KeyService[]>;


const column = z
  .object({
    name: z.string().regex(/^[a-z_][a-z0-9_]{0,254}$/, "a lowercase column name"),
    type: glueColumnType,
  })
  .strict();

const records = z
  .object({
    columns: z
      .array(column)
      .min(1)
      .max(200)
      .default([
        { name: "event_id", type: "string" },
        { name: "event_type", type: "string" },
        { name: "event_time", type: "string" },
        { name: "payload", type: "string" },
      ])
      .refine((columns) => new Set(columns.map((c) => c.name)).size === columns.length, "column names must be distinct")
      // uniqueItems compares whole columns, not their names.
      .apply(publish, { serverChecks: "that column names are distinct, and (with the default Flink application) that the fields it reads fit its runtime property" })
      .describe("The JSON fields of a stream record, as the Glue table over the stream declares them"),
  })
  .strict();

const bridge = z
  .object({
    enabled: z.boolean().default(false).describe("Bridge topics of an MSK cluster the caller runs into the stream"),
    clusterArn: mskClusterArn.optional().describe("The caller's MSK cluster (IAM auth), in the deployment's Region; required when enabled"),
    topics: kafkaTopics.max(20).default([]).describe("Topics bridged into the stream; at least one when enabled"),
    consumerGroupId: kafkaConsumerGroupId.optional().describe("Consumer group name; each topic's event source joins <name>-<topic>, which must be unique among the account's Kafka event sources. Default slipstream-<deployment>-bridge"),
    clusterSecurityGroupId: securityGroupId
      .optional()
      .describe(
        "The cluster's security group. Lambda's event pollers run with the cluster's subnets and groups: the deployment adds a rule admitting the group to itself on TCP 9098 and HTTPS egress to it. Without it, the group must already allow both. The bridge function itself runs outside any VPC",
      ),
    startingPosition: z.enum(["TRIM_HORIZON", "LATEST"]).default(KAFKA_EVENT_SOURCE_DEFAULTS.startingPosition),
    ...kafkaEventSourceFields,
    ...kafkaConsumerFunctionFields,
  })
  .strict();

const flink = z
  .object({
    enabled: z.boolean().default(true).describe("Analyse the stream with Managed Service for Apache Flink, results into the DynamoDB serving table"),
    ...flinkApplicationFields,
    aggregation: flinkAggregation.prefault({}).describe("What the default application (no artifact) keeps per key and window; ignored with your own artifact"),
  })
  .strict();

const servingTable = z
  .object({
    partitionKey: dynamodbKeyAttribute.default({ name: "pk", type: "S" }),
    sortKey: dynamodbKeyAttribute.optional(),
  })
  .strict()
  .superRefine(distinctKeyNames)
  .apply(publish, distinctKeyNamesRule, { serverChecks: "(with the default Flink application) that the items' attributes do not repeat, and that an N partition key has a numeric groupBy field" });

/** The hourly partitions Firehose writes the stream's records under, after the raw prefix. */
export const HOURLY_PARTITIONS = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

const lake = z
  .object({
    rawPrefix: s3Prefix.max(firehosePrefixMax(HOURLY_PARTITIONS)).default("raw/").describe("Firehose writes the stream's records under <rawPrefix>year=/month=/day=/hour=/"),
    parquetPrefix: s3Prefix
      .default("parquet/")
      .describe("The Glue streaming job writes Parquet under <parquetPrefix>year=/month=/day=/")
      .apply(publish, { serverChecks: "that it differs from rawPrefix" }),
    ...s3BufferingFields,
  })
  .strict();

const streamingJob = z
  .object({
    glueVersion: z.enum(GLUE_JOB_KINDS.gluestreaming.versions).default(GLUE_JOB_KINDS.gluestreaming.defaults.glueVersion).describe("Glue versions documented for streaming jobs"),
    workerType: z.enum(GLUE_JOB_KINDS.gluestreaming.workerTypes).default(GLUE_JOB_KINDS.gluestreaming.defaults.workerType).describe("G.025X: the small worker for low-volume streams (streaming jobs only)"),
    numberOfWorkers: z.number().int().min(GLUE_WORKERS.min).max(GLUE_WORKERS.max).default(GLUE_JOB_KINDS.gluestreaming.defaults.numberOfWorkers),
    windowSeconds: z.number().int().min(10).max(3600).default(100).describe("How often a batch of Parquet is written"),
  })
  .strict();

const alarms = z
  .object({
    iteratorAgeSeconds: z.number().int().min(1).max(604800).default(60).describe("Alarm when the oldest unread record is older than this"),
    ...notificationFields,
  })
  .strict()
  .superRefine(emailsNeedOwnTopic)
  .apply(publish, emailsNeedOwnTopicRule);

export const serverlessStreamingPipelineParams = z
  .object({
    stream: streamCapacity.prefault({}).describe("The Kinesis data stream every record enters"),
    records: records.prefault({}).describe("The shape of a stream record"),
    bridge: bridge.prefault({}).describe("Optional Kafka bridge from the caller's MSK cluster (off by default)"),
    flink: flink.prefault({}).describe("The Managed Flink application analysing the stream"),
    servingTable: servingTable.prefault({}).describe("The DynamoDB table Flink writes results to"),
    lake: lake.prefault({}).describe("The S3 lake Firehose and the Glue streaming job write to"),
    streamingJob: streamingJob.prefault({}).describe("The Glue streaming job"),
    alarms: alarms.prefault({}).describe("Alarm thresholds and who is notified"),
    encryption: encryptionSchema(keyPolicyRequirements(Object.values(KEY_SERVICES).flat())),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkDefaultFlinkApp(p, ctx);
    if (p.bridge.enabled && p.bridge.clusterArn === undefined) {
      ctx.addIssue({ code: "custom", message: "the Kafka bridge needs the MSK cluster's ARN", path: ["bridge", "clusterArn"] });
    }
    if (p.bridge.enabled && p.bridge.topics.length === 0) {
      ctx.addIssue({ code: "custom", message: "the Kafka bridge needs at least one topic", path: ["bridge", "topics"] });
    }
    if (p.lake.rawPrefix === p.lake.parquetPrefix) {
      ctx.addIssue({ code: "custom", message: "the raw and Parquet prefixes must differ", path: ["lake", "parquetPrefix"] });
    }
  })
  .apply(publish, {
    expressed: {
      allOf: [
        // checkDefaultFlinkApp: Flink is on by default, and the default application runs when no artifact is given.
        {
          if: whereSet(["flink"], { type: "object", properties: { enabled: { const: true } }, not: hasAll("artifact") }),
          then: {
            allOf: [
              whereSet(["flink", "runtime"], { const: FLINK_DEFAULTS.runtime }),
              whereSet(["servingTable", "partitionKey", "type"], { enum: ["S", "N"] }),
              whereSet(["servingTable", "sortKey", "type"], { enum: ["S", "N"] }),
            ],
          },
        },
        { if: present(["bridge", "enabled"], { const: true }), then: present(["bridge"], { allOf: [hasAll("clusterArn", "topics"), whereSet(["topics"], { type: "array", minItems: 1 })] }) },
      ],
    },
  });

export type ServerlessStreamingPipelineParams = z.infer<typeof serverlessStreamingPipelineParams>;
/** What a deployment needs from its Region and tags (region-capabilities.ts, tags.ts): Glue, and Flink and MSK when used. */
export function serverlessStreamingPipelineNeeds(params: ServerlessStreamingPipelineParams): DeploymentNeeds {
  const services: AwsService[] = ["glue"];
  if (params.flink.enabled) services.push("managed-flink");
  if (params.bridge.enabled) services.push("msk");
  return { services, zones: 1 };
}

export const serverlessStreamingPipelineRequest = requestSchema(serverlessStreamingPipelineParams, { needs: serverlessStreamingPipelineNeeds });
