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
const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
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

  it("wires stream → Flink → serving table by reference, running the default application from the artifact bucket", () => {
    const stream = one(plan, STREAM);
    const table = one(plan, TABLE);
    const app = one(plan, FLINK);
    const code = one(plan, OBJECT, "analytics-code");
    const config = inputs(app).applicationConfiguration;
    expect(inputs(app)).toMatchObject({ name: "devices-analytics", runtimeEnvironment: "FLINK-1_20", startApplication: false });
    expect(wiredTo(app, "applicationConfiguration", stream)).toBe(true);
    expect(wiredTo(app, "applicationConfiguration", table)).toBe(true);
    expect(app.dependencies).toContain(code.urn);
    // The ZIP in the deployment's own encrypted bucket — no made-up bucket.
    expect(wiredTo(code, "bucket", one(plan, "aws:s3/bucket:Bucket", "-scripts"))).toBe(true);
    expect(inputs(code)).toMatchObject({ contentType: "application/zip", serverSideEncryption: "aws:kms", kmsKeyId: deploymentKeyArn(plan) });
    expect(Object.keys(inputs(code).source.archive)).toEqual(expect.arrayContaining(["main.py", "aggregates.py"]));
    expect(config.applicationCodeConfiguration).toEqual({
      codeContentType: "ZIPFILE",
      codeContent: { s3ContentLocation: { bucketArn: "arn:aws:s3:::devices-scripts", fileKey: inputs(code).key } },
    });
    const groups = Object.fromEntries(config.environmentProperties.propertyGroups.map((g: { propertyGroupId: string; propertyMap: unknown }) => [g.propertyGroupId, g.propertyMap]));
    expect(groups).toEqual({
      "kinesis.analytics.flink.run.options": { python: "main.py", jarfile: "lib/pyflink-dependencies.jar", pyFiles: "aggregates.py" },
      "slipstream.source": { "stream.arn": "arn:aws:kinesis:us-east-1:000000000000:stream/devices-stream", "aws.region": "us-east-1", "initial.position": "TRIM_HORIZON" },
      "slipstream.records": { columns: "device_id:string;temperature:double", "group.by": "device_id", measures: "temperature", "window.seconds": "60" },
      "slipstream.sink": { "table.name": "devices-serving", "aws.region": "us-east-1", "partition.key": "device_id", "partition.key.type": "S", "sort.key": "window_start", "sort.key.type": "S" },
    });
    expect(config.flinkApplicationConfiguration.parallelismConfiguration).toMatchObject({ configurationType: "CUSTOM", parallelism: 2 });
    expect(inputs(table)).toMatchObject({ hashKey: "device_id", rangeKey: "window_start", deletionProtectionEnabled: false });
    const flinkStatements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "analytics-policy"));
    expect(flinkStatements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(["kinesis:GetRecords"]), Resource: ["arn:aws:kinesis:us-east-1:000000000000:stream/devices-stream"] }));
    expect(flinkStatements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(["dynamodb:BatchWriteItem"]), Resource: ["arn:aws:dynamodb:us-east-1:000000000000:table/devices-serving"] }));
    expect(flinkStatements).toContainEqual(expect.objectContaining({ Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`arn:aws:s3:::devices-scripts/${inputs(code).key}`] }));
    // m7: the logging role may find its log group.
    expect(flinkStatements).toContainEqual({ Sid: "FindLogGroup", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: ["arn:aws:logs:us-east-1:000000000000:log-group:*"] });
  });

  it("lets Managed Flink use the key for exactly its application (B1)", () => {
    const key = statementsOf(one(plan, "aws:kms/key:Key"));
    const app = "arn:aws:kinesisanalytics:us-east-1:000000000000:application/devices-analytics";
    const context = { "kms:EncryptionContext:aws:kinesisanalytics:arn": [app] };
    expect(key).toContainEqual(expect.objectContaining({
      Principal: { Service: ["kinesisanalytics.amazonaws.com", "infrastructure.kinesisanalytics.amazonaws.com"] },
      Action: ["kms:DescribeKey"],
      Condition: { StringEquals: { "aws:SourceAccount": "000000000000", "aws:SourceArn": [app] } },
    }));
    expect(key).toContainEqual(expect.objectContaining({
      Principal: { Service: "kinesisanalytics.amazonaws.com" },
      Action: ["kms:GenerateDataKey"],
      Condition: { StringEquals: { "aws:SourceAccount": "000000000000", "aws:SourceArn": [app], ...context } },
    }));
    expect(key).toContainEqual(expect.objectContaining({ Principal: { Service: "kinesisanalytics.amazonaws.com" }, Action: ["kms:Decrypt"], Condition: { StringEquals: context } }));
    expect(key).toContainEqual(expect.objectContaining({ Principal: { Service: "infrastructure.kinesisanalytics.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext"], Condition: { StringEquals: context } }));
    expect(key).toContainEqual(expect.objectContaining({
      Principal: { Service: "infrastructure.kinesisanalytics.amazonaws.com" },
      Action: ["kms:CreateGrant"],
      Condition: { StringEquals: { ...context, "kms:GrantConstraintType": "EncryptionContextSubset" }, "ForAllValues:StringEquals": { "kms:GrantOperations": "Decrypt" } },
    }));
    // The application the key names is the application the plan creates.
    expect(inputs(one(plan, FLINK)).name).toBe("devices-analytics");
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
    // m4: the Glue Kinesis source gets the stream's name and its Region's endpoint, not us-east-1's default.
    expect(inputs(table).storageDescriptor.parameters).toMatchObject({
      typeOfData: "kinesis",
      streamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/devices-stream",
      streamName: "devices-stream",
      endpointUrl: "https://kinesis.us-east-1.amazonaws.com",
    });
    const job = one(plan, JOB);
    expect(inputs(job)).toMatchObject({ glueVersion: "4.0", workerType: "G.025X", command: { name: "gluestreaming" }, maxRetries: 0 });
    expect(inputs(job).timeout).toBeUndefined();
    expect(wiredTo(job, "defaultArguments", table)).toBe(true);
    expect(wiredTo(job, "defaultArguments", database)).toBe(true);
    expect(wiredTo(job, "defaultArguments", one(plan, "aws:s3/bucket:Bucket", "-lake"))).toBe(true);
    expect(inputs(job).defaultArguments).toMatchObject({ "--lake_path": "s3://devices-lake/parquet/", "--window_seconds": "100" });
    const script = inputs(one(plan, OBJECT, "stream-to-lake-script")).content;
    expect(script).toContain("forEachBatch");
    // m5: partitions come from the record timestamp the Kinesis source adds with addRecordTimestamp.
    expect(script).toContain('"addRecordTimestamp": "true"');
    expect(script).toContain('SOURCE_TIMESTAMP = "__src_timestamp"');
    expect(script).not.toContain("approximateArrivalTimestamp\" in");
    expect(wiredTo(one(plan, "aws:glue/trigger:Trigger"), "actions", job)).toBe(true);
    const jobStatements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "stream-to-lake-policy"));
    expect(jobStatements).toContainEqual(expect.objectContaining({ Sid: "ReadStream", Resource: ["arn:aws:kinesis:us-east-1:000000000000:stream/devices-stream"] }));
    expect(jobStatements).toContainEqual(expect.objectContaining({ Sid: "WriteLake", Resource: ["arn:aws:s3:::devices-lake/parquet/*"] }));
    // m2: job metrics, in the Glue namespace only.
    expect(jobStatements).toContainEqual({ Sid: "PublishJobMetrics", Effect: "Allow", Action: ["cloudwatch:PutMetricData"], Resource: ["*"], Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } } });
    // m13: the groups Glue writes to exist first, with retention and the key, and the job waits for them.
    const groups = ofType(plan, "aws:cloudwatch/logGroup:LogGroup").filter((g) => g.name.startsWith("devices-stream-to-lake-logs-"));
    expect(groups.map((g) => inputs(g).name).sort()).toEqual([
      "/aws-glue/jobs/devices-glue-role/devices-stream-to-lake-role/error",
      "/aws-glue/jobs/devices-glue-role/devices-stream-to-lake-role/output",
      "/aws-glue/jobs/logs-v2-devices-glue",
    ]);
    for (const group of groups) {
      expect(inputs(group)).toMatchObject({ kmsKeyId: deploymentKeyArn(plan), retentionInDays: 365 });
      expect(job.dependencies).toContain(group.urn);
    }
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
    expect(JSON.stringify(statementsOf(one(plan, "aws:kms/key:Key")))).not.toContain("kinesisanalytics.amazonaws.com");
    expectBlueprintInvariants(plan, example.tags);
  });

  it("runs the caller's own artifact instead, decrypting it with the caller's key", async () => {
    const artifact = { bucketArn: "arn:aws:s3:::iot-flink-artifacts", fileKey: "apps/aggregates-2.1.0.zip", kmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/mrk-0a1b2c3d4e5f60718293a4b5c6d7e8f9" };
    const plan = await renderPlan(BLUEPRINT, withParams({ flink: { enabled: true, artifact } }), { name: "own-app" });
    expect(ofType(plan, OBJECT).map((o) => o.name)).not.toContain("own-app-analytics-code");
    const config = inputs(one(plan, FLINK)).applicationConfiguration;
    expect(config.applicationCodeConfiguration.codeContent.s3ContentLocation).toEqual({ bucketArn: artifact.bucketArn, fileKey: artifact.fileKey });
    expect(config.environmentProperties.propertyGroups).toEqual([
      { propertyGroupId: "slipstream", propertyMap: { "input.stream.name": "own-app-stream", "input.stream.arn": "arn:aws:kinesis:us-east-1:000000000000:stream/own-app-stream", "output.table.name": "own-app-serving", "aws.region": "us-east-1" } },
    ]);
    const statements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "analytics-policy"));
    expect(statements).toContainEqual({ Sid: "DecryptApplicationCode", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [artifact.kmsKeyArn] });
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`${artifact.bucketArn}/${artifact.fileKey}`] }));
    expectBlueprintInvariants(plan, example.tags);
  });

  it("bridges Kafka topics with a function outside any VPC: one MSK event source and consumer group per topic", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ bridge: BRIDGE }), { name: "bridged" });
    // M3: the function only calls Kinesis and SQS; the mappings' pollers reach the brokers through the cluster's own network.
    for (const absent of [VPC, SG, INGRESS, EGRESS]) expect(ofType(plan, absent), absent).toHaveLength(0);
    const bridge = one(plan, FUNCTION);
    const failures = one(plan, "aws:sqs/queue:Queue", "bridge-failures");
    expect(inputs(bridge).vpcConfig).toBeUndefined();
    expect(wiredTo(bridge, "environment", one(plan, STREAM))).toBe(true);
    expect(inputs(bridge)).toMatchObject({ memorySize: 256, timeout: 60 });
    const mappings = ofType(plan, MAPPING);
    expect(mappings.map((m) => inputs(m).topics)).toEqual([["plant-a.readings"], ["plant-b.readings"]]);
    // B2: Lambda requires a consumer group per Kafka mapping.
    expect(mappings.map((m) => inputs(m).amazonManagedKafkaEventSourceConfig.consumerGroupId)).toEqual(["slipstream-bridged-bridge-plant-a.readings", "slipstream-bridged-bridge-plant-b.readings"]);
    for (const mapping of mappings) {
      expect(inputs(mapping)).toMatchObject({ eventSourceArn: CLUSTER_ARN, startingPosition: "TRIM_HORIZON", functionResponseTypes: ["ReportBatchItemFailures"] });
      expect(wiredTo(mapping, "functionName", bridge)).toBe(true);
      expect(wiredTo(mapping, "destinationConfig", failures)).toBe(true);
    }
    const statements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "bridge-policy"));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["kinesis:PutRecords"], Resource: ["arn:aws:kinesis:us-east-1:000000000000:stream/bridged-stream"] }));
    const clusterPath = "legacy-kafka/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-3";
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"], Resource: BRIDGE.topics.map((t) => `arn:aws:kafka:us-east-1:000000000000:topic/${clusterPath}/${t}`) }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        Resource: BRIDGE.topics.map((t) => `arn:aws:kafka:us-east-1:000000000000:group/${clusterPath}/slipstream-bridged-bridge-${t}`),
      }),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"], Resource: [CLUSTER_ARN] }));
    // The pollers' interfaces in the cluster's subnets are placed with the function's role, VPC or not.
    expect(statements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(["ec2:CreateNetworkInterface", "ec2:DescribeSubnets"]), Resource: ["*"] }));
    expect(inputs(alarmNamed(plan, "bridge-errors")).metricName).toBe("Errors");
    expectBlueprintInvariants(plan, example.tags);
  });

  it("says what the cluster's group must allow when it is not given to change", async () => {
    const request = serverlessStreamingPipelineRequest.parse(withParams({ bridge: BRIDGE }));
    let pipeline: ServerlessStreamingPipeline | undefined;
    await renderSideBySide(() => void (pipeline = new ServerlessStreamingPipeline("told", request)));
    expect(pipeline!.outputs().bridgeClusterNetwork).toMatch(/admit itself on TCP 9098.*HTTPS out to STS and Lambda/);
    const withGroup = serverlessStreamingPipelineRequest.parse(withParams({ bridge: { ...BRIDGE, clusterSecurityGroupId: "sg-0123456789abcdef0" } }));
    await renderSideBySide(() => void (pipeline = new ServerlessStreamingPipeline("done", withGroup)));
    expect(pipeline!.outputs().bridgeClusterNetwork).toBeUndefined();
  });

  it("admits the cluster's group to itself on the MSK IAM port, with HTTPS out, when its id is given", async () => {
    const clusterSecurityGroupId = "sg-0123456789abcdef0";
    const plan = await renderPlan(BLUEPRINT, withParams({ bridge: { ...BRIDGE, clusterSecurityGroupId, timeoutSeconds: 120, memoryMiB: 512, batchSize: 500 } }), { name: "bridged-sg" });
    for (const absent of [VPC, SG]) expect(ofType(plan, absent), absent).toHaveLength(0);
    expect(inputs(one(plan, INGRESS))).toMatchObject({ securityGroupId: clusterSecurityGroupId, referencedSecurityGroupId: clusterSecurityGroupId, ipProtocol: "tcp", fromPort: 9098, toPort: 9098 });
    const egress = ofType(plan, EGRESS).map((r) => inputs(r));
    expect(egress).toHaveLength(2);
    expect(egress).toContainEqual(expect.objectContaining({ securityGroupId: clusterSecurityGroupId, referencedSecurityGroupId: clusterSecurityGroupId, fromPort: 9098, toPort: 9098 }));
    expect(egress).toContainEqual(expect.objectContaining({ securityGroupId: clusterSecurityGroupId, cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 }));
    expect(inputs(one(plan, FUNCTION))).toMatchObject({ timeout: 120, memorySize: 512 });
    expect(inputs(one(plan, FUNCTION)).vpcConfig).toBeUndefined();
    for (const mapping of ofType(plan, MAPPING)) expect(inputs(mapping).batchSize).toBe(500);
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
      withParams({ stream: { mode: "provisioned", shardCount: 7 }, streamingJob: { glueVersion: "4.0", workerType: "G.1X", numberOfWorkers: 3, windowSeconds: 30 }, alarms: { iteratorAgeSeconds: 300 } }),
      { name: "tuned" },
    );
    expect(inputs(one(plan, STREAM)).shardCount).toBe(7);
    expect(inputs(one(plan, JOB))).toMatchObject({ glueVersion: "4.0", workerType: "G.1X", numberOfWorkers: 3, defaultArguments: { "--window_seconds": "30" } });
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
    // Kafka event sources need account-wide unique groups: per deployment and per topic.
    const groups = ofType(resources, MAPPING).map((m) => inputs(m).amazonManagedKafkaEventSourceConfig.consumerGroupId);
    expect(groups).toEqual(["team-a", "team-b"].flatMap((team) => BRIDGE.topics.map((t) => `slipstream-${team}-bridge-${t}`)));
    expect(new Set(groups).size).toBe(groups.length);
    expect(new Set(physical("aws:kms/alias:Alias", "name")).size).toBe(2);
  });
});

describe("invalid serverless-streaming-pipeline requests", () => {
  const rejects = (request: unknown, field: string, name?: string) => expectRejected(BLUEPRINT, request, field, name);

  it("names a Glue version not documented for streaming (m3)", () => rejects(withParams({ streamingJob: { glueVersion: "5.0" } }), "params.streamingJob.glueVersion"));
  it("names a worker type streaming jobs cannot use (m3)", () => rejects(withParams({ streamingJob: { workerType: "G.4X" } }), "params.streamingJob.workerType"));
  it("names a groupBy field the records do not have", () => rejects(withParams({ flink: { aggregation: { groupBy: "site" } } }), "params.flink.aggregation.groupBy"));
  it("names a measure that is not numeric", () => rejects(withParams({ flink: { aggregation: { measures: ["status"] } } }), "params.flink.aggregation.measures.0"));
  it("names a binary key the default application cannot write", () => rejects(withParams({ servingTable: { partitionKey: { name: "device_id", type: "B" } } }), "params.servingTable.partitionKey.type"));
  it("names a numeric partition key over a string field", () => rejects(withParams({ servingTable: { partitionKey: { name: "device_id", type: "N" } } }), "params.servingTable.partitionKey.type"));
  it("names a sort key that collides with an item attribute", () => rejects(withParams({ servingTable: { partitionKey: { name: "device_id", type: "S" }, sortKey: { name: "record_count", type: "S" } } }), "params.servingTable"));
  it("names a bridge without its cluster", () => rejects(withParams({ bridge: { enabled: true, topics: ["t"] } }), "params.bridge.clusterArn"));
  it("names a bridge without topics", () => rejects(withParams({ bridge: { enabled: true, clusterArn: CLUSTER_ARN } }), "params.bridge.topics"));
  it("names a network: the bridge runs in no VPC", () => rejects(withParams({ network: { existing: EXISTING } }), "params"));
  it("names a cluster group that is not a security group id", () => rejects(withParams({ bridge: { ...BRIDGE, clusterSecurityGroupId: "default" } }), "params.bridge.clusterSecurityGroupId"));
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
