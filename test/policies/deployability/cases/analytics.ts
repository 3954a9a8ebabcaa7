import { KEY_ARN, TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const STREAMING_JOB = {
  name: "stream-to-lake",
  command: { name: "gluestreaming", pythonVersion: "3", scriptLocation: "s3://scripts/stream_to_lake.py" },
  glueVersion: "4.0",
  workerType: "G.025X",
  numberOfWorkers: 2,
  timeout: 2880,
  executionProperty: { maxConcurrentRuns: 1 },
  securityConfiguration: "lake-security",
  roleArn: "arn:aws:iam::000000000000:role/etl",
  tags: TAGS,
};
const CLUSTER = {
  clusterName: "orders-kafka",
  kafkaVersion: "3.8.x",
  numberOfBrokerNodes: 3,
  brokerNodeGroupInfo: { clientSubnets: ["subnet-a", "subnet-b", "subnet-c"], instanceType: "kafka.m7g.large", securityGroups: ["sg-1"], storageInfo: { ebsStorageInfo: { volumeSize: 100 } } },
  encryptionInfo: { encryptionAtRestKmsKeyArn: KEY_ARN, encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
  enhancedMonitoring: "PER_TOPIC_PER_BROKER",
  tags: TAGS,
};
const FLINK = {
  name: "orders-analytics",
  runtimeEnvironment: "FLINK-1_20",
  applicationMode: "STREAMING",
  serviceExecutionRole: "arn:aws:iam::000000000000:role/flink",
  applicationConfiguration: {
    applicationCodeConfiguration: { codeContentType: "ZIPFILE", codeContent: { s3ContentLocation: { bucketArn: "arn:aws:s3:::artifacts", fileKey: "flink/app.zip" } } },
    applicationEncryptionConfiguration: { keyType: "CUSTOMER_MANAGED_KEY", keyId: KEY_ARN },
    environmentProperties: { propertyGroups: [{ propertyGroupId: "slipstream", propertyMap: { "input.stream.name": "clicks" } }] },
    flinkApplicationConfiguration: {
      checkpointConfiguration: { configurationType: "DEFAULT" },
      monitoringConfiguration: { configurationType: "CUSTOM", logLevel: "INFO", metricsLevel: "APPLICATION" },
      parallelismConfiguration: { configurationType: "CUSTOM", parallelism: 2, parallelismPerKpu: 1, autoScalingEnabled: true },
    },
  },
  tags: TAGS,
};

export const analyticsCases: ResourceRuleCase[] = [
  {
    rule: "glue-job-limits",
    type: "aws:glue/job:Job",
    compliant: STREAMING_JOB,
    violations: [
      ["glueVersion", "2.0", "workerType", "G.025X needs Glue 3.0 or later; glueVersion is 2.0"],
      ["command.name", "glueetl", "workerType", "G.025X is for streaming jobs (command gluestreaming) only"],
      ["numberOfWorkers", 1, "numberOfWorkers", "1; a Spark job needs at least 2 workers"],
      ["numberOfWorkers", undefined, "numberOfWorkers", "workerType and numberOfWorkers are set together"],
      ["maxCapacity", 2, "maxCapacity", "cannot be set with workerType and numberOfWorkers"],
      ["workerType", "G.3X", "workerType", '"G.3X" is not a value AWS accepts'],
      ["glueVersion", "4", "glueVersion", "a version such as 4.0"],
      ["timeout", 10_081, "timeout", "outside AWS's range of 1 to 10080 minutes"],
      ["command.name", "sparkstreaming", "command.name", '"sparkstreaming" is not a value AWS accepts'],
    ],
    unknown: ["glueVersion", "workerType", "command.name"],
    alsoCompliant: [["glueVersion", "5.0"]],
  },
  {
    rule: "glue-job-limits",
    type: "aws:glue/job:Job",
    compliant: { name: "load", command: { name: "pythonshell", scriptLocation: "s3://scripts/load.py" }, maxCapacity: 0.0625, glueVersion: "3.0", tags: TAGS },
    violations: [
      ["maxCapacity", 0.5, "maxCapacity", "0.5; a Python shell job takes 0.0625 or 1 DPU"],
      ["workerType", "G.1X", "workerType", "Python shell jobs take maxCapacity, not worker types"],
    ],
  },
  {
    rule: "glue-trigger-limits",
    type: "aws:glue/trigger:Trigger",
    compliant: { type: "SCHEDULED", schedule: "cron(15 * * * ? *)", startOnCreation: true, actions: [{ jobName: "curate" }], tags: TAGS },
    violations: [
      ["schedule", "cron(15 * * * ?)", "schedule", "Glue takes cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)"],
      ["schedule", "rate(1 hour)", "schedule", "Glue takes cron("],
      ["schedule", undefined, "schedule", "a SCHEDULED trigger needs a cron() schedule"],
      ["type", "HOURLY", "type", '"HOURLY" is not a value AWS accepts'],
    ],
  },
  {
    rule: "glue-trigger-limits",
    type: "aws:glue/trigger:Trigger",
    compliant: { type: "ON_DEMAND", actions: [{ jobName: "curate" }], tags: TAGS },
    violations: [["startOnCreation", true, "startOnCreation", "ON_DEMAND triggers cannot start on creation"]],
  },
  {
    rule: "glue-crawler-limits",
    type: "aws:glue/crawler:Crawler",
    compliant: { name: "raw-partitions", databaseName: "lake", role: "arn:aws:iam::000000000000:role/crawler", schedule: "cron(10 * * * ? *)", catalogTargets: [{ databaseName: "lake", tables: ["raw"] }] },
    violations: [
      ["schedule", "rate(1 hour)", "schedule", "Glue takes cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)"],
      ["name", "c".repeat(256), "name", "AWS takes 1 to 255"],
    ],
  },
  {
    rule: "glue-catalog-names",
    type: "aws:glue/catalogTable:CatalogTable",
    compliant: { name: "raw_records", databaseName: "orders_lake" },
    violations: [
      ["name", "t".repeat(256), "name", "AWS takes 1 to 255"],
      ["databaseName", "", "databaseName", "AWS takes 1 to 255"],
    ],
  },
  {
    rule: "msk-cluster-limits",
    type: "aws:msk/cluster:Cluster",
    compliant: CLUSTER,
    violations: [
      ["numberOfBrokerNodes", 4, "numberOfBrokerNodes", "4 brokers over 3 subnets; MSK spreads brokers evenly, so the count must be a multiple of 3"],
      ["brokerNodeGroupInfo.clientSubnets", ["subnet-a"], "brokerNodeGroupInfo.clientSubnets", "1 subnets; MSK takes 2 or 3 subnets in distinct Availability Zones"],
      ["brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize", 16_385, "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize", "outside AWS's range of 1 to 16384 GiB"],
      ["brokerNodeGroupInfo.instanceType", "m7g.large", "brokerNodeGroupInfo.instanceType", "an MSK broker type such as kafka.m7g.large"],
      ["clusterName", "orders_kafka", "clusterName", "letters, digits and hyphens, a letter or digit first"],
      ["enhancedMonitoring", "PER_PARTITION", "enhancedMonitoring", '"PER_PARTITION" is not a value AWS accepts'],
    ],
    unknown: ["brokerNodeGroupInfo.clientSubnets", "numberOfBrokerNodes"],
    alsoCompliant: [["numberOfBrokerNodes", 6]],
  },
  {
    rule: "msk-cluster-limits",
    type: "aws:msk/cluster:Cluster",
    compliant: { ...CLUSTER, numberOfBrokerNodes: 6, brokerNodeGroupInfo: { ...CLUSTER.brokerNodeGroupInfo, instanceType: "express.m7g.large" } },
    violations: [["brokerNodeGroupInfo.clientSubnets", ["subnet-a", "subnet-b"], "brokerNodeGroupInfo.clientSubnets", "2 subnets; Express brokers need 3 subnets"]],
  },
  {
    rule: "msk-serverless-cluster-limits",
    type: "aws:msk/serverlessCluster:ServerlessCluster",
    compliant: { clusterName: "orders-kafka", clientAuthentication: { sasl: { iam: { enabled: true } } }, vpcConfigs: [{ subnetIds: ["subnet-a", "subnet-b"] }], tags: TAGS },
    violations: [
      ["clientAuthentication.sasl.iam.enabled", false, "clientAuthentication.sasl.iam.enabled", "MSK Serverless authenticates clients with IAM only"],
      ["clusterName", "-orders", "clusterName", "a letter or digit first"],
    ],
  },
  {
    rule: "msk-configuration-name",
    type: "aws:msk/configuration:Configuration",
    compliant: { name: "orders-kafka-configuration", kafkaVersions: ["3.8.x"], serverProperties: "auto.create.topics.enable=false" },
    violations: [["name", "orders.kafka", "name", "letters, digits and hyphens"]],
  },
  {
    rule: "flink-application-limits",
    type: "aws:kinesisanalyticsv2/application:Application",
    compliant: FLINK,
    violations: [
      ["name", "orders analytics", "name", "letters, digits, _ . and - only"],
      ["runtimeEnvironment", "flink-1.20", "runtimeEnvironment", "a runtime such as FLINK-1_20"],
      ["applicationConfiguration.flinkApplicationConfiguration.parallelismConfiguration.parallelism", 0, "applicationConfiguration.flinkApplicationConfiguration.parallelismConfiguration.parallelism", "AWS takes a whole number of at least 1"],
      ["applicationConfiguration.flinkApplicationConfiguration.parallelismConfiguration.parallelismPerKpu", 9, "applicationConfiguration.flinkApplicationConfiguration.parallelismConfiguration.parallelismPerKpu", "outside AWS's range of 1 to 8"],
      ["applicationConfiguration.flinkApplicationConfiguration.monitoringConfiguration.logLevel", "TRACE", "applicationConfiguration.flinkApplicationConfiguration.monitoringConfiguration.logLevel", "use one of INFO, WARN, ERROR, DEBUG"],
      [
        "applicationConfiguration.environmentProperties.propertyGroups",
        Array.from({ length: 51 }, (_, i) => ({ propertyGroupId: `g${i}`, propertyMap: {} })),
        "applicationConfiguration.environmentProperties.propertyGroups",
        "51 property groups; AWS allows at most 50",
      ],
      ["applicationConfiguration.environmentProperties.propertyGroups", [{ propertyGroupId: "g".repeat(51), propertyMap: {} }], "applicationConfiguration.environmentProperties.propertyGroups[0].propertyGroupId", "AWS takes 1 to 50"],
    ],
    unknown: ["applicationConfiguration.flinkApplicationConfiguration", "name"],
  },
  {
    rule: "redshift-serverless-workgroup-limits",
    type: "aws:redshiftserverless/workgroup:Workgroup",
    compliant: { workgroupName: "orders-warehouse", namespaceName: "orders-warehouse", baseCapacity: 8, port: 5439, publiclyAccessible: false, tags: TAGS },
    violations: [
      ["baseCapacity", 12, "baseCapacity", "12 RPUs; Redshift Serverless takes 8 to 1024 RPUs in steps of 8"],
      ["baseCapacity", 4, "baseCapacity", "takes 8 to 1024 RPUs"],
      ["baseCapacity", 1032, "baseCapacity", "takes 8 to 1024 RPUs"],
      ["maxCapacity", 4, "maxCapacity", "4 RPUs is below the base capacity of 8"],
      ["port", 5500, "port", "Redshift Serverless listens on 5431-5455 or 8191-8215"],
      ["workgroupName", "Orders", "workgroupName", "lowercase letters, digits and hyphens only"],
    ],
    alsoCompliant: [["baseCapacity", 1024]],
  },
  {
    rule: "redshift-serverless-namespace-limits",
    type: "aws:redshiftserverless/namespace:Namespace",
    compliant: { namespaceName: "orders-warehouse", dbName: "analytics", kmsKeyId: KEY_ARN, logExports: ["userlog", "connectionlog", "useractivitylog"], tags: TAGS },
    violations: [
      ["namespaceName", "ow", "namespaceName", "AWS takes 3 to 64"],
      ["dbName", "Analytics", "dbName", "lowercase letters, digits, _ and $, a letter or _ first"],
      ["logExports", ["userlog", "querylog"], "logExports", '"querylog" is not a value AWS accepts'],
    ],
  },
  {
    rule: "redshift-tag-characters",
    type: "aws:redshiftserverless/workgroup:Workgroup",
    compliant: { workgroupName: "orders-warehouse", tags: { ...TAGS, "slipstream:blueprint": "msk-data-lake" } },
    violations: [
      ["tags.owner", "data@platform", "tags", 'the value of "owner" has characters AWS refuses here; Redshift takes'],
      ["tags.team@x", "y", "tags", 'key "team@x" has characters AWS refuses here'],
    ],
    unknown: ["tags", "tags.owner"],
  },
];
