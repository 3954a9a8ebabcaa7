import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../api/cli/main";
import { ServerlessStreamingPipeline } from "../../../blueprints/serverless-streaming-pipeline/component";
import { serverlessStreamingPipelineRequest } from "../../../blueprints/serverless-streaming-pipeline/schema";
import { renderPlan, type Plan } from "../../../programs/offline-plan/render-plan";
import { exampleOf, expectRejected, renderSideBySide } from "../../support/blueprint-requests";
import { expectExactNetworkRules, expectGlueDefaults } from "../../support/plan-checks";
import { inputs, one, ofType, statementsOf, wiredTo } from "../../support/plan-queries";
import { deploymentKeyArn, expectCatalogueDefaults } from "../../support/secure-defaults";

const BLUEPRINT = "serverless-streaming-pipeline";
const { example, withParams } = exampleOf(BLUEPRINT);

const STREAM = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const FLINK = "aws:kinesisanalyticsv2/application:Application";
const TABLE = "aws:dynamodb/table:Table";
const JOB = "aws:glue/job:Job";
const CATALOG_TABLE = "aws:glue/catalogTable:CatalogTable";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FUNCTION = "aws:lambda/function:Function";
const MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const VPC = "awsx:ec2:Vpc";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

const CLUSTER_ARN = "arn:aws:kafka:us-east-1:000000000000:cluster/legacy-kafka/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-3";
const EXISTING = { vpcId: "vpc-0a1b2c3d4e5f60718", privateSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"] };
const BRIDGE = { enabled: true, clusterArn: CLUSTER_ARN, topics: ["plant-a.readings", "plant-b.readings"] };

function expectBlueprintInvariants(plan: Plan, tags: Record<string, string>) {
  expectCatalogueDefaults(plan, tags);
  expectGlueDefaults(plan, deploymentKeyArn(plan));
  if (ofType(plan, SG).length > 0) expectExactNetworkRules(plan);
  // Every alarm notifies the deployment's topic when it fires and when it clears.
  const topic = one(plan, "aws:sns/topic:Topic");
  for (const alarm of ofType(plan, ALARM)) {
    expect(wiredTo(alarm, "alarmActions", topic), alarm.name).toBe(true);
    expect(wiredTo(alarm, "okActions", topic), alarm.name).toBe(true);
  }
}
const alarmNamed = (plan: Plan, suffix: string) => one(plan, ALARM, suffix);

describe("serverless-streaming-pipeline with its example request", () => {
  let plan: Plan;
  it("renders every resource of the architecture", async () => {
    plan = await renderPlan(BLUEPRINT, example, { name: "devices" });
    const types = new Set(plan.resources.map((r) => r.type));
    for (const type of [
      STREAM, FIREHOSE, FLINK, TABLE, JOB, CATALOG_TABLE, ALARM, "aws:glue/catalogDatabase:CatalogDatabase", "aws:glue/trigger:Trigger",
      "aws:glue/securityConfiguration:SecurityConfiguration", "aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucket:Bucket", "aws:sns/topic:Topic", "aws:kms/key:Key",
    ]) {
      expect(types, type).toContain(type);
    }
    // No bridge requested: nothing VPC-bound, no Lambda.
    for (const absent of [FUNCTION, MAPPING, VPC, SG]) expect(ofType(plan, absent), absent).toHaveLength(0);
  });

  it("applies the secure defaults, tags and exact IAM", () => expectBlueprintInvariants(plan, example.tags));

  it("creates an on-demand stream encrypted with the key, kept a week", () => {
    expect(inputs(one(plan, STREAM))).toMatchObject({ streamModeDetails: { streamMode: "ON_DEMAND" }, encryptionType: "KMS", kmsKeyId: deploymentKeyArn(plan), retentionPeriod: 168 });
    expect(inputs(one(plan, STREAM)).shardCount).toBeUndefined();
  });

  it("wires stream → Flink → serving table by reference, with the request's artifact and parallelism", () => {
    const stream = one(plan, STREAM);
    const table = one(plan, TABLE);
    const app = one(plan, FLINK);
    const config = inputs(app).applicationConfiguration;
    expect(wiredTo(app, "applicationConfiguration", stream)).toBe(true);
    expect(wiredTo(app, "applicationConfiguration", table)).toBe(true);
    expect(config.environmentProperties.propertyGroups[0].propertyMap).toMatchObject({ "input.stream.name": "devices-stream", "output.table.name": "devices-serving" });
    expect(config.applicationCodeConfiguration.codeContent.s3ContentLocation).toEqual({ bucketArn: "arn:aws:s3:::example-artifacts", fileKey: "flink/device-aggregates-1.0.0.jar" });
    expect(config.flinkApplicationConfiguration.parallelismConfiguration).toMatchObject({ configurationType: "CUSTOM", parallelism: 2 });
    expect(inputs(table)).toMatchObject({ hashKey: "device_id", rangeKey: "window_start", deletionProtectionEnabled: false });
    const flinkStatements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "analytics-policy"));
    expect(flinkStatements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(["kinesis:GetRecords"]), Resource: ["arn:aws:kinesis:us-east-1:000000000000:stream/devices-stream"] }));
    expect(flinkStatements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(["dynamodb:PutItem"]), Resource: ["arn:aws:dynamodb:us-east-1:000000000000:table/devices-serving"] }));
    expect(flinkStatements).toContainEqual(expect.objectContaining({ Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: ["arn:aws:s3:::example-artifacts/flink/device-aggregates-1.0.0.jar"] }));
  });

  it("copies the stream into the lake with Firehose: the documented SSE exception", () => {
    const firehose = one(plan, FIREHOSE);
    expect(wiredTo(firehose, "kinesisSourceConfiguration", one(plan, STREAM))).toBe(true);
    expect(firehose.inputs["serverSideEncryption"]).toBeUndefined();
    expect(wiredTo(firehose, "extendedS3Configuration", one(plan, "aws:s3/bucket:Bucket", "-lake"))).toBe(true);
    expect(inputs(firehose).extendedS3Configuration).toMatchObject({ kmsKeyArn: deploymentKeyArn(plan), prefix: "raw/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/" });
  });

  it("catalogs the stream and runs a Glue streaming job writing Parquet to the lake", () => {
    const stream = one(plan, STREAM);
    const table = one(plan, CATALOG_TABLE);
    const database = one(plan, "aws:glue/catalogDatabase:CatalogDatabase");
    expect(wiredTo(table, "storageDescriptor", stream)).toBe(true);
    expect(wiredTo(table, "databaseName", database)).toBe(true);
    expect(inputs(table).storageDescriptor.columns).toEqual(example.params.records.columns);
    expect(inputs(table).storageDescriptor.parameters).toMatchObject({ typeOfData: "kinesis", streamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/devices-stream" });
    const job = one(plan, JOB);
    expect(inputs(job)).toMatchObject({ glueVersion: "4.0", workerType: "G.025X", command: { name: "gluestreaming" }, maxRetries: 0 });
    expect(inputs(job).timeout).toBeUndefined();
    expect(wiredTo(job, "defaultArguments", table)).toBe(true);
    expect(wiredTo(job, "defaultArguments", database)).toBe(true);
    expect(wiredTo(job, "defaultArguments", one(plan, "aws:s3/bucket:Bucket", "-lake"))).toBe(true);
    expect(inputs(job).defaultArguments).toMatchObject({ "--lake_path": "s3://devices-lake/parquet/", "--window_seconds": "100" });
    expect(inputs(one(plan, "aws:s3/bucketObjectv2:BucketObjectv2")).content).toContain("forEachBatch");
    expect(wiredTo(one(plan, "aws:glue/trigger:Trigger"), "actions", job)).toBe(true);
    const jobStatements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "stream-to-lake-policy"));
    expect(jobStatements).toContainEqual(expect.objectContaining({ Sid: "ReadStream", Resource: ["arn:aws:kinesis:us-east-1:000000000000:stream/devices-stream"] }));
    expect(jobStatements).toContainEqual(expect.objectContaining({ Sid: "WriteLake", Resource: ["arn:aws:s3:::devices-lake/parquet/*"] }));
  });

  it("alarms on iterator age, throttling, Flink downtime and lake freshness", () => {
    const stream = one(plan, STREAM);
    expect(inputs(alarmNamed(plan, "iterator-age"))).toMatchObject({ namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", threshold: 60_000 });
    expect(inputs(alarmNamed(plan, "write-throttled")).metricName).toBe("WriteProvisionedThroughputExceeded");
    expect(inputs(alarmNamed(plan, "read-throttled")).metricName).toBe("ReadProvisionedThroughputExceeded");
    for (const suffix of ["iterator-age", "write-throttled", "read-throttled"]) expect(wiredTo(alarmNamed(plan, suffix), "dimensions", stream), suffix).toBe(true);
    const down = alarmNamed(plan, "analytics-down");
    expect(inputs(down)).toMatchObject({ namespace: "AWS/KinesisAnalytics", metricName: "downtime" });
    expect(wiredTo(down, "dimensions", one(plan, FLINK))).toBe(true);
    expect(wiredTo(alarmNamed(plan, "lake-freshness"), "dimensions", one(plan, FIREHOSE))).toBe(true);
  });
});

describe("serverless-streaming-pipeline options", () => {
  it("leaves out Flink and the serving table when Flink is off", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ flink: { enabled: false } }), { name: "no-flink" });
    expect(ofType(plan, FLINK)).toHaveLength(0);
    expect(ofType(plan, TABLE)).toHaveLength(0);
    expect(ofType(plan, ALARM).map((a) => a.name)).not.toContain("no-flink-analytics-down");
    expect(ofType(plan, JOB)).toHaveLength(1);
    expectBlueprintInvariants(plan, example.tags);
  });

  it("bridges Kafka topics from a new VPC: one MSK event source per topic, egress HTTPS only", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ bridge: BRIDGE }), { name: "bridged" });
    const vpc = one(plan, VPC);
    const bridge = one(plan, FUNCTION);
    const group = one(plan, SG, "bridge-sg");
    const failures = one(plan, "aws:sqs/queue:Queue", "bridge-failures");
    expect(wiredTo(bridge, "vpcConfig", vpc)).toBe(true);
    expect(wiredTo(bridge, "vpcConfig", group)).toBe(true);
    expect(wiredTo(bridge, "environment", one(plan, STREAM))).toBe(true);
    const mappings = ofType(plan, MAPPING);
    expect(mappings.map((m) => inputs(m).topics)).toEqual([["plant-a.readings"], ["plant-b.readings"]]);
    for (const mapping of mappings) {
      expect(inputs(mapping)).toMatchObject({ eventSourceArn: CLUSTER_ARN, amazonManagedKafkaEventSourceConfig: { consumerGroupId: "slipstream-bridged-bridge" }, startingPosition: "TRIM_HORIZON" });
      expect(wiredTo(mapping, "functionName", bridge)).toBe(true);
      expect(wiredTo(mapping, "destinationConfig", failures)).toBe(true);
    }
    expect(ofType(plan, INGRESS)).toHaveLength(0);
    expect(ofType(plan, EGRESS).map((r) => inputs(r).fromPort)).toEqual([443]);
    const statements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "bridge-policy"));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["kinesis:PutRecords"], Resource: ["arn:aws:kinesis:us-east-1:000000000000:stream/bridged-stream"] }));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        Resource: BRIDGE.topics.map((t) => `arn:aws:kafka:us-east-1:000000000000:topic/legacy-kafka/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-3/${t}`),
      }),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"], Resource: [CLUSTER_ARN] }));
    expect(inputs(alarmNamed(plan, "bridge-errors")).metricName).toBe("Errors");
    expectBlueprintInvariants(plan, example.tags);
  });

  it("bridges from the cluster's own VPC, admitted on the MSK IAM port by the cluster's group", async () => {
    const clusterSecurityGroupId = "sg-0123456789abcdef0";
    const plan = await renderPlan(BLUEPRINT, withParams({ network: { existing: EXISTING }, bridge: { ...BRIDGE, clusterSecurityGroupId } }), { name: "bridged-byo" });
    expect(ofType(plan, VPC)).toHaveLength(0);
    const group = one(plan, SG, "bridge-sg");
    expect(inputs(group).vpcId).toBe(EXISTING.vpcId);
    expect(inputs(one(plan, FUNCTION)).vpcConfig.subnetIds).toEqual(EXISTING.privateSubnetIds);
    const ingress = one(plan, INGRESS);
    expect(inputs(ingress)).toMatchObject({ securityGroupId: clusterSecurityGroupId, fromPort: 9098, toPort: 9098 });
    expect(wiredTo(ingress, "referencedSecurityGroupId", group)).toBe(true);
    const toKafka = ofType(plan, EGRESS).filter((r) => inputs(r).fromPort === 9098);
    expect(toKafka).toHaveLength(1);
    expect(inputs(toKafka[0]!).referencedSecurityGroupId).toBe(clusterSecurityGroupId);
    expectBlueprintInvariants(plan, example.tags);
  });

  it("provisions shards by environment and protects prod", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ stream: { mode: "provisioned", retentionHours: 720 } }, { environment: "prod" }), { name: "devices-prod" });
    expect(inputs(one(plan, STREAM))).toMatchObject({ streamModeDetails: { streamMode: "PROVISIONED" }, shardCount: 4, retentionPeriod: 720 });
    expect(inputs(one(plan, TABLE)).deletionProtectionEnabled).toBe(true);
    expect(inputs(one(plan, "aws:cloudwatch/logGroup:LogGroup", "analytics-logs")).retentionInDays).toBe(731);
    expectBlueprintInvariants(plan, { ...example.tags, environment: "prod" });
  });

  it("takes the request's shard count, streaming job and alarm settings", async () => {
    const plan = await renderPlan(
      BLUEPRINT,
      withParams({ stream: { mode: "provisioned", shardCount: 7 }, streamingJob: { glueVersion: "5.0", workerType: "G.1X", numberOfWorkers: 3, windowSeconds: 30 }, alarms: { iteratorAgeSeconds: 300 } }),
      { name: "tuned" },
    );
    expect(inputs(one(plan, STREAM)).shardCount).toBe(7);
    expect(inputs(one(plan, JOB))).toMatchObject({ glueVersion: "5.0", workerType: "G.1X", numberOfWorkers: 3, defaultArguments: { "--window_seconds": "30" } });
    expect(inputs(alarmNamed(plan, "iterator-age")).threshold).toBe(300_000);
  });
});

describe("two serverless-streaming-pipeline deployments in one program", () => {
  it("do not collide", async () => {
    const request = serverlessStreamingPipelineRequest.parse(withParams({ bridge: BRIDGE }));
    const resources = await renderSideBySide(() => {
      new ServerlessStreamingPipeline("team-a", request);
      new ServerlessStreamingPipeline("team-b", request);
    });
    const physical = (type: string, field: string) => ofType(resources, type).map((r) => inputs(r)[field]);
    expect(physical("aws:glue/catalogDatabase:CatalogDatabase", "name")).toEqual(["team_a_pipeline", "team_b_pipeline"]);
    expect(physical("aws:glue/securityConfiguration:SecurityConfiguration", "name")).toEqual(["team-a-glue", "team-b-glue"]);
    expect(ofType(resources, MAPPING).map((m) => inputs(m).amazonManagedKafkaEventSourceConfig.consumerGroupId)).toEqual([
      "slipstream-team-a-bridge", "slipstream-team-a-bridge", "slipstream-team-b-bridge", "slipstream-team-b-bridge",
    ]);
    expect(new Set(physical("aws:kms/alias:Alias", "name")).size).toBe(2);
  });
});

describe("invalid serverless-streaming-pipeline requests", () => {
  const rejects = (request: unknown, field: string, name?: string) => expectRejected(BLUEPRINT, request, field, name);

  it("names Flink without its artifact", () => rejects(withParams({ flink: { enabled: true } }), "params.flink.artifact"));
  it("names a bridge without its cluster", () => rejects(withParams({ bridge: { enabled: true, topics: ["t"] } }), "params.bridge.clusterArn"));
  it("names a bridge without topics", () => rejects(withParams({ bridge: { enabled: true, clusterArn: CLUSTER_ARN } }), "params.bridge.topics"));
  it("names a cluster group without the cluster's VPC", () => rejects(withParams({ bridge: { ...BRIDGE, clusterSecurityGroupId: "sg-0123456789abcdef0" } }), "params.bridge.clusterSecurityGroupId"));
  it("names a retention below a week", () => rejects(withParams({ stream: { retentionHours: 24 } }), "params.stream.retentionHours"));
  it("names a shard count on an on-demand stream", () => rejects(withParams({ stream: { mode: "on-demand", shardCount: 2 } }), "params.stream.shardCount"));
  it("names a Glue version below 4.0", () => rejects(withParams({ streamingJob: { glueVersion: "3.0" } }), "params.streamingJob.glueVersion"));
  it("names a column type Glue does not know", () => rejects(withParams({ records: { columns: [{ name: "x", type: "varchar" }] } }), "params.records.columns.0.type"));
  it("names an unknown parameter", () => rejects(withParams({ shards: 2 }), "params"));
  it("names an environment outside dev, staging, prod", () => rejects(withParams({}, { environment: "qa" }), "tags.environment"));
});

describe("the plan command", () => {
  it("prints the example request's plan as JSON", async () => {
    const printed: string[] = [];
    const request = path.resolve(__dirname, "../../../blueprints/serverless-streaming-pipeline/example.json");
    expect(await main(["plan", BLUEPRINT, "--request", request, "--format", "json"], (text) => printed.push(text))).toBe(0);
    const plan = JSON.parse(printed.join("")) as Plan;
    expect(plan).toMatchObject({ blueprint: BLUEPRINT, deployment: "example", region: "us-east-1" });
    expect(plan.resources.filter((r) => !r.component).length).toBeGreaterThan(40);
  });
});
