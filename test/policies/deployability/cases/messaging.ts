import { KEY_ARN, TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const QUEUE = {
  name: "object-events",
  visibilityTimeoutSeconds: 725,
  messageRetentionSeconds: 345_600,
  delaySeconds: 0,
  receiveWaitTimeSeconds: 20,
  maxMessageSize: 262_144,
  kmsMasterKeyId: KEY_ARN,
  kmsDataKeyReusePeriodSeconds: 300,
  redrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:us-east-1:000000000000:object-events-dlq", maxReceiveCount: 5 }),
  tags: TAGS,
};

export const messagingCases: ResourceRuleCase[] = [
  {
    rule: "sqs-queue-attributes",
    type: "aws:sqs/queue:Queue",
    compliant: QUEUE,
    violations: [
      ["visibilityTimeoutSeconds", 43_201, "visibilityTimeoutSeconds", "outside AWS's range of 0 to 43200 s"],
      ["messageRetentionSeconds", 59, "messageRetentionSeconds", "outside AWS's range of 60 to 1209600 s"],
      ["messageRetentionSeconds", 1_209_601, "messageRetentionSeconds", "outside AWS's range of 60 to 1209600 s"],
      ["delaySeconds", 901, "delaySeconds", "outside AWS's range of 0 to 900 s"],
      ["receiveWaitTimeSeconds", 21, "receiveWaitTimeSeconds", "outside AWS's range of 0 to 20 s"],
      ["maxMessageSize", 512, "maxMessageSize", "outside AWS's range of 1024 to 1048576 bytes"],
      ["kmsDataKeyReusePeriodSeconds", 30, "kmsDataKeyReusePeriodSeconds", "outside AWS's range of 60 to 86400 s"],
      ["redrivePolicy", JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:us-east-1:000000000000:dlq", maxReceiveCount: 0 }), "redrivePolicy", "maxReceiveCount 0; SQS takes 1 to 1000"],
      ["name", "q".repeat(81), "name", "has 81 characters; AWS takes 1 to 80"],
      ["name", "object events", "name", "letters, digits, hyphens and underscores"],
      ["name", "object-events.fifo", "name", "ends with .fifo, which only FIFO queues may"],
      ["fifoQueue", true, "name", "must end with .fifo for a FIFO queue"],
      ["contentBasedDeduplication", true, "contentBasedDeduplication", "applies to FIFO queues only"],
    ],
    unknown: ["visibilityTimeoutSeconds", "redrivePolicy", "name"],
    alsoCompliant: [["maxMessageSize", 1_048_576]],
  },
  {
    // A FIFO queue Pulumi names: the resource name, 8 characters and ".fifo" must fit 80.
    rule: "sqs-queue-attributes",
    type: "aws:sqs/queue:Queue",
    name: "q".repeat(68),
    compliant: { ...QUEUE, name: "orders.fifo", fifoQueue: true },
    violations: [["name", undefined, "name", "81 characters, over AWS's maximum of 80"]],
    unknown: [],
  },
  {
    rule: "sns-topic-attributes",
    type: "aws:sns/topic:Topic",
    compliant: { name: "alerts", displayName: "Alerts", kmsMasterKeyId: KEY_ARN, tags: TAGS },
    violations: [
      ["name", "t".repeat(257), "name", "AWS takes 1 to 256"],
      ["name", "alerts!", "name", "letters, digits, hyphens and underscores"],
      ["fifoTopic", true, "name", "must end with .fifo for a FIFO topic"],
      ["displayName", "d".repeat(101), "displayName", "AWS takes 0 to 100"],
    ],
  },
  {
    rule: "sns-subscription-protocol",
    type: "aws:sns/topicSubscription:TopicSubscription",
    compliant: { topic: "arn:aws:sns:us-east-1:000000000000:alerts", protocol: "email", endpoint: "oncall@example.com" },
    violations: [["protocol", "slack", "protocol", '"slack" is not a value AWS accepts']],
  },
  {
    rule: "kinesis-stream-limits",
    type: "aws:kinesis/stream:Stream",
    compliant: { name: "clicks", shardCount: 2, retentionPeriod: 168, encryptionType: "KMS", kmsKeyId: KEY_ARN, shardLevelMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"], tags: TAGS },
    violations: [
      ["retentionPeriod", 23, "retentionPeriod", "outside AWS's range of 24 to 8760 hours"],
      ["retentionPeriod", 8761, "retentionPeriod", "outside AWS's range of 24 to 8760 hours"],
      ["shardCount", undefined, "shardCount", "a PROVISIONED stream needs at least 1 shard"],
      ["shardCount", 0, "shardCount", "a PROVISIONED stream needs a whole number of shards, at least 1"],
      ["name", "clicks/raw", "name", "letters, digits, _ . and - only"],
      ["streamModeDetails.streamMode", "SERVERLESS", "streamModeDetails.streamMode", "use one of PROVISIONED, ON_DEMAND"],
      ["shardLevelMetrics", ["IncomingBytes", "Latency"], "shardLevelMetrics", '"Latency" is not a value AWS accepts'],
    ],
    unknown: ["shardCount", "retentionPeriod", "streamModeDetails"],
    alsoCompliant: [["retentionPeriod", 8760]],
  },
  {
    // On-demand streams size themselves: no shard count needed.
    rule: "kinesis-stream-limits",
    type: "aws:kinesis/stream:Stream",
    compliant: { name: "clicks", retentionPeriod: 24, streamModeDetails: { streamMode: "ON_DEMAND" }, tags: TAGS },
    violations: [["streamModeDetails.streamMode", "PROVISIONED", "shardCount", "unset; a PROVISIONED stream needs at least 1 shard"]],
  },
];
