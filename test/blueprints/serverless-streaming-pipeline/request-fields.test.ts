import { describe, it } from "vitest";
import { exampleOf, expectRejected } from "../../support/blueprint-requests";

const BLUEPRINT = "serverless-streaming-pipeline";
const { example, withParams } = exampleOf(BLUEPRINT);
const rejects = (request: unknown, field: string) => expectRejected(BLUEPRINT, request, field);

const CLUSTER = "arn:aws:kafka:us-east-1:111122223333:cluster/events/6357e0b2-0e6a-4b86-a0b4-70df934c2e31-5";
const ARTIFACT = { bucketArn: "arn:aws:s3:::flink-artifacts", fileKey: "apps/aggregates-1.0.jar" };
const bridge = (fields: Record<string, unknown>) => withParams({ bridge: { enabled: true, clusterArn: CLUSTER, topics: ["telemetry"], ...fields } });
const flink = (fields: Record<string, unknown>) => withParams({ flink: { ...example.params.flink, ...fields } });

// What AWS would refuse is refused before anything renders, naming the field.
describe("serverless-streaming-pipeline refuses requests AWS would refuse, naming the field", () => {
  it("the bridge's cluster is an MSK cluster ARN in the deployment's Region, its topics Lambda-readable, its group an sg- id", async () => {
    await rejects(bridge({ clusterArn: "arn:aws:kafka:us-east-1:111122223333:topic/events" }), "params.bridge.clusterArn");
    await rejects(bridge({ clusterArn: CLUSTER.replace("us-east-1", "eu-west-1") }), "params.bridge.clusterArn");
    await rejects(bridge({ topics: [".internal"] }), "params.bridge.topics.0");
    await rejects(bridge({ clusterSecurityGroupId: "sg-123" }), "params.bridge.clusterSecurityGroupId");
  });

  it("an artifact is an S3 bucket ARN, a key of safe characters and a KMS key ARN", async () => {
    await rejects(flink({ artifact: { ...ARTIFACT, bucketArn: "arn:DS*ch(55NJ{c~V5Z7" } }), "params.flink.artifact.bucketArn");
    await rejects(flink({ artifact: { ...ARTIFACT, bucketArn: "arn:aws:s3:::flink..artifacts" } }), "params.flink.artifact.bucketArn");
    await rejects(flink({ artifact: { ...ARTIFACT, fileKey: "apps/\u0001aggregates.jar" } }), "params.flink.artifact.fileKey");
    await rejects(flink({ artifact: { ...ARTIFACT, kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:alias/artifacts" } }), "params.flink.artifact.kmsKeyArn");
  });

  it("a Flink runtime Managed Flink offers; the default application only on the runtime its connector is built for", async () => {
    await rejects(flink({ runtime: "FLINK-9_9" }), "params.flink.runtime");
    await rejects(flink({ runtime: "FLINK-1_19" }), "params.flink.runtime");
  });

  it("record columns: Glue types with a precision of at most 38 and distinct names", async () => {
    const columns = example.params.records.columns as { name: string; type: string }[];
    await rejects(withParams({ records: { columns: [...columns.slice(0, 2), { name: "temperature", type: "decimal(40,2)" }, columns[3]] } }), "params.records.columns.2.type");
    await rejects(withParams({ records: { columns: [...columns, { name: "status", type: "string" }] } }), "params.records.columns");
  });

  it("the fields the default application reads fit Managed Flink's 2,048-character runtime property", async () => {
    const wide = Array.from({ length: 10 }, (_, i) => ({ name: `m${i}_${"x".repeat(240)}`, type: "double" }));
    await rejects(withParams({ records: { columns: [{ name: "device_id", type: "string" }, ...wide] }, flink: { ...example.params.flink, aggregation: { groupBy: "device_id" } } }), "params.records.columns");
  });

  it("the serving table's sort key is named apart from its partition key", async () => {
    await rejects(withParams({ servingTable: { partitionKey: { name: "device_id", type: "S" }, sortKey: { name: "device_id", type: "S" } } }), "params.servingTable.sortKey.name");
  });

  it("lake prefixes use S3's safe key characters", async () => {
    await rejects(withParams({ lake: { rawPrefix: "raw data/" } }), "params.lake.rawPrefix");
    // Firehose takes 1,024 characters of prefix, the hourly partitions appended to it included.
    await rejects(withParams({ lake: { rawPrefix: `${"r".repeat(1000)}/` } }), "params.lake.rawPrefix");
  });
});
