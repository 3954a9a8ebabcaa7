import type { ResourceContext } from "../lib/deployability";
import { eachOneOf, integerBetween, lengthBetween, matches, oneOf, when } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { isUnknown, listAt, numberAt, stringAt, valueAt } from "../lib/property-values";

export const EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";

export type EventSourceKind = "sqs" | "kinesis" | "dynamodb" | "kafka" | "mq" | "documentdb" | "unknown";

/** Which service a mapping reads from, by its source ARN (or the self-managed Kafka block). */
export function eventSourceKind(resource: Pick<ResourceContext, "props">): EventSourceKind {
  const arn = stringAt(resource.props, "eventSourceArn");
  if (typeof arn === "string") {
    const service = /^arn:[^:]+:([^:]+):/.exec(arn)?.[1];
    if (service === "sqs" || service === "kinesis" || service === "dynamodb" || service === "mq") return service;
    if (service === "kafka") return "kafka";
    if (service === "rds") return "documentdb";
    return "unknown";
  }
  const selfManaged = valueAt(resource.props, "selfManagedEventSource");
  return selfManaged !== undefined && !isUnknown(selfManaged) ? "kafka" : "unknown";
}

const isKind = (...kinds: EventSourceKind[]) => (resource: ResourceContext) => kinds.includes(eventSourceKind(resource));
const isFifoQueue = (resource: ResourceContext) => {
  const arn = stringAt(resource.props, "eventSourceArn");
  return typeof arn === "string" && arn.endsWith(".fifo");
};

// Options of stream pollers that SQS mappings refuse (SQS retries through the queue's redrive policy).
const STREAM_ONLY = ["parallelizationFactor", "bisectBatchOnFunctionError", "maximumRetryAttempts", "maximumRecordAgeInSeconds", "tumblingWindowInSeconds", "startingPosition", "destinationConfig", "topics"];

// Kafka topics as the Lambda API takes them: 1-249 characters, not starting with a dot.
const TOPIC = /^[^.][a-zA-Z0-9\-_.]*$/;

// Consumer group ids: 1-200 characters of this set (AmazonManagedKafkaEventSourceConfig, SelfManagedKafkaEventSourceConfig).
const CONSUMER_GROUP = /^[a-zA-Z0-9\-/*:_+=.@]*$/;

/**
 * CreateEventSourceMapping's parameter rules, per source: batch sizes (10 for FIFO queues; more
 * than 10 from SQS needs a batching window), the batching window, stream poller options (which
 * SQS refuses), starting positions, one topic per Kafka mapping (named as Lambda takes it), consumer group ids, poller and
 * concurrency bounds.
 */
export const lambdaEventSourceMappingLimits = resourceRule({
  name: "lambda-event-source-mapping-limits",
  description: "Lambda event source mappings must use parameters CreateEventSourceMapping accepts for their source (batch size, batching window, stream options, starting position, topics, consumer group, pollers).",
  document: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html",
  remediation: "Fix the named field for the mapping's source: SQS takes batchSize 1-10000 (10 for FIFO) and no stream options; streams and Kafka need startingPosition; a Kafka mapping reads exactly one topic.",
  types: [EVENT_SOURCE_MAPPING],
  checks: [
    integerBetween("batchSize", 1, 10_000),
    integerBetween("maximumBatchingWindowInSeconds", 0, 300, "s"),
    integerBetween("parallelizationFactor", 1, 10),
    integerBetween("maximumRetryAttempts", -1, 10_000),
    integerBetween("tumblingWindowInSeconds", 0, 900, "s"),
    integerBetween("scalingConfig.maximumConcurrency", 2, 1000),
    integerBetween("provisionedPollerConfig.minimumPollers", 1, 200),
    integerBetween("provisionedPollerConfig.maximumPollers", 1, 2000),
    eachOneOf("functionResponseTypes", ["ReportBatchItemFailures"]),
    oneOf("startingPosition", ["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"]),
    (resource, report) => {
      const age = numberAt(resource.props, "maximumRecordAgeInSeconds");
      if (typeof age === "number" && age !== -1 && (age < 60 || age > 604_800)) report("maximumRecordAgeInSeconds", `${age} s; AWS takes -1 (no limit) or 60 to 604800 s.`);
    },
    (resource, report) => {
      const min = numberAt(resource.props, "provisionedPollerConfig.minimumPollers");
      const max = numberAt(resource.props, "provisionedPollerConfig.maximumPollers");
      if (typeof min === "number" && typeof max === "number" && min > max) report("provisionedPollerConfig.minimumPollers", `${min} is above maximumPollers ${max}.`);
    },
    when(
      isKind("sqs"),
      (resource, report) => {
        for (const option of STREAM_ONLY) {
          const value = valueAt(resource.props, option);
          if (value !== undefined && value !== null && !isUnknown(value)) report(option, "SQS event sources do not take this option (it belongs to stream and Kafka pollers); retries and failures go through the queue's redrive policy.");
        }
        const batch = numberAt(resource.props, "batchSize");
        const window = numberAt(resource.props, "maximumBatchingWindowInSeconds");
        if (isFifoQueue(resource)) {
          if (typeof batch === "number" && batch > 10) report("batchSize", `${batch}; a FIFO queue delivers at most 10 messages per batch.`);
          if (typeof window === "number" && window > 0) report("maximumBatchingWindowInSeconds", "FIFO queues do not support a batching window.");
        } else if (typeof batch === "number" && batch > 10 && (window === undefined || (typeof window === "number" && window < 1))) {
          report("maximumBatchingWindowInSeconds", `${window ?? "unset"}; a batch size above 10 from a standard queue needs a batching window of at least 1 s.`);
        }
      },
    ),
    when(isKind("kinesis", "dynamodb", "kafka"), (resource, report) => {
      if (valueAt(resource.props, "startingPosition") === undefined) report("startingPosition", "unset; stream and Kafka sources need TRIM_HORIZON or LATEST (AT_TIMESTAMP for Kinesis).");
    }),
    when(isKind("dynamodb", "kafka"), (resource, report) => {
      if (stringAt(resource.props, "startingPosition") === "AT_TIMESTAMP") report("startingPosition", "AT_TIMESTAMP is for Kinesis streams only.");
    }),
    when(isKind("kinesis", "dynamodb", "mq", "documentdb"), (resource, report) => {
      const concurrency = valueAt(resource.props, "scalingConfig.maximumConcurrency");
      if (concurrency !== undefined && !isUnknown(concurrency)) report("scalingConfig.maximumConcurrency", "maximum concurrency applies to SQS sources only.");
    }),
    when(isKind("kafka"), (resource, report) => {
      const topics = listAt(resource.props, "topics");
      if (topics === undefined || (Array.isArray(topics) && topics.length !== 1)) report("topics", `${Array.isArray(topics) ? topics.length : "no"} topics; a Kafka event source mapping reads exactly one topic.`);
      for (const topic of Array.isArray(topics) ? topics : []) {
        if (typeof topic === "string" && (!TOPIC.test(topic) || topic.length > 249)) report("topics", `${JSON.stringify(topic)}; Lambda takes topic names of 1-249 letters, digits, - _ and ., not starting with a dot.`);
      }
    }),
    lengthBetween("amazonManagedKafkaEventSourceConfig.consumerGroupId", 1, 200),
    matches("amazonManagedKafkaEventSourceConfig.consumerGroupId", CONSUMER_GROUP, "letters, digits and - / * : _ + = . @"),
    lengthBetween("selfManagedKafkaEventSourceConfig.consumerGroupId", 1, 200),
    matches("selfManagedKafkaEventSourceConfig.consumerGroupId", CONSUMER_GROUP, "letters, digits and - / * : _ + = . @"),
  ],
});
