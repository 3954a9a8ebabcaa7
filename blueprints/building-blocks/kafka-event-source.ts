import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failureHandling, type FailureHandlingArgs } from "./event-source";
import { KAFKA_EVENT_SOURCE_DEFAULTS as DEFAULTS } from "./kafka-defaults";
import { consumerGroupIdFor, isConsumerGroupId } from "./kafka-consumer-group";
import type { SecureFunction } from "./lambda-function";

/** Failure handling (`FailureHandlingArgs`): Kafka's own default retries for ever, blocking the partition. */
export interface KafkaEventSourceArgs extends FailureHandlingArgs {
  function: SecureFunction;
  /** The MSK cluster (provisioned or serverless) ARN. */
  clusterArn: pulumi.Input<string>;
  topic: string;
  /**
   * The deployment's consumer group name; the mapping joins `<consumerGroup>-<topic>`
   * (`consumerGroupIdFor`), its own group, as Lambda requires of every Kafka mapping.
   */
  consumerGroup: string;
  tags: Record<string, string>;
  /** Default TRIM_HORIZON (`KAFKA_EVENT_SOURCE_DEFAULTS`). */
  startingPosition?: "LATEST" | "TRIM_HORIZON";
  /** 1-10,000; default 100. */
  batchSize?: number;
  /** Seconds, 0-300; default 1. */
  maximumBatchingWindowInSeconds?: number;
  /** Event pollers; default 1-2. */
  pollers?: { minimum: number; maximum: number };
  /** Resources the mapping waits for, such as the topic it reads. */
  after?: pulumi.Resource[];
}

/**
 * An MSK event source for one topic with the catalogue's failure handling. Bisect on error,
 * bounded retries and record age and partial batch responses are only offered for Kafka
 * mappings in provisioned poller mode, so the mapping always runs in it (billed per event
 * poller unit; one poller serves a few MB/s). Its pollers reach the brokers through the
 * cluster's own subnets and security groups, not the function's: the cluster's group must
 * admit itself on the client port (see `allowSelf`).
 */
export function kafkaEventSource(name: string, args: KafkaEventSourceArgs, opts: pulumi.CustomResourceOptions): aws.lambda.EventSourceMapping {
  const retries = args.maximumRetryAttempts ?? DEFAULTS.maximumRetryAttempts;
  const age = args.maximumRecordAgeInSeconds ?? DEFAULTS.maximumRecordAgeSeconds;
  const failures = failureHandling(name, { ...args, maximumRetryAttempts: retries, maximumRecordAgeInSeconds: age });
  const pollers = args.pollers ?? { minimum: DEFAULTS.minimumPollers, maximum: DEFAULTS.maximumPollers };
  // Lambda API reference, ProvisionedPollerConfig: MinimumPollers 1-200, MaximumPollers 1-2,000.
  if (pollers.minimum < 1 || pollers.minimum > 200 || pollers.maximum < pollers.minimum || pollers.maximum > 2000) {
    throw new Error(`${name}: \`pollers\` must satisfy 1 ≤ minimum ≤ 200 and minimum ≤ maximum ≤ 2000`);
  }
  const batchSize = args.batchSize ?? DEFAULTS.batchSize;
  // Lambda API reference, CreateEventSourceMapping.BatchSize: 1-10,000 for Amazon MSK.
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error(`${name}: \`batchSize\` must be 1-10000, got ${batchSize}`);
  const window = args.maximumBatchingWindowInSeconds ?? DEFAULTS.maximumBatchingWindowInSeconds;
  // Lambda API reference, CreateEventSourceMapping.MaximumBatchingWindowInSeconds: 0-300.
  if (!Number.isInteger(window) || window < 0 || window > 300) throw new Error(`${name}: \`maximumBatchingWindowInSeconds\` must be 0-300, got ${window}`);
  const consumerGroupId = consumerGroupIdFor(args.consumerGroup, args.topic);
  if (!isConsumerGroupId(consumerGroupId)) throw new Error(`${name}: consumer group "${consumerGroupId}" is not 1-200 of a-z A-Z 0-9 - / * : _ + = . @`);
  return new aws.lambda.EventSourceMapping(
    name,
    {
      functionName: args.function.arn,
      eventSourceArn: args.clusterArn,
      // Lambda API reference, CreateEventSourceMapping.Topics: exactly one topic per Kafka mapping.
      topics: [args.topic],
      startingPosition: args.startingPosition ?? DEFAULTS.startingPosition,
      // Lambda API reference, AmazonManagedKafkaEventSourceConfig.ConsumerGroupId: unique among all
      // Kafka event sources and fixed once created, hence one group per mapping (B2).
      amazonManagedKafkaEventSourceConfig: { consumerGroupId },
      batchSize,
      maximumBatchingWindowInSeconds: window,
      // Lambda developer guide, "Provisioned mode": the error handling controls below need it.
      provisionedPollerConfig: { minimumPollers: pollers.minimum, maximumPollers: pollers.maximum },
      ...failures,
      tags: args.tags,
    },
    // The mapping checks the role (cluster access, network interfaces) when it is created, and
    // should find its topic (`after`) when it starts polling.
    { ...opts, dependsOn: [args.function.rolePolicy, ...(args.after ?? [])] },
  );
}
