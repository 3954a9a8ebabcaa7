import { z } from "zod";
import type { AwsService, DeploymentNeeds } from "../aws-services";
import { STREAM_EVENT_SOURCE_DEFAULTS } from "../building-blocks/event-source";
import { keyPolicyRequirements, type KeyService } from "../building-blocks/kms-key";
import { LAMBDA_FUNCTION_DEFAULTS } from "../building-blocks/lambda-function";
import { sizingFor } from "../building-blocks/sizing";
import type { Environment } from "../environment";
import { hasAll, present, whereSet } from "../json-schema/json-paths";
import { publish } from "../json-schema/published-rules";
import { requestSchema } from "../request";
import { serviceTagSchema } from "../tags";
import { dynamodbStreamArn, dynamodbTableName, streamTableName } from "../aws-identifiers";
import { distinctKeyNames, distinctKeyNamesRule, dynamodbKeyAttribute, encryptionSchema, notificationsSchema, refineSearchSizing, searchDomainFields, streamCapacity } from "../schema-fragments";

/** What the deployment key serves: always, and what each option adds. */
export const KEY_SERVICES = {
  always: ["logs", "dynamodb", "es", "sqs", "sns", "lambda", "cloudwatch"],
  kinesis: ["kinesis"],
  backup: ["firehose", "s3"],
} as const satisfies Record<string, readonly KeyService[]>;

const table = z
  .object({
    existing: z
      .object({
        name: dynamodbTableName.describe("Name of a table the caller owns"),
        streamArn: dynamodbStreamArn.optional().describe("Its DynamoDB stream (NEW_AND_OLD_IMAGES); required with changeCapture dynamodb-streams"),
      })
      .strict()
      .superRefine((existing, ctx) => {
        // The indexer reads the stream it is given: another table's stream would index that table.
        if (existing.streamArn !== undefined && streamTableName(existing.streamArn) !== existing.name) {
          ctx.addIssue({ code: "custom", message: `the stream belongs to table ${streamTableName(existing.streamArn)}, not ${existing.name}`, path: ["streamArn"] });
        }
      })
      .apply(publish, { serverChecks: "that streamArn is a stream of the table named by name" })
      .optional()
      .describe("Index an existing table instead of creating one"),
    partitionKey: dynamodbKeyAttribute.default({ name: "pk", type: "S" }).describe("Partition key of a new table"),
    sortKey: dynamodbKeyAttribute.optional().describe("Sort key of a new table"),
    billingMode: z.enum(["PAY_PER_REQUEST", "PROVISIONED"]).default("PAY_PER_REQUEST"),
    readCapacity: z.number().int().min(1).max(40000).optional().describe("Read capacity units (PROVISIONED only)"),
    writeCapacity: z.number().int().min(1).max(40000).optional().describe("Write capacity units (PROVISIONED only)"),
  })
  .strict()
  .superRefine((t, ctx) => {
    distinctKeyNames(t, ctx);
    if (t.billingMode === "PROVISIONED" && (t.readCapacity === undefined || t.writeCapacity === undefined)) {
      ctx.addIssue({ code: "custom", message: "PROVISIONED billing needs readCapacity and writeCapacity", path: [t.readCapacity === undefined ? "readCapacity" : "writeCapacity"] });
    }
  })
  .apply(publish, distinctKeyNamesRule, { expressed: { if: present(["billingMode"], { const: "PROVISIONED" }), then: hasAll("readCapacity", "writeCapacity") } });

// Defaults are the building blocks' own (STREAM_EVENT_SOURCE_DEFAULTS, LAMBDA_FUNCTION_DEFAULTS),
// so the API and the deployment never disagree; bounds are the Lambda API's.
const indexer = z
  .object({
    batchSize: z.number().int().min(1).max(10000).default(STREAM_EVENT_SOURCE_DEFAULTS.batchSize),
    maximumRetryAttempts: z.number().int().min(0).max(10).default(STREAM_EVENT_SOURCE_DEFAULTS.maximumRetryAttempts).describe("Retries of a failing batch before it goes to the on-failure queue"),
    maximumRecordAgeSeconds: z
      .number()
      .int()
      .min(60)
      .max(604800)
      .default(STREAM_EVENT_SOURCE_DEFAULTS.maximumRecordAgeSeconds)
      .describe("Records older than this go to the on-failure queue; with Kinesis capture, deletes are remembered this long (index.gc_deletes) so a late older change cannot bring a document back"),
    parallelizationFactor: z.number().int().min(1).max(10).default(STREAM_EVENT_SOURCE_DEFAULTS.parallelizationFactor),
    memoryMiB: z.number().int().min(128).max(10240).default(LAMBDA_FUNCTION_DEFAULTS.memoryMiB),
    timeoutSeconds: z.number().int().min(1).max(900).default(LAMBDA_FUNCTION_DEFAULTS.timeoutSeconds),
  })
  .strict();

const search = z
  .object({
    indexName: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,254}$/, "a lowercase OpenSearch index name").default("items"),
    ...searchDomainFields,
  })
  .strict();

export const dynamodbSearchParams = z
  .object({
    table: table.prefault({}),
    changeCapture: z.enum(["dynamodb-streams", "kinesis"]).default("dynamodb-streams").describe("How changes reach the indexer"),
    kinesis: streamCapacity.prefault({}).describe("The Kinesis streaming destination (changeCapture kinesis)"),
    indexer: indexer.prefault({}),
    search: search.prefault({}),
    backup: z
      .object({ enabled: z.boolean().default(false).describe("Firehose copies every change from the Kinesis stream to S3 (changeCapture kinesis)") })
      .strict()
      .prefault({}),
    notifications: notificationsSchema,
    encryption: encryptionSchema(keyPolicyRequirements(Object.values(KEY_SERVICES).flat())),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.backup.enabled && p.changeCapture !== "kinesis") {
      ctx.addIssue({ code: "custom", message: "backup needs changeCapture \"kinesis\": Firehose reads the Kinesis stream", path: ["backup", "enabled"] });
    }
    if (p.table.existing && p.changeCapture === "dynamodb-streams" && p.table.existing.streamArn === undefined) {
      ctx.addIssue({ code: "custom", message: "an existing table needs its streamArn with changeCapture \"dynamodb-streams\"", path: ["table", "existing", "streamArn"] });
    }
  })
  .apply(publish, {
    expressed: {
      allOf: [
        { if: present(["backup", "enabled"], { const: true }), then: present(["changeCapture"], { const: "kinesis" }) },
        // changeCapture defaults to dynamodb-streams.
        { if: { allOf: [present(["table", "existing"]), whereSet(["changeCapture"], { const: "dynamodb-streams" })] }, then: present(["table", "existing", "streamArn"]) },
      ],
    },
  });

export type DynamodbSearchParams = z.infer<typeof dynamodbSearchParams>;

/** What a deployment needs from its Region and tags: OpenSearch (and Cognito for Dashboards sign-in), zoned by environment. */
export function dynamodbSearchNeeds(params: DynamodbSearchParams, environment: Environment): DeploymentNeeds {
  const services: AwsService[] = ["opensearch"];
  if (params.search.dashboards.enabled) services.push("cognito");
  return { services, zones: sizingFor(environment).opensearch.zones };
}

export const dynamodbSearchRequest = requestSchema(dynamodbSearchParams, {
  needs: dynamodbSearchNeeds,
  refine: (request, ctx) => refineSearchSizing(request.params.search, request.tags.environment, ctx, ["params", "search"]),
})
  // Of the services of `dynamodbSearchNeeds`, OpenSearch (always there) has tag rules stricter than AWS's (tags.ts).
  .apply(publish, { expressed: { properties: { tags: serviceTagSchema("opensearch") } } });
