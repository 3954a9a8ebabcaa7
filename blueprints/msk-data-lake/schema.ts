import { z } from "zod";
import { GLUE_VERSIONS } from "../building-blocks/glue-job";
import type { AwsService, DeploymentNeeds } from "../aws-services";
import type { Environment } from "../environment";
import { present, whereSet } from "../json-schema/json-paths";
import { publish } from "../json-schema/published-rules";
import { requestSchema } from "../request";
import { serviceTagSchema } from "../tags";
import { keyPolicyRequirements, type KeyService } from "../building-blocks/kms-key";
import { MSK_BROKERS, partitionLoadIssue } from "../building-blocks/msk-cluster";
import { KAFKA_EVENT_SOURCE_DEFAULTS, MSK_BROKER_TYPES, MSK_DEFAULTS, MSK_KAFKA_VERSIONS } from "../building-blocks/kafka-defaults";
import { firehosePrefixMax, iamRoleName, quicksightPrincipalArn, redshiftDatabaseName, subnetId, vpcCidrBlock, vpcId } from "../aws-identifiers";
import { rawZonePrefix } from "./raw-table";
import { glueCronSchedule } from "../glue-schedule";
import { encryptionSchema, kafkaConsumerFunctionFields, kafkaConsumerGroupId, kafkaEventSourceFields, kafkaTopics, notificationsSchema, s3BufferingFields, s3Prefix } from "../schema-fragments";

/** What the deployment key serves (every option of this blueprint uses the same services). */
export const KEY_SERVICES = [
  "logs", "s3", "kafka", "firehose", "glue", "lambda", "sqs", "redshift-serverless", "secretsmanager", "sns", "cloudwatch",
] as const satisfies readonly KeyService[];

const network = z
  .object({
    existing: z
      .object({
        vpcId,
        privateSubnetIds: z
          .array(subnetId)
          .min(3)
          .max(6)
          .refine((ids) => new Set(ids).size === ids.length, "subnet ids must be distinct")
          .apply(publish, { expressed: { uniqueItems: true } })
          .describe("Private subnets in three or more zones (Redshift Serverless needs three); MSK uses the first three"),
      })
      .strict()
      .optional()
      .describe("Run in the caller's VPC instead of creating one. Private subnets need a NAT gateway or VPC endpoints for Firehose, STS and Lambda."),
    // A VPC takes /16 to /28; the new one splits into a private and a public subnet in each of
    // three zones, and a subnet is at least /28 (VPC user guide, "Subnet CIDR blocks"), so /24
    // is the smallest it can be.
    cidrBlock: vpcCidrBlock(24).default("10.0.0.0/16").describe("CIDR of a new VPC: /16 to /24, written as its network address"),
  })
  .strict();

const kafka = z
  .object({
    mode: z
      .enum(["provisioned", "serverless"])
      .default("provisioned")
      .describe(
        "Provisioned brokers (the deployment creates its topics), or MSK Serverless, which has neither topic APIs nor auto-creation: create the topics (output topicsToCreate) with a Kafka admin client before records flow",
      ),
    topics: kafkaTopics.min(1).max(20).describe("Topics the consumer reads into the data lake; one event source and one consumer group each"),
    kafkaVersion: z.enum(MSK_KAFKA_VERSIONS).default(MSK_DEFAULTS.kafkaVersion).describe("Provisioned only; a version MSK creates clusters with, 3.6.0 or later (MSK's topic APIs need it)"),
    partitionsPerTopic: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe(`Partitions of each topic the deployment creates; provisioned only; default ${MSK_DEFAULTS.partitionsPerTopic}`)
      // `topicLoadIssue`: partitions against the brokers the environment tag sizes.
      .apply(publish, { serverChecks: "that the topics' partitions (this or its default, times the topics) fit the partitions per broker MSK recommends for the broker type and count (set here or by the environment)" }),
    brokerInstanceType: z.enum(MSK_BROKER_TYPES).optional().describe("Provisioned only; a Standard broker size; default by environment"),
    brokersPerZone: z.number().int().min(1).max(10).optional().describe("Provisioned only; default by environment"),
    volumeGiB: z.number().int().min(1).max(16384).optional().describe("EBS storage per broker; provisioned only; default by environment"),
  })
  .strict();

const consumer = z
  .object({
    consumerGroupId: kafkaConsumerGroupId.optional().describe("Consumer group name; each topic's event source joins <name>-<topic>. Default slipstream-<deployment>"),
    startingPosition: z.enum(["TRIM_HORIZON", "LATEST"]).default(KAFKA_EVENT_SOURCE_DEFAULTS.startingPosition),
    ...kafkaEventSourceFields,
    maximumPollers: kafkaEventSourceFields.maximumPollers.describe("Event pollers per topic (provisioned poller mode)"),
    ...kafkaConsumerFunctionFields,
  })
  .strict();

const rawZone = z
  .object({
    prefix: s3Prefix.max(firehosePrefixMax(rawZonePrefix(""))).default("raw/").describe("Records land under <prefix>year=YYYY/month=MM/day=DD/hour=HH/"),
    ...s3BufferingFields,
  })
  .strict();

const etl = z
  .object({
    schedule: glueCronSchedule.default("cron(15 * * * ? *)").describe("When the curating job runs, as a Glue cron(...) expression in UTC; default hourly"),
    glueVersion: z.enum(GLUE_VERSIONS).default("5.0"),
    workerType: z.enum(["G.1X", "G.2X", "G.4X"]).default("G.1X"),
    numberOfWorkers: z.number().int().min(2).max(100).default(2),
  })
  .strict();

const warehouse = z
  .object({
    database: redshiftDatabaseName.default("analytics"),
    baseCapacity: z.number().int().min(8).max(512).multipleOf(8).default(8).describe("Redshift Processing Units"),
  })
  .strict();

const quicksight = z
  .object({
    enabled: z.boolean().default(false).describe("Create a QuickSight data source over the warehouse (needs a QuickSight Enterprise subscription)"),
    principalArn: quicksightPrincipalArn.optional().describe("QuickSight user or group ARN that may use the data source (required when enabled)"),
    secretsManagerRoleName: iamRoleName
      .default("aws-quicksight-secretsmanager-role-v0")
      .describe(
        "The role QuickSight reads Secrets Manager secrets with; QuickSight creates it when an administrator grants it Secrets Manager access. The deployment lets it read the warehouse's admin secret and decrypt it with the deployment key",
      ),
  })
  .strict();

export const mskDataLakeParams = z
  .object({
    network: network.prefault({}).describe("Where MSK, the consumer and Redshift run: the caller's VPC or a new one"),
    kafka: kafka.describe("The MSK cluster and the topics streamed into the lake"),
    consumer: consumer.prefault({}).describe("The consumer Lambda and its MSK event sources"),
    rawZone: rawZone.prefault({}).describe("Firehose delivery into the raw zone"),
    etl: etl.prefault({}).describe("The scheduled Glue job that curates the raw zone into Parquet"),
    warehouse: warehouse.prefault({}).describe("Redshift Serverless"),
    quicksight: quicksight.prefault({}).describe("Optional QuickSight data source (off by default)"),
    notifications: notificationsSchema,
    encryption: encryptionSchema(keyPolicyRequirements(KEY_SERVICES)),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.quicksight.enabled && p.quicksight.principalArn === undefined) {
      ctx.addIssue({ code: "custom", message: "QuickSight needs the principalArn of the user or group that uses the data source", path: ["quicksight", "principalArn"] });
    }
    if (p.kafka.mode === "serverless") {
      for (const field of ["brokerInstanceType", "brokersPerZone", "volumeGiB", "partitionsPerTopic"] as const) {
        if (p.kafka[field] !== undefined) ctx.addIssue({ code: "custom", message: `${field} applies to provisioned clusters only`, path: ["kafka", field] });
      }
    }
  })
  .apply(publish, {
    expressed: {
      allOf: [
        { if: present(["quicksight", "enabled"], { const: true }), then: present(["quicksight", "principalArn"]) },
        {
          if: present(["kafka", "mode"], { const: "serverless" }),
          then: whereSet(["kafka"], { type: "object", properties: { brokerInstanceType: false, brokersPerZone: false, volumeGiB: false, partitionsPerTopic: false } }),
        },
      ],
    },
  });

export type MskDataLakeParams = z.infer<typeof mskDataLakeParams>;
// MSK always spans three client subnets here (Redshift Serverless needs three anyway).
const MSK_ZONES = 3;

/**
 * The topics' partitions against what MSK recommends per broker, with the brokers the
 * request's environment gets by default: a rule over parameters and tags together.
 */
export function topicLoadIssue(params: MskDataLakeParams, environment: Environment): string | undefined {
  if (params.kafka.mode !== "provisioned") return undefined;
  const sized = MSK_BROKERS[environment];
  const brokers = MSK_ZONES * (params.kafka.brokersPerZone ?? sized.perSubnet);
  return partitionLoadIssue({
    instanceType: params.kafka.brokerInstanceType ?? sized.instanceType,
    brokers,
    topics: params.kafka.topics.length,
    partitions: params.kafka.partitionsPerTopic ?? MSK_DEFAULTS.partitionsPerTopic,
    replicationFactor: Math.min(3, brokers),
  });
}

/** What a deployment needs from its Region and tags (region-capabilities.ts, tags.ts): MSK, Glue and Redshift Serverless over three zones. */
export function mskDataLakeNeeds(params: MskDataLakeParams): DeploymentNeeds {
  const services: AwsService[] = [params.kafka.mode === "serverless" ? "msk-serverless" : "msk", "glue", "redshift-serverless"];
  if (params.quicksight.enabled) services.push("quicksight");
  return { services, zones: MSK_ZONES };
}

export const mskDataLakeRequest = requestSchema(mskDataLakeParams, { needs: mskDataLakeNeeds })
  .superRefine((request, ctx) => {
    const issue = topicLoadIssue(request.params, request.tags.environment);
    if (issue !== undefined) ctx.addIssue({ code: "custom", message: issue, path: ["params", "kafka", "partitionsPerTopic"] });
  })
  // Of the services of `mskDataLakeNeeds`, Redshift Serverless (always there) has tag rules stricter than AWS's (tags.ts).
  .apply(publish, { expressed: { properties: { tags: serviceTagSchema("redshift-serverless") } } });
