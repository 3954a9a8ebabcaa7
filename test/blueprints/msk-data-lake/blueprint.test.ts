import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../api/cli/main";
import { MskDataLake } from "../../../blueprints/msk-data-lake/component";
import { mskDataLakeRequest } from "../../../blueprints/msk-data-lake/schema";
import { renderPlan, type Plan } from "../../../programs/offline-plan/render-plan";
import { exampleOf, expectRejected, renderSideBySide } from "../../support/blueprint-requests";
import { expectExactNetworkRules, expectGlueDefaults } from "../../support/plan-checks";
import { inputs, one, ofType, statementsOf, wiredTo } from "../../support/plan-queries";
import { deploymentKeyArn, expectCatalogueDefaults } from "../../support/secure-defaults";

const BLUEPRINT = "msk-data-lake";
const { example, withParams } = exampleOf(BLUEPRINT);

const VPC = "awsx:ec2:Vpc";
const CLUSTER = "aws:msk/cluster:Cluster";
const SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster";
const FUNCTION = "aws:lambda/function:Function";
const MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const BUCKET = "aws:s3/bucket:Bucket";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const JOB = "aws:glue/job:Job";
const NAMESPACE = "aws:redshiftserverless/namespace:Namespace";
const WORKGROUP = "aws:redshiftserverless/workgroup:Workgroup";
const QS_SOURCE = "aws:quicksight/dataSource:DataSource";
const QS_VPC = "aws:quicksight/vpcConnection:VpcConnection";
const TOPIC = "aws:msk/topic:Topic";
const CRAWLER = "aws:glue/crawler:Crawler";
const STATEMENT = "aws:redshiftdata/statement:Statement";

const EXISTING = { vpcId: "vpc-0a1b2c3d4e5f60718", privateSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"] };

function expectBlueprintInvariants(plan: Plan, tags: Record<string, string>) {
  expectCatalogueDefaults(plan, tags);
  expectExactNetworkRules(plan);
  expectGlueDefaults(plan, deploymentKeyArn(plan));
  for (const cluster of ofType(plan, CLUSTER)) {
    // MSK.1, MSK.2, MSK.6: TLS only, KMS at rest, IAM auth, unauthenticated off, monitoring, broker logs.
    expect(inputs(cluster), cluster.name).toMatchObject({
      encryptionInfo: { encryptionAtRestKmsKeyArn: deploymentKeyArn(plan), encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
      clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
      enhancedMonitoring: expect.stringMatching(/^PER_TOPIC_PER_(BROKER|PARTITION)$/),
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true } } },
    });
  }
  for (const cluster of ofType(plan, SERVERLESS)) expect(inputs(cluster).clientAuthentication).toEqual({ sasl: { iam: { enabled: true } } });
  for (const vpc of ofType(plan, VPC)) expect(inputs(vpc).tags).toEqual(inputs(one(plan, "aws:kms/key:Key")).tags);
  const topic = one(plan, "aws:sns/topic:Topic");
  const alarms = ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm");
  expect(alarms.map((a) => a.name.replace(`${plan.deployment}-`, "")).sort()).toEqual(["consumer-errors", "consumer-lag", "consumer-parked", "raw-freshness"]);
  for (const a of alarms) expect(wiredTo(a, "alarmActions", topic) && wiredTo(a, "okActions", topic), a.name).toBe(true);
  expect(wiredTo(one(plan, "aws:cloudwatch/metricAlarm:MetricAlarm", "consumer-lag"), "dimensions", one(plan, FUNCTION))).toBe(true);
  expect(wiredTo(one(plan, "aws:cloudwatch/metricAlarm:MetricAlarm", "raw-freshness"), "dimensions", one(plan, FIREHOSE))).toBe(true);
}


describe("msk-data-lake with its example request", () => {
  let plan: Plan;
  it("renders every resource of the architecture", async () => {
    plan = await renderPlan(BLUEPRINT, example, { name: "orders-lake" });
    const types = new Set(plan.resources.map((r) => r.type));
    for (const type of [
      VPC, SG, INGRESS, CLUSTER, "aws:msk/configuration:Configuration", FUNCTION, MAPPING, "aws:sqs/queue:Queue", FIREHOSE, BUCKET,
      "aws:glue/catalogDatabase:CatalogDatabase", "aws:glue/catalogTable:CatalogTable", JOB, "aws:glue/trigger:Trigger",
      "aws:glue/securityConfiguration:SecurityConfiguration", "aws:s3/bucketObjectv2:BucketObjectv2", NAMESPACE, WORKGROUP, "aws:kms/key:Key",
      TOPIC, CRAWLER, STATEMENT,
    ]) {
      expect(types, type).toContain(type);
    }
    expect(ofType(plan, SERVERLESS)).toHaveLength(0);
    expect(ofType(plan, QS_SOURCE)).toHaveLength(0);
  });

  it("applies the secure defaults, tags, exact IAM and exact network rules", () => expectBlueprintInvariants(plan, example.tags));

  it("runs MSK in the new VPC's private subnets behind its own group", () => {
    const vpc = one(plan, VPC);
    const cluster = one(plan, CLUSTER);
    const kafkaGroup = one(plan, SG, "kafka-sg");
    expect(wiredTo(cluster, "brokerNodeGroupInfo", vpc)).toBe(true);
    expect(wiredTo(cluster, "brokerNodeGroupInfo", kafkaGroup)).toBe(true);
    expect(inputs(cluster).brokerNodeGroupInfo.clientSubnets).toEqual(["a", "b", "c"].map((az) => `subnet-orders-lake-network-private-${az}`));
    expect(inputs(cluster)).toMatchObject({ numberOfBrokerNodes: 3, brokerNodeGroupInfo: { instanceType: "kafka.t3.small" } });
    expect(wiredTo(cluster, "loggingInfo", one(plan, "aws:cloudwatch/logGroup:LogGroup", "broker-logs"))).toBe(true);
    expect(wiredTo(kafkaGroup, "vpcId", vpc)).toBe(true);
  });

  it("admits the MSK IAM port from the consumers' group and the pollers only", () => {
    const kafkaGroup = one(plan, SG, "kafka-sg");
    const consumerGroup = one(plan, SG, "consumer-sg");
    const intoKafka = ofType(plan, INGRESS).filter((r) => wiredTo(r, "securityGroupId", kafkaGroup));
    expect(intoKafka).toHaveLength(2);
    for (const rule of intoKafka) expect(inputs(rule)).toMatchObject({ fromPort: 9098, toPort: 9098 });
    expect(intoKafka.some((r) => wiredTo(r, "referencedSecurityGroupId", consumerGroup))).toBe(true);
    expect(intoKafka.some((r) => wiredTo(r, "referencedSecurityGroupId", kafkaGroup))).toBe(true);
    // The consumer may open 9098 to the brokers and HTTPS to AWS APIs, nothing else.
    const fromConsumer = ofType(plan, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => wiredTo(r, "securityGroupId", consumerGroup));
    expect(fromConsumer.map((r) => inputs(r).fromPort).sort()).toEqual([443, 9098]);
  });

  it("wires cluster → one event source per topic → consumer in the VPC → Firehose → raw zone by reference", () => {
    const cluster = one(plan, CLUSTER);
    const consumer = one(plan, FUNCTION);
    const failures = one(plan, "aws:sqs/queue:Queue", "consumer-failures");
    const mappings = ofType(plan, MAPPING);
    expect(mappings.map((m) => inputs(m).topics)).toEqual([["orders"], ["clickstream"]]);
    // B2: Lambda requires a consumer group per Kafka mapping; each joins <group>-<topic>.
    expect(mappings.map((m) => inputs(m).amazonManagedKafkaEventSourceConfig.consumerGroupId)).toEqual(["data-lake-ingest-orders", "data-lake-ingest-clickstream"]);
    for (const mapping of mappings) {
      expect(wiredTo(mapping, "eventSourceArn", cluster)).toBe(true);
      expect(wiredTo(mapping, "functionName", consumer)).toBe(true);
      expect(wiredTo(mapping, "destinationConfig", failures)).toBe(true);
      // A mapping starts polling only once its topic exists.
      const topic = ofType(plan, TOPIC).find((t) => inputs(t).name === inputs(mapping).topics[0]);
      expect(mapping.dependencies, mapping.name).toContain(topic!.urn);
      expect(inputs(mapping)).toMatchObject({
        startingPosition: "TRIM_HORIZON",
        provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 2 },
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 3,
      });
    }
    expect(wiredTo(consumer, "vpcConfig", one(plan, SG, "consumer-sg"))).toBe(true);
    expect(wiredTo(consumer, "vpcConfig", one(plan, VPC))).toBe(true);
    const firehose = one(plan, FIREHOSE);
    expect(wiredTo(consumer, "environment", firehose)).toBe(true);
    expect(firehose.inputs["kinesisSourceConfiguration"]).toBeUndefined();
    const raw = one(plan, BUCKET, "-raw");
    expect(wiredTo(firehose, "extendedS3Configuration", raw)).toBe(true);
    expect(inputs(firehose).extendedS3Configuration).toMatchObject({
      prefix: "raw/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/",
      compressionFormat: "GZIP",
    });
  });

  it("grants the consumer exactly the cluster, topics, group and stream it uses", () => {
    const statements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "consumer-policy"));
    const clusterArn = "arn:aws:kafka:us-east-1:000000000000:cluster/orders-lake-kafka/orders-lake-kafka-uuid";
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"], Resource: [clusterArn] }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeClusterDynamicConfiguration"], Resource: [clusterArn] }));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        Resource: ["orders", "clickstream"].map((t) => `arn:aws:kafka:us-east-1:000000000000:topic/orders-lake-kafka/orders-lake-kafka-uuid/${t}`),
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        Resource: ["orders", "clickstream"].map((t) => `arn:aws:kafka:us-east-1:000000000000:group/orders-lake-kafka/orders-lake-kafka-uuid/data-lake-ingest-${t}`),
      }),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["firehose:PutRecordBatch"], Resource: ["arn:aws:firehose:us-east-1:000000000000:deliverystream/orders-lake-raw-delivery"] }));
  });

  it("creates the requested topics on the cluster, replicated across the three zones, with auto-creation off", () => {
    const cluster = one(plan, CLUSTER);
    const topics = ofType(plan, TOPIC);
    expect(topics.map((t) => inputs(t).name)).toEqual(["orders", "clickstream"]);
    for (const topic of topics) {
      expect(inputs(topic)).toMatchObject({ partitionCount: 6, replicationFactor: 3 });
      expect(wiredTo(topic, "clusterArn", cluster)).toBe(true);
    }
    expect(inputs(one(plan, "aws:msk/configuration:Configuration")).serverProperties).toContain("auto.create.topics.enable=false");
    expect(inputs(cluster).kafkaVersion).toBe("3.8.x");
  });

  it("keeps the broker logs under /aws/vendedlogs/", () => {
    expect(inputs(one(plan, "aws:cloudwatch/logGroup:LogGroup", "broker-logs")).name).toBe("/aws/vendedlogs/slipstream/orders-lake-kafka/broker-logs");
  });

  it("registers the raw zone's partitions for Redshift Spectrum with a crawler that never rewrites the table", () => {
    const crawler = one(plan, CRAWLER);
    const table = one(plan, "aws:glue/catalogTable:CatalogTable");
    expect(inputs(crawler)).toMatchObject({
      name: "orders-lake-raw-partitions",
      catalogTargets: [{ databaseName: "orders_lake_lake", tables: ["raw_kafka_records"] }],
      schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "LOG" },
      schedule: "cron(10 * * * ? *)",
      securityConfiguration: "orders-lake-glue",
    });
    expect(JSON.parse(inputs(crawler).configuration)).toMatchObject({ Version: 1, CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } } });
    expect(wiredTo(crawler, "catalogTargets", table)).toBe(true);
    const statements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "raw-partitions-policy"));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::orders-lake-raw/raw/*"] }));
    expect(statements).toContainEqual(
      expect.objectContaining({ Sid: "RegisterRawPartitions", Action: expect.arrayContaining(["glue:BatchCreatePartition"]), Resource: expect.arrayContaining(["arn:aws:glue:us-east-1:000000000000:table/orders_lake_lake/raw_kafka_records"]) }),
    );
    expect(statements.flatMap((st) => st.Action)).not.toContain("glue:UpdateTable");
    expect(wiredTo(crawler, "role", one(plan, "aws:iam/role:Role", "raw-partitions-role"))).toBe(true);
  });

  it("creates the warehouse's external schema over the lake during the deployment (Redshift Data API)", () => {
    const statement = one(plan, STATEMENT);
    expect(inputs(statement)).toMatchObject({
      workgroupName: "orders-lake-warehouse",
      database: "analytics",
      secretArn: "arn:aws:secretsmanager:us-east-1:000000000000:secret:redshift!orders-lake-warehouse-admin",
      sql: "CREATE EXTERNAL SCHEMA IF NOT EXISTS lake FROM DATA CATALOG DATABASE 'orders_lake_lake' IAM_ROLE 'arn:aws:iam::000000000000:role/orders-lake-spectrum-role'",
    });
    expect(wiredTo(statement, "workgroupName", one(plan, WORKGROUP))).toBe(true);
    expect(wiredTo(statement, "secretArn", one(plan, NAMESPACE))).toBe(true);
    expect(wiredTo(statement, "sql", one(plan, "aws:iam/role:Role", "spectrum-role"))).toBe(true);
    expect(statement.dependencies).toContain(one(plan, "aws:iam/rolePolicy:RolePolicy", "spectrum-policy").urn);
  });

  it("catalogs the raw zone and curates it with a scheduled Glue job", () => {
    const database = one(plan, "aws:glue/catalogDatabase:CatalogDatabase");
    const table = one(plan, "aws:glue/catalogTable:CatalogTable");
    const raw = one(plan, BUCKET, "-raw");
    expect(inputs(database).name).toBe("orders_lake_lake");
    expect(wiredTo(table, "databaseName", database)).toBe(true);
    expect(wiredTo(table, "storageDescriptor", raw)).toBe(true);
    expect(inputs(table).partitionKeys.map((k: { name: string }) => k.name)).toEqual(["year", "month", "day", "hour"]);
    expect(inputs(table).parameters).toMatchObject({ "projection.enabled": "true", "storage.location.template": "s3://orders-lake-raw/raw/year=${year}/month=${month}/day=${day}/hour=${hour}/" });

    const job = one(plan, JOB);
    const script = one(plan, "aws:s3/bucketObjectv2:BucketObjectv2");
    const scripts = one(plan, BUCKET, "-scripts");
    expect(inputs(job)).toMatchObject({ glueVersion: "5.0", command: { name: "glueetl", scriptLocation: "s3://orders-lake-scripts/glue/curate_raw_zone.py" } });
    expect(wiredTo(script, "bucket", scripts)).toBe(true);
    expect(inputs(script).content).toContain("def curate(");
    expect(wiredTo(job, "defaultArguments", raw)).toBe(true);
    expect(wiredTo(job, "defaultArguments", one(plan, BUCKET, "-curated"))).toBe(true);
    expect(wiredTo(job, "defaultArguments", database)).toBe(true);
    const trigger = one(plan, "aws:glue/trigger:Trigger");
    expect(inputs(trigger)).toMatchObject({ type: "SCHEDULED", schedule: "cron(15 * * * ? *)", startOnCreation: true });
    expect(wiredTo(trigger, "actions", job)).toBe(true);
    const jobStatements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "curate-policy"));
    expect(jobStatements).toContainEqual(expect.objectContaining({ Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::orders-lake-raw/raw/*"] }));
    expect(jobStatements).toContainEqual(expect.objectContaining({ Sid: "MaintainCuratedTable", Resource: expect.arrayContaining(["arn:aws:glue:us-east-1:000000000000:table/orders_lake_lake/curated_kafka_records"]) }));
  });

  it("puts Redshift Serverless in the private subnets, reading the lake through the Glue catalog", () => {
    const namespace = one(plan, NAMESPACE);
    const workgroup = one(plan, WORKGROUP);
    const spectrumRole = one(plan, "aws:iam/role:Role", "spectrum-role");
    expect(wiredTo(namespace, "iamRoles", spectrumRole)).toBe(true);
    expect(wiredTo(workgroup, "securityGroupIds", one(plan, SG, "warehouse-sg"))).toBe(true);
    expect(wiredTo(workgroup, "subnetIds", one(plan, VPC))).toBe(true);
    expect(ofType(plan, INGRESS).filter((r) => wiredTo(r, "securityGroupId", one(plan, SG, "warehouse-sg")))).toHaveLength(0);
  });
});

describe("msk-data-lake options", () => {
  it("runs MSK Serverless in the caller's VPC without creating one", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ network: { existing: EXISTING }, kafka: { mode: "serverless", topics: ["orders"] } }), { name: "byo-lake" });
    expect(ofType(plan, VPC)).toHaveLength(0);
    expect(ofType(plan, CLUSTER)).toHaveLength(0);
    const cluster = one(plan, SERVERLESS);
    expect(inputs(cluster).vpcConfigs).toEqual([{ subnetIds: EXISTING.privateSubnetIds.slice(0, 3), securityGroupIds: ["byo-lake-kafka-sg-id"] }]);
    expect(wiredTo(one(plan, MAPPING), "eventSourceArn", cluster)).toBe(true);
    expect(inputs(one(plan, FUNCTION)).vpcConfig.subnetIds).toEqual(EXISTING.privateSubnetIds);
    expect(inputs(one(plan, WORKGROUP)).subnetIds).toEqual(EXISTING.privateSubnetIds);
    for (const group of ofType(plan, SG)) expect(inputs(group).vpcId).toBe(EXISTING.vpcId);
    // Serverless has no broker logs to keep, and no topic API: the caller creates the topics.
    expect(ofType(plan, "aws:cloudwatch/logGroup:LogGroup").filter((g) => g.name.endsWith("broker-logs"))).toHaveLength(0);
    expect(ofType(plan, TOPIC)).toHaveLength(0);
    expectBlueprintInvariants(plan, example.tags);
  });

  it("adds a QuickSight data source reaching the warehouse through a VPC connection", async () => {
    const principalArn = "arn:aws:quicksight:us-east-1:000000000000:group/default/analysts";
    const plan = await renderPlan(BLUEPRINT, withParams({ quicksight: { enabled: true, principalArn } }), { name: "bi-lake" });
    const source = one(plan, QS_SOURCE);
    const connection = one(plan, QS_VPC);
    const qsGroup = one(plan, SG, "quicksight-sg");
    expect(wiredTo(source, "vpcConnectionProperties", connection)).toBe(true);
    expect(wiredTo(source, "parameters", one(plan, WORKGROUP))).toBe(true);
    expect(wiredTo(source, "credentials", one(plan, NAMESPACE))).toBe(true);
    expect(inputs(source)).toMatchObject({ type: "REDSHIFT", parameters: { redshift: { database: "analytics", port: 5439 } }, permissions: [{ principal: principalArn }] });
    expect(wiredTo(connection, "securityGroupIds", qsGroup)).toBe(true);
    const intoWarehouse = ofType(plan, INGRESS).filter((r) => wiredTo(r, "securityGroupId", one(plan, SG, "warehouse-sg")));
    expect(intoWarehouse).toHaveLength(1);
    expect(inputs(intoWarehouse[0]!)).toMatchObject({ fromPort: 5439, toPort: 5439 });
    expect(wiredTo(intoWarehouse[0]!, "referencedSecurityGroupId", qsGroup)).toBe(true);
    // M10: QuickSight's interfaces are not stateful; its group admits the warehouse group's replies.
    const intoQuickSight = ofType(plan, INGRESS).filter((r) => wiredTo(r, "securityGroupId", qsGroup));
    expect(intoQuickSight).toHaveLength(1);
    expect(inputs(intoQuickSight[0]!)).toMatchObject({ ipProtocol: "tcp", fromPort: 0, toPort: 65535 });
    expect(wiredTo(intoQuickSight[0]!, "referencedSecurityGroupId", one(plan, SG, "warehouse-sg"))).toBe(true);
    // M10: QuickSight's Secrets Manager role may read the admin secret and decrypt it with the key.
    const secretAccess = one(plan, "aws:iam/rolePolicy:RolePolicy", "quicksight-secret-access");
    expect(inputs(secretAccess).role).toBe("aws-quicksight-secretsmanager-role-v0");
    expect(statementsOf(secretAccess)).toEqual([
      { Sid: "ReadWarehouseSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["arn:aws:secretsmanager:us-east-1:000000000000:secret:redshift!bi-lake-warehouse-admin"] },
      { Sid: "DecryptWarehouseSecret", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [deploymentKeyArn(plan)] },
    ]);
    expect(source.dependencies).toContain(secretAccess.urn);
    expectBlueprintInvariants(plan, example.tags);
  });

  it("sizes prod for availability", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({}, { environment: "prod" }), { name: "lake-prod" });
    expect(inputs(one(plan, CLUSTER))).toMatchObject({ numberOfBrokerNodes: 6, brokerNodeGroupInfo: { instanceType: "kafka.m7g.large", storageInfo: { ebsStorageInfo: { volumeSize: 1000 } } } });
    expect(inputs(one(plan, VPC)).natGateways).toEqual({ strategy: "OnePerAz" });
    expect(inputs(one(plan, "aws:cloudwatch/logGroup:LogGroup", "consumer-logs")).retentionInDays).toBe(731);
    for (const bucket of ofType(plan, BUCKET)) expect(inputs(bucket).forceDestroy).toBe(false);
    expectBlueprintInvariants(plan, { ...example.tags, environment: "prod" });
  });

  it("passes the request's consumer, broker and ETL settings through", async () => {
    const plan = await renderPlan(
      BLUEPRINT,
      withParams({
        kafka: { topics: ["a.b_c-d"], brokerInstanceType: "kafka.m7g.xlarge", brokersPerZone: 2, volumeGiB: 250 },
        consumer: { batchSize: 500, maximumRetryAttempts: 0, maximumRecordAgeSeconds: 600, maximumPollers: 5, startingPosition: "LATEST" },
        etl: { schedule: "cron(0 */6 * * ? *)", glueVersion: "4.0", workerType: "G.2X", numberOfWorkers: 4 },
      }),
      { name: "tuned-lake" },
    );
    expect(inputs(one(plan, CLUSTER))).toMatchObject({ numberOfBrokerNodes: 6, brokerNodeGroupInfo: { instanceType: "kafka.m7g.xlarge" } });
    expect(inputs(one(plan, MAPPING))).toMatchObject({
      topics: ["a.b_c-d"],
      batchSize: 500,
      maximumRetryAttempts: 0,
      maximumRecordAgeInSeconds: 600,
      startingPosition: "LATEST",
      provisionedPollerConfig: { maximumPollers: 5 },
      amazonManagedKafkaEventSourceConfig: { consumerGroupId: "slipstream-tuned-lake-a.b_c-d" },
    });
    expect(inputs(one(plan, JOB))).toMatchObject({ glueVersion: "4.0", workerType: "G.2X", numberOfWorkers: 4 });
    expect(inputs(one(plan, "aws:glue/trigger:Trigger")).schedule).toBe("cron(0 */6 * * ? *)");
  });

  it("names the consumer group after the deployment by default", async () => {
    const plan = await renderPlan(BLUEPRINT, { params: { kafka: { topics: ["t"] } }, tags: example.tags }, { name: "plain" });
    expect(inputs(one(plan, MAPPING)).amazonManagedKafkaEventSourceConfig).toEqual({ consumerGroupId: "slipstream-plain-t" });
  });

  it("keeps every group within Lambda's 200 characters and distinct, however long the topics", async () => {
    const topics = ["a", "b"].map((suffix) => `${"t".repeat(240)}${suffix}`);
    const plan = await renderPlan(BLUEPRINT, withParams({ kafka: { topics }, consumer: { consumerGroupId: "g".repeat(200) } }), { name: "long-lake" });
    const groups = ofType(plan, MAPPING).map((m) => inputs(m).amazonManagedKafkaEventSourceConfig.consumerGroupId as string);
    expect(new Set(groups).size).toBe(2);
    for (const group of groups) expect(group.length).toBeLessThanOrEqual(200);
    const commit = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "consumer-policy")).find((st) => st.Sid === "CommitOffsets")!;
    expect(commit.Resource).toEqual(groups.map((g) => `arn:aws:kafka:us-east-1:000000000000:group/long-lake-kafka/long-lake-kafka-uuid/${g}`));
  });

  it("takes the request's partition count for the topics it creates", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ kafka: { topics: ["t"], partitionsPerTopic: 24 } }), { name: "wide-lake" });
    expect(inputs(one(plan, TOPIC))).toMatchObject({ name: "t", partitionCount: 24 });
  });
});

describe("two msk-data-lake deployments in one program", () => {
  it("do not collide", async () => {
    const request = mskDataLakeRequest.parse(example);
    const resources = await renderSideBySide(() => {
      new MskDataLake("team-a", request);
      new MskDataLake("team-b", request);
    });
    const physical = (type: string, field: string) => ofType(resources, type).map((r) => inputs(r)[field]);
    expect(physical(CLUSTER, "clusterName")).toEqual(["team-a-kafka", "team-b-kafka"]);
    expect(physical("aws:glue/catalogDatabase:CatalogDatabase", "name")).toEqual(["team_a_lake", "team_b_lake"]);
    expect(physical("aws:glue/securityConfiguration:SecurityConfiguration", "name")).toEqual(["team-a-glue", "team-b-glue"]);
    expect(new Set(physical(NAMESPACE, "namespaceName")).size).toBe(2);
    expect(new Set(physical("aws:kms/alias:Alias", "name")).size).toBe(2);
  });
});

describe("invalid msk-data-lake requests", () => {
  const rejects = (request: unknown, field: string, name?: string) => expectRejected(BLUEPRINT, request, field, name);

  it("names missing topics", () => rejects(withParams({ kafka: { mode: "provisioned" } }), "params.kafka.topics"));
  it("names a topic that is not a Kafka topic name", () => rejects(withParams({ kafka: { topics: ["orders/v1"] } }), "params.kafka.topics.0"));
  it("names QuickSight without its principal", () => rejects(withParams({ quicksight: { enabled: true } }), "params.quicksight.principalArn"));
  it("names too few subnets for Redshift Serverless", () => rejects(withParams({ network: { existing: { ...EXISTING, privateSubnetIds: EXISTING.privateSubnetIds.slice(0, 2) } } }), "params.network.existing.privateSubnetIds"));
  it("names broker settings on a serverless cluster", () => rejects(withParams({ kafka: { mode: "serverless", topics: ["t"], brokerInstanceType: "kafka.m7g.large" } }), "params.kafka.brokerInstanceType"));
  it("names a partition count on a serverless cluster", () => rejects(withParams({ kafka: { mode: "serverless", topics: ["t"], partitionsPerTopic: 3 } }), "params.kafka.partitionsPerTopic"));
  it("names a Kafka version without MSK's topic APIs", () => rejects(withParams({ kafka: { topics: ["t"], kafkaVersion: "3.5.1" } }), "params.kafka.kafkaVersion"));
  it("names a partition count that overloads the environment's brokers", async () => {
    const topics = Array.from({ length: 20 }, (_, i) => `t${i}`);
    // dev: three kafka.t3.small brokers, 300 partitions each; 20 × 16 × 3 replicas is 320 each.
    await rejects(withParams({ kafka: { topics, partitionsPerTopic: 16 } }), "params.kafka.partitionsPerTopic");
    // The same topics fit prod's six kafka.m7g.large brokers.
    const plan = await renderPlan(BLUEPRINT, withParams({ kafka: { topics, partitionsPerTopic: 16 } }, { environment: "prod" }), { name: "busy-lake" });
    expect(ofType(plan, TOPIC)).toHaveLength(20);
  });
  it("names a QuickSight role name IAM would refuse", () => rejects(withParams({ quicksight: { enabled: true, principalArn: "arn:aws:quicksight:us-east-1:000000000000:group/default/a", secretsManagerRoleName: "no spaces" } }), "params.quicksight.secretsManagerRoleName"));
  it("names a Glue version below 4.0", () => rejects(withParams({ etl: { glueVersion: "3.0" } }), "params.etl.glueVersion"));
  it("names a schedule that is not a Glue cron expression", () => rejects(withParams({ etl: { schedule: "hourly" } }), "params.etl.schedule"));
  it("names an unknown parameter", () => rejects(withParams({ brokers: 3 }), "params"));
  it("names a missing required tag", () => rejects({ params: example.params, tags: { owner: "x", environment: "dev" } }, "tags.cost-center"));
});

describe("the plan command", () => {
  it("prints the example request's plan as JSON", async () => {
    const printed: string[] = [];
    const request = path.resolve(__dirname, "../../../blueprints/msk-data-lake/example.json");
    expect(await main(["plan", BLUEPRINT, "--request", request, "--format", "json"], (text) => printed.push(text))).toBe(0);
    const plan = JSON.parse(printed.join("")) as Plan;
    expect(plan).toMatchObject({ blueprint: BLUEPRINT, deployment: "example", region: "us-east-1" });
    expect(plan.resources.filter((r) => !r.component).length).toBeGreaterThan(40);
  });
});
