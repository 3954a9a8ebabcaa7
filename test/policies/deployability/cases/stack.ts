import { KEY_ARN, TAGS } from "../../policy-harness";
import type { StackRuleCase } from "../rule-cases";

const ACCOUNT = "000000000000";
const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:${ACCOUNT}:${resource}`;
const QUEUE_ARN = arn("sqs", "object-events");
const TOPIC_ARN = arn("sns", "alerts");
const FUNCTION_ARN = arn("lambda", "function:forwarder");
const ALL_PRINCIPALS = ["logs.us-east-1.amazonaws.com", "s3.amazonaws.com", "cloudwatch.amazonaws.com", "delivery.logs.amazonaws.com", "kinesisanalytics.amazonaws.com", "infrastructure.kinesisanalytics.amazonaws.com"];

/** A key policy admitting the account and the given service principals. */
export function keyPolicy(services: string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Account", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "Services", Effect: "Allow", Principal: { Service: services }, Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"], Resource: "*" },
    ],
  });
}
const without = (service: string) => keyPolicy(ALL_PRINCIPALS.filter((s) => s !== service));
const sse = (bucket: string, sseAlgorithm: string) => ({ bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, ...(sseAlgorithm === "aws:kms" ? { kmsMasterKeyId: KEY_ARN } : {}) }, bucketKeyEnabled: true }] });
// An inline policy of about `size` characters.
const inline = (size: number) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "x".repeat(size), Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });

/** One stack in which every stack rule passes: each case changes one field of it. */
export const STACK: StackRuleCase["compliant"] = [
  { type: "aws:kms/key:Key", name: "key", props: { arn: KEY_ARN, enableKeyRotation: true, policy: keyPolicy(ALL_PRINCIPALS), tags: TAGS } },
  { type: "aws:cloudwatch/logGroup:LogGroup", name: "forwarder-logs", props: { kmsKeyId: KEY_ARN, retentionInDays: 365, tags: TAGS } },
  {
    type: "aws:glue/securityConfiguration:SecurityConfiguration",
    name: "lake-security",
    props: { encryptionConfiguration: { cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY_ARN }, s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY_ARN }, jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY_ARN } } },
  },
  { type: "aws:kinesisanalyticsv2/application:Application", name: "analytics", props: { runtimeEnvironment: "FLINK-1_20", applicationConfiguration: { applicationEncryptionConfiguration: { keyType: "CUSTOMER_MANAGED_KEY", keyId: KEY_ARN } }, tags: TAGS } },
  { type: "aws:sqs/queue:Queue", name: "object-events", props: { arn: QUEUE_ARN, kmsMasterKeyId: KEY_ARN, visibilityTimeoutSeconds: 725, tags: TAGS } },
  { type: "aws:s3/bucket:Bucket", name: "logs", props: { bucket: "logs-bucket", tags: TAGS } },
  { type: "aws:s3/bucketNotification:BucketNotification", name: "object-created", props: { bucket: "logs-bucket", queues: [{ queueArn: QUEUE_ARN, events: ["s3:ObjectCreated:*"] }] } },
  { type: "aws:sns/topic:Topic", name: "alerts", props: { arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN, tags: TAGS } },
  { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "parked", props: { alarmActions: [TOPIC_ARN], okActions: [TOPIC_ARN], period: 300, evaluationPeriods: 1, tags: TAGS } },
  { type: "aws:s3/bucket:Bucket", name: "flow-logs", props: { bucket: "flow-logs-bucket", tags: TAGS } },
  {
    type: "aws:s3/bucketPolicy:BucketPolicy",
    name: "flow-logs-policy",
    props: { bucket: "flow-logs-bucket", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::flow-logs-bucket/*" }] }) },
  },
  { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "flow-logs-sse", props: sse("flow-logs-bucket", "aws:kms") },
  { type: "aws:s3/bucket:Bucket", name: "access-logs", props: { bucket: "access-logs-bucket", tags: TAGS } },
  { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "access-logs-sse", props: sse("access-logs-bucket", "AES256") },
  { type: "aws:s3/bucketLogging:BucketLogging", name: "logs-access-logging", props: { bucket: "logs-bucket", targetBucket: "access-logs-bucket", targetPrefix: "logs/" } },
  { type: "aws:lambda/function:Function", name: "forwarder", props: { arn: FUNCTION_ARN, timeout: 120, memorySize: 512, tags: TAGS } },
  { type: "aws:lambda/eventSourceMapping:EventSourceMapping", name: "forwarder-source", props: { eventSourceArn: QUEUE_ARN, functionName: FUNCTION_ARN, batchSize: 10, maximumBatchingWindowInSeconds: 5 } },
  {
    type: "aws:lambda/eventSourceMapping:EventSourceMapping",
    name: "source-orders",
    props: { eventSourceArn: arn("kafka", "cluster/lake/uuid"), functionName: FUNCTION_ARN, topics: ["orders"], startingPosition: "TRIM_HORIZON", amazonManagedKafkaEventSourceConfig: { consumerGroupId: "ingest-orders" } },
  },
  {
    type: "aws:lambda/eventSourceMapping:EventSourceMapping",
    name: "source-clicks",
    props: { eventSourceArn: arn("kafka", "cluster/lake/uuid"), functionName: FUNCTION_ARN, topics: ["clicks"], startingPosition: "TRIM_HORIZON", amazonManagedKafkaEventSourceConfig: { consumerGroupId: "ingest-clicks" } },
  },
  { type: "aws:redshiftserverless/workgroup:Workgroup", name: "warehouse", props: { workgroupName: "warehouse", namespaceName: "warehouse", baseCapacity: 8, publiclyAccessible: true, tags: TAGS } },
  {
    type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    name: "warehouse-delivery",
    props: { destination: "redshift", redshiftConfiguration: { clusterJdbcurl: `jdbc:redshift://warehouse.${ACCOUNT}.us-east-1.redshift-serverless.amazonaws.com:5439/analytics`, dataTableName: "logs" }, tags: TAGS },
  },
  { type: "aws:iam/role:Role", name: "forwarder-role", props: { name: "forwarder-role", tags: TAGS } },
  { type: "aws:iam/rolePolicy:RolePolicy", name: "forwarder-read", props: { role: "forwarder-role", policy: inline(5000) } },
  { type: "aws:iam/rolePolicy:RolePolicy", name: "forwarder-write", props: { role: "forwarder-role", policy: inline(100) } },
];

const keyMessage = (service: string, users: string) => [{ resource: "key", field: "policy", message: `does not admit ${service}, which ${users} to use this key.` }];

export const stackCases: StackRuleCase[] = [
  {
    rule: "kms-key-admits-managed-flink",
    compliant: STACK,
    violations: [
      ["key", "policy", without("infrastructure.kinesisanalytics.amazonaws.com"), keyMessage("infrastructure.kinesisanalytics.amazonaws.com", "analytics needs")],
      ["key", "policy", without("kinesisanalytics.amazonaws.com"), keyMessage("kinesisanalytics.amazonaws.com", "analytics needs")],
    ],
    unknown: [[0, "analytics", "applicationConfiguration.applicationEncryptionConfiguration.keyType"]],
  },
  {
    rule: "kms-key-admits-cloudwatch-logs",
    compliant: STACK,
    violations: [["key", "policy", without("logs.us-east-1.amazonaws.com"), keyMessage("logs.<region>.amazonaws.com", "forwarder-logs, lake-security need")]],
    unknown: [[0, "key", "policy"]],
  },
  {
    rule: "kms-key-admits-s3-notifications",
    compliant: STACK,
    violations: [["key", "policy", without("s3.amazonaws.com"), keyMessage("s3.amazonaws.com", "object-events needs")]],
    unknown: [[0, "object-created", "queues"]],
  },
  {
    rule: "kms-key-admits-cloudwatch-alarms",
    compliant: STACK,
    violations: [["key", "policy", without("cloudwatch.amazonaws.com"), keyMessage("cloudwatch.amazonaws.com", "alerts needs")]],
    unknown: [[0, "alerts", "kmsMasterKeyId"]],
  },
  {
    rule: "kms-key-admits-log-delivery",
    compliant: STACK,
    violations: [["key", "policy", without("delivery.logs.amazonaws.com"), keyMessage("delivery.logs.amazonaws.com", "flow-logs-sse needs")]],
    unknown: [[0, "flow-logs-policy", "policy"]],
  },
  {
    rule: "s3-access-log-target-encryption",
    compliant: STACK,
    violations: [
      [
        "access-logs-sse",
        "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm",
        "aws:kms",
        [{ resource: "access-logs-sse", field: "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", message: "aws:kms on access-logs, the target of server access logging; S3 delivers access logs only to SSE-S3 (AES256) buckets." }],
      ],
    ],
    unknown: [[0, "logs-access-logging", "targetBucket"]],
  },
  {
    rule: "lambda-sqs-visibility-timeout",
    compliant: STACK,
    violations: [
      ["object-events", "visibilityTimeoutSeconds", 720, [{ resource: "object-events", field: "visibilityTimeoutSeconds", message: "720 s; forwarder consumes it through forwarder-source with a 120 s timeout and a 5 s batching window, so it needs at least 6 x 120 + 5 = 725 s." }]],
      ["object-events", "visibilityTimeoutSeconds", 60, [{ resource: "object-events", field: "visibilityTimeoutSeconds", message: "60 s is below the timeout of forwarder (120 s), which consumes it through forwarder-source: Lambda refuses the mapping. Use at least 725 s (6 x 120 + 5)." }]],
      ["object-events", "visibilityTimeoutSeconds", undefined, [{ resource: "object-events", field: "visibilityTimeoutSeconds", message: "30 s is below the timeout of forwarder (120 s)" }]],
    ],
    unknown: [
      [0, "forwarder", "timeout"],
      [1, "forwarder-source", "eventSourceArn"],
    ],
  },
  {
    rule: "lambda-kafka-consumer-group-unique",
    compliant: STACK,
    violations: [
      [
        "source-clicks",
        "amazonManagedKafkaEventSourceConfig.consumerGroupId",
        "ingest-orders",
        [
          { resource: "source-orders", field: "amazonManagedKafkaEventSourceConfig.consumerGroupId", message: 'consumer group "ingest-orders" is also used by source-clicks; each Kafka event source needs a consumer group of its own.' },
          { resource: "source-clicks", field: "amazonManagedKafkaEventSourceConfig.consumerGroupId", message: 'consumer group "ingest-orders" is also used by source-orders' },
        ],
      ],
    ],
    unknown: [[0, "source-orders", "amazonManagedKafkaEventSourceConfig.consumerGroupId"]],
  },
  {
    rule: "firehose-redshift-publicly-accessible",
    compliant: STACK,
    violations: [
      ["warehouse", "publiclyAccessible", false, [{ resource: "warehouse-delivery", field: "redshiftConfiguration.clusterJdbcurl", message: "targets warehouse, which is not publicly accessible; Firehose reaches Redshift only through a public endpoint" }]],
      ["warehouse", "publiclyAccessible", undefined, [{ resource: "warehouse-delivery", field: "redshiftConfiguration.clusterJdbcurl", message: "which is not publicly accessible" }]],
    ],
    unknown: [[0, "warehouse-delivery", "redshiftConfiguration.clusterJdbcurl"]],
  },
  {
    rule: "iam-inline-policy-size",
    compliant: STACK,
    violations: [
      ["forwarder-write", "policy", inline(5300), [{ resource: "forwarder-write", field: "policy", message: "the inline policies of forwarder-role (forwarder-read, forwarder-write) total" }]],
      ["forwarder-write", "policy", inline(10_300), [{ resource: "forwarder-write", field: "policy", message: "characters (without white space); a role's inline policies total at most 10240." }]],
    ],
    unknown: [[0, "forwarder-read", "policy"]],
  },
];
