/**
 * The one home of the Kafka defaults that both the request schemas (`schema-fragments.ts`,
 * the blueprints' `schema.ts`) and the building blocks (`kafka-event-source.ts`,
 * `msk-cluster.ts`) read, so a default never says one thing in the API and another in AWS.
 */

/**
 * An MSK event source mapping (Lambda API reference, CreateEventSourceMapping). Kafka's own
 * AWS defaults retry for ever and never age records out, blocking a partition behind one bad
 * record; these bound both (Lambda developer guide, "Configuring error handling controls for
 * Kafka event sources").
 */
export const KAFKA_EVENT_SOURCE_DEFAULTS = {
  /** A new consumer group starts at the oldest record, losing nothing. */
  startingPosition: "TRIM_HORIZON",
  /** BatchSize: 1-10,000 for Kafka; AWS's default is 100. */
  batchSize: 100,
  /** MaximumBatchingWindowInSeconds: Kafka's AWS default is 500 ms; 1 s fills batches without adding much latency. */
  maximumBatchingWindowInSeconds: 1,
  /** MaximumRetryAttempts: 0-10,000 (-1 is infinite). */
  maximumRetryAttempts: 3,
  /** MaximumRecordAgeInSeconds: 60-604,800 (-1 is infinite). */
  maximumRecordAgeSeconds: 3600,
  /** ProvisionedPollerConfig: 1-200 minimum, up to 2,000 maximum event pollers; one poller serves a few MB/s. */
  minimumPollers: 1,
  maximumPollers: 2,
} as const;

/** The Lambda function behind an MSK event source (the data lake's consumer, the pipeline's bridge). */
export const KAFKA_CONSUMER_FUNCTION_DEFAULTS = {
  /** MiB; 128-10,240 (Lambda quotas). */
  memoryMiB: 256,
  /** Seconds; 1-900 (Lambda quotas). A batch of 100 records is put in well under a minute even with retries. */
  timeoutSeconds: 60,
} as const;

/** A provisioned MSK cluster and the topics a deployment creates on it. */
export const MSK_DEFAULTS = {
  /** The version MSK recommends; 3.6.0 or later is what MSK's topic APIs need. */
  kafkaVersion: "3.8.x",
  /** Partitions of each topic the deployment creates: the most event pollers a topic can keep busy. */
  partitionsPerTopic: 6,
} as const;
