import { describe, expect, it } from "vitest";
import { exampleRequest } from "../../blueprints/catalogue";
import { patched } from "./support/requests";
import { describesServerCheck, publishedValidator, serverRefusals } from "./support/verdicts";

// Every refinement the blueprints' published JSON Schemas carry, broken on purpose: one request
// per rule, made from the blueprint's example. Where the schema expresses the rule, an
// independent validator (Ajv) and the server both refuse it, the server naming the field; where
// the schema can only describe it, Ajv accepts, the server refuses naming the field, and the
// schema's description there says the server checks it.

interface Case {
  blueprint: string;
  rule: string;
  /** Laid over the example (support/requests.ts `patched`; undefined removes a key). */
  patch: unknown;
  /** The field the server names. */
  refusedAt: string;
}

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:alarms";
const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"];
const ARTIFACT = { bucketArn: "arn:aws:s3:::code-bucket", fileKey: "app.zip" };
const STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/products/stream/2026-01-01T00:00:00.000";
const redshiftOn = (more: object = {}) => ({ params: { redshift: { enabled: true, ...more } } });

const EXPRESSED: Case[] = [
  // Tags (tags.ts) and the services' tag rules each blueprint publishes.
  { blueprint: "msk-data-lake", rule: "tag keys start without aws:", patch: { tags: { "AWS:team": "x" } }, refusedAt: "tags.AWS:team" },
  { blueprint: "msk-data-lake", rule: "Slipstream's own tag keys are its own", patch: { tags: { "managed-by": "me" } }, refusedAt: "tags.managed-by" },
  { blueprint: "msk-data-lake", rule: "Pulumi cannot carry a toString tag", patch: { tags: { toString: "x" } }, refusedAt: "tags.toString" },
  { blueprint: "serverless-streaming-pipeline", rule: "at most 47 tags", patch: { tags: Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`t${i}`, "x"])) }, refusedAt: "tags" },
  { blueprint: "serverless-streaming-pipeline", rule: "a required tag is not blank", patch: { tags: { owner: "  " } }, refusedAt: "tags.owner" },
  { blueprint: "dynamodb-search", rule: "OpenSearch takes 7 requested tags", patch: { tags: { a: "1", b: "2", c: "3", d: "4", e: "5" } }, refusedAt: "tags" },
  { blueprint: "access-log-analytics", rule: "OpenSearch takes 7 requested tags", patch: { tags: { a: "1", b: "2", c: "3", d: "4", e: "5" } }, refusedAt: "tags" },
  { blueprint: "msk-data-lake", rule: "Redshift Serverless tag keys have no @", patch: { tags: { "team@site": "x" } }, refusedAt: "tags.team@site" },
  { blueprint: "msk-data-lake", rule: "Redshift Serverless tag values have no @", patch: { tags: { team: "a@b" } }, refusedAt: "tags.team" },
  { blueprint: "access-log-analytics", rule: "Redshift Serverless tag keys with the Redshift load", patch: { ...redshiftOn(), tags: { "team@site": "x" } }, refusedAt: "tags.team@site" },
  // The Region table (region-capabilities.ts).
  { blueprint: "dynamodb-search", rule: "a Region Slipstream offers", patch: { region: "me-south-1" }, refusedAt: "region" },
  // AWS identifiers (aws-identifiers.ts).
  { blueprint: "access-log-analytics", rule: "no adjacent periods in a bucket name", patch: { params: { source: { existing: { bucketName: "my..logs" } } } }, refusedAt: "params.source.existing.bucketName" },
  { blueprint: "access-log-analytics", rule: "a bucket name is no IP address", patch: { params: { source: { existing: { bucketName: "192.168.1.10" } } } }, refusedAt: "params.source.existing.bucketName" },
  { blueprint: "access-log-analytics", rule: "reserved bucket prefixes", patch: { params: { source: { existing: { bucketName: "xn--logs" } } } }, refusedAt: "params.source.existing.bucketName" },
  { blueprint: "access-log-analytics", rule: "reserved bucket suffixes", patch: { params: { source: { existing: { bucketName: "logs--ol-s3" } } } }, refusedAt: "params.source.existing.bucketName" },
  { blueprint: "access-log-analytics", rule: "reserved bucket names in a bucket ARN", patch: { params: { anomalyDetection: { artifact: { ...ARTIFACT, bucketArn: "arn:aws:s3:::sthree-code" } } } }, refusedAt: "params.anomalyDetection.artifact.bucketArn" },
  { blueprint: "access-log-analytics", rule: "Redshift reserved words in a table name", patch: redshiftOn({ table: "public.select" }), refusedAt: "params.redshift.table" },
  { blueprint: "msk-data-lake", rule: "Redshift reserved words as a database name", patch: { params: { warehouse: { database: "user" } } }, refusedAt: "params.warehouse.database" },
  { blueprint: "msk-data-lake", rule: "a VPC CIDR block is its network address", patch: { params: { network: { cidrBlock: "10.0.128.0/16" } } }, refusedAt: "params.network.cidrBlock" },
  { blueprint: "msk-data-lake", rule: "a VPC CIDR block is its network address (/20)", patch: { params: { network: { cidrBlock: "10.0.8.0/20" } } }, refusedAt: "params.network.cidrBlock" },
  // Shared fields (schema-fragments.ts).
  { blueprint: "msk-data-lake", rule: "distinct topics", patch: { params: { kafka: { topics: ["orders", "orders"] } } }, refusedAt: "params.kafka.topics" },
  { blueprint: "serverless-streaming-pipeline", rule: "shardCount with provisioned streams only", patch: { params: { stream: { shardCount: 2 } } }, refusedAt: "params.stream.shardCount" },
  { blueprint: "dynamodb-search", rule: "shardCount with provisioned streams only (mode defaulted)", patch: { params: { kinesis: { shardCount: 2 } } }, refusedAt: "params.kinesis.shardCount" },
  { blueprint: "dynamodb-search", rule: "emails without a caller's topic", patch: { params: { notifications: { existingTopicArn: TOPIC } } }, refusedAt: "params.notifications.emails" },
  { blueprint: "serverless-streaming-pipeline", rule: "alarm emails without a caller's topic", patch: { params: { alarms: { existingTopicArn: TOPIC } } }, refusedAt: "params.alarms.emails" },
  // access-log-analytics.
  { blueprint: "access-log-analytics", rule: "anomaly detection needs an artifact", patch: { params: { anomalyDetection: { enabled: true } } }, refusedAt: "params.anomalyDetection.artifact" },
  { blueprint: "access-log-analytics", rule: "subnetIds with securityGroupIds", patch: redshiftOn({ subnetIds: SUBNETS }), refusedAt: "params.redshift.securityGroupIds" },
  { blueprint: "access-log-analytics", rule: "securityGroupIds with subnetIds", patch: redshiftOn({ securityGroupIds: ["sg-01234567"] }), refusedAt: "params.redshift.subnetIds" },
  { blueprint: "access-log-analytics", rule: "the Redshift load reads GZIP", patch: { ...redshiftOn(), params: { ...redshiftOn().params, archive: { compression: "Snappy" } } }, refusedAt: "params.archive.compression" },
  { blueprint: "access-log-analytics", rule: "the Redshift load needs a prefix ending in /", patch: { ...redshiftOn(), params: { ...redshiftOn().params, archive: { prefix: "" } } }, refusedAt: "params.archive.prefix" },
  { blueprint: "access-log-analytics", rule: "SQS batches over 10 need a window", patch: { params: { forwarder: { batchSize: 11, maximumBatchingWindowSeconds: 0 } } }, refusedAt: "params.forwarder.maximumBatchingWindowSeconds" },
  // msk-data-lake.
  { blueprint: "msk-data-lake", rule: "QuickSight needs a principal", patch: { params: { quicksight: { enabled: true } } }, refusedAt: "params.quicksight.principalArn" },
  { blueprint: "msk-data-lake", rule: "serverless clusters take no broker settings", patch: { params: { kafka: { mode: "serverless", brokersPerZone: 2 } } }, refusedAt: "params.kafka.brokersPerZone" },
  { blueprint: "msk-data-lake", rule: "serverless clusters create no topics", patch: { params: { kafka: { mode: "serverless", partitionsPerTopic: 3 } } }, refusedAt: "params.kafka.partitionsPerTopic" },
  { blueprint: "msk-data-lake", rule: "distinct subnets", patch: { params: { network: { existing: { vpcId: "vpc-01234567", privateSubnetIds: [SUBNETS[0], SUBNETS[1], SUBNETS[0]] } } } }, refusedAt: "params.network.existing.privateSubnetIds" },
  // serverless-streaming-pipeline.
  { blueprint: "serverless-streaming-pipeline", rule: "the bridge needs a cluster", patch: { params: { bridge: { enabled: true, topics: ["orders"] } } }, refusedAt: "params.bridge.clusterArn" },
  { blueprint: "serverless-streaming-pipeline", rule: "the bridge needs a topic", patch: { params: { bridge: { enabled: true, clusterArn: "arn:aws:kafka:us-east-1:123456789012:cluster/c/01234567-0123-0123-0123-0123456789ab-1" } } }, refusedAt: "params.bridge.topics" },
  { blueprint: "serverless-streaming-pipeline", rule: "the default application's runtime", patch: { params: { flink: { runtime: "FLINK-1_18" } } }, refusedAt: "params.flink.runtime" },
  { blueprint: "serverless-streaming-pipeline", rule: "the default application writes S or N partition keys", patch: { params: { servingTable: { partitionKey: { type: "B" } } } }, refusedAt: "params.servingTable.partitionKey.type" },
  { blueprint: "serverless-streaming-pipeline", rule: "the default application writes S or N sort keys", patch: { params: { servingTable: { sortKey: { type: "B" } } } }, refusedAt: "params.servingTable.sortKey.type" },
  // dynamodb-search.
  { blueprint: "dynamodb-search", rule: "backup reads the Kinesis stream", patch: { params: { backup: { enabled: true } } }, refusedAt: "params.backup.enabled" },
  { blueprint: "dynamodb-search", rule: "an existing table's stream with dynamodb-streams", patch: { params: { table: { existing: { name: "products" } } } }, refusedAt: "params.table.existing.streamArn" },
  { blueprint: "dynamodb-search", rule: "PROVISIONED needs capacities", patch: { params: { table: { billingMode: "PROVISIONED", writeCapacity: 5 } } }, refusedAt: "params.table.readCapacity" },
];

const DESCRIBED: Case[] = [
  { blueprint: "dynamodb-search", rule: "data nodes over 2 zones are even", patch: { tags: { environment: "staging" }, params: { search: { instanceCount: 3 } } }, refusedAt: "params.search.instanceCount" },
  { blueprint: "dynamodb-search", rule: "a volume within the instance type's maximum", patch: { params: { search: { instanceType: "t3.small.search", volumeGiB: 3000 } } }, refusedAt: "params.search.volumeGiB" },
  { blueprint: "dynamodb-search", rule: "key names differ", patch: { params: { table: { sortKey: { name: "productId" } } } }, refusedAt: "params.table.sortKey.name" },
  { blueprint: "dynamodb-search", rule: "the stream is the table's", patch: { params: { table: { existing: { name: "orders", streamArn: STREAM } } } }, refusedAt: "params.table.existing.streamArn" },
  { blueprint: "dynamodb-search", rule: "an ARN in the deployment's Region", patch: { region: "eu-west-1", params: { encryption: { kmsKeyArn: KEY } } }, refusedAt: "params.encryption.kmsKeyArn" },
  { blueprint: "msk-data-lake", rule: "a Region with the zones the deployment needs", patch: { region: "us-west-1" }, refusedAt: "region" },
  { blueprint: "msk-data-lake", rule: "partitions MSK recommends per broker", patch: { params: { kafka: { partitionsPerTopic: 1000 } } }, refusedAt: "params.kafka.partitionsPerTopic" },
  { blueprint: "msk-data-lake", rule: "Glue runs at most every 5 minutes", patch: { params: { etl: { schedule: "cron(0/2 * * * ? *)" } } }, refusedAt: "params.etl.schedule" },
  { blueprint: "serverless-streaming-pipeline", rule: "raw and Parquet prefixes differ", patch: { params: { lake: { rawPrefix: "data/", parquetPrefix: "data/" } } }, refusedAt: "params.lake.parquetPrefix" },
  { blueprint: "serverless-streaming-pipeline", rule: "distinct column names", patch: { params: { records: { columns: [{ name: "a", type: "string" }, { name: "a", type: "int" }] }, flink: { enabled: false } } }, refusedAt: "params.records.columns" },
  { blueprint: "serverless-streaming-pipeline", rule: "a whole Glue column type", patch: { params: { records: { columns: [{ name: "a", type: "array<int,string>" }] }, flink: { enabled: false } } }, refusedAt: "params.records.columns.0.type" },
  { blueprint: "serverless-streaming-pipeline", rule: "groupBy is a record field", patch: { params: { flink: { aggregation: { groupBy: "nowhere" } } } }, refusedAt: "params.flink.aggregation.groupBy" },
  { blueprint: "serverless-streaming-pipeline", rule: "measures are numeric fields", patch: { params: { flink: { aggregation: { measures: ["status"] } } } }, refusedAt: "params.flink.aggregation.measures.0" },
  { blueprint: "serverless-streaming-pipeline", rule: "an N partition key needs a numeric groupBy", patch: { params: { servingTable: { partitionKey: { type: "N" } } } }, refusedAt: "params.servingTable.partitionKey.type" },
];

const requestOf = (c: Case) => patched(exampleRequest(c.blueprint), c.patch);
const label = (c: Case) => `${c.blueprint}: ${c.rule}`;

describe("cross-field rules the published schemas express", () => {
  it.each(EXPRESSED.map((c) => [label(c), c] as const))("%s", (_, c) => {
    const validate = publishedValidator(c.blueprint);
    expect(validate(exampleRequest(c.blueprint))).toBe(true);
    expect(validate(requestOf(c)), "Ajv accepts what the server refuses").toBe(false);
    expect(serverRefusals(c.blueprint, requestOf(c))).toContain(c.refusedAt);
  });
});

describe("rules the published schemas describe (JSON Schema cannot say them)", () => {
  it.each(DESCRIBED.map((c) => [label(c), c] as const))("%s", (_, c) => {
    const validate = publishedValidator(c.blueprint);
    expect(validate(requestOf(c)), JSON.stringify(validate.errors)).toBe(true);
    const refusals = serverRefusals(c.blueprint, requestOf(c));
    expect(refusals).toContain(c.refusedAt);
    for (const field of refusals) expect(describesServerCheck(validate.schema as Record<string, unknown>, field), field).toBe(true);
  });
});
