import { TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:consumer";

const SQS_MAPPING = {
  eventSourceArn: "arn:aws:sqs:us-east-1:000000000000:object-events",
  functionName: FUNCTION_ARN,
  batchSize: 10,
  maximumBatchingWindowInSeconds: 5,
  functionResponseTypes: ["ReportBatchItemFailures"],
  scalingConfig: { maximumConcurrency: 5 },
  tags: TAGS,
};
const STREAM_MAPPING = {
  eventSourceArn: "arn:aws:kinesis:us-east-1:000000000000:stream/clicks",
  functionName: FUNCTION_ARN,
  batchSize: 100,
  startingPosition: "TRIM_HORIZON",
  parallelizationFactor: 2,
  bisectBatchOnFunctionError: true,
  maximumRetryAttempts: 3,
  maximumRecordAgeInSeconds: 3600,
  tumblingWindowInSeconds: 60,
  destinationConfig: { onFailure: { destinationArn: "arn:aws:sqs:us-east-1:000000000000:failures" } },
  tags: TAGS,
};
const KAFKA_MAPPING = {
  eventSourceArn: "arn:aws:kafka:us-east-1:000000000000:cluster/lake/uuid",
  functionName: FUNCTION_ARN,
  batchSize: 100,
  startingPosition: "TRIM_HORIZON",
  topics: ["orders"],
  amazonManagedKafkaEventSourceConfig: { consumerGroupId: "lake-ingest-orders" },
  provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 2 },
  tags: TAGS,
};

export const eventSourceCases: ResourceRuleCase[] = [
  {
    rule: "lambda-event-source-mapping-limits",
    type: MAPPING,
    compliant: SQS_MAPPING,
    violations: [
      ["batchSize", 10_001, "batchSize", "outside AWS's range of 1 to 10000"],
      ["maximumBatchingWindowInSeconds", 301, "maximumBatchingWindowInSeconds", "outside AWS's range of 0 to 300 s"],
      ["maximumRetryAttempts", 3, "maximumRetryAttempts", "SQS event sources do not take this option"],
      ["startingPosition", "LATEST", "startingPosition", "SQS event sources do not take this option"],
      ["functionResponseTypes", ["ReportItemFailures"], "functionResponseTypes", "use any of ReportBatchItemFailures"],
      ["scalingConfig.maximumConcurrency", 1, "scalingConfig.maximumConcurrency", "outside AWS's range of 2 to 1000"],
      ["eventSourceArn", "arn:aws:sqs:us-east-1:000000000000:orders.fifo", "maximumBatchingWindowInSeconds", "FIFO queues do not support a batching window"],
    ],
    unknown: ["eventSourceArn", "batchSize", "maximumRetryAttempts"],
    alsoCompliant: [["batchSize", 10_000]],
  },
  {
    rule: "lambda-event-source-mapping-limits",
    type: MAPPING,
    compliant: { ...SQS_MAPPING, maximumBatchingWindowInSeconds: 0 },
    violations: [["batchSize", 11, "maximumBatchingWindowInSeconds", "a batch size above 10 from a standard queue needs a batching window of at least 1 s"]],
  },
  {
    rule: "lambda-event-source-mapping-limits",
    type: MAPPING,
    compliant: STREAM_MAPPING,
    violations: [
      ["parallelizationFactor", 11, "parallelizationFactor", "outside AWS's range of 1 to 10"],
      ["maximumRetryAttempts", -2, "maximumRetryAttempts", "outside AWS's range of -1 to 10000"],
      ["maximumRecordAgeInSeconds", 30, "maximumRecordAgeInSeconds", "AWS takes -1 (no limit) or 60 to 604800 s"],
      ["tumblingWindowInSeconds", 901, "tumblingWindowInSeconds", "outside AWS's range of 0 to 900 s"],
      ["startingPosition", undefined, "startingPosition", "stream and Kafka sources need TRIM_HORIZON or LATEST"],
      ["startingPosition", "EARLIEST", "startingPosition", "use one of TRIM_HORIZON, LATEST, AT_TIMESTAMP"],
      ["scalingConfig", { maximumConcurrency: 5 }, "scalingConfig.maximumConcurrency", "applies to SQS sources only"],
    ],
    alsoCompliant: [["maximumRecordAgeInSeconds", -1]],
  },
  {
    rule: "lambda-event-source-mapping-limits",
    type: MAPPING,
    compliant: KAFKA_MAPPING,
    violations: [
      ["topics", ["orders", "clicks"], "topics", "2 topics; a Kafka event source mapping reads exactly one topic"],
      ["topics", [".orders"], "topics", '".orders"; Lambda takes topic names of 1-249 letters, digits, - _ and ., not starting with a dot'],
      ["topics", ["orders/eu"], "topics", "Lambda takes topic names of 1-249"],
      ["startingPosition", "AT_TIMESTAMP", "startingPosition", "AT_TIMESTAMP is for Kinesis streams only"],
      ["amazonManagedKafkaEventSourceConfig.consumerGroupId", "g".repeat(201), "amazonManagedKafkaEventSourceConfig.consumerGroupId", "AWS takes 1 to 200"],
      ["amazonManagedKafkaEventSourceConfig.consumerGroupId", "lake ingest", "amazonManagedKafkaEventSourceConfig.consumerGroupId", "letters, digits and - / * : _ + = . @"],
      ["provisionedPollerConfig.minimumPollers", 3, "provisionedPollerConfig.minimumPollers", "3 is above maximumPollers 2"],
      ["provisionedPollerConfig.maximumPollers", 2001, "provisionedPollerConfig.maximumPollers", "outside AWS's range of 1 to 2000"],
    ],
    unknown: ["topics", "amazonManagedKafkaEventSourceConfig.consumerGroupId"],
  },
];
