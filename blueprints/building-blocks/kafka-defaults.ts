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

/**
 * The Kafka versions a provisioned cluster is created with (MSK developer guide, "Supported
 * Apache Kafka versions"; KRaft clusters take the `.kraft` version, "KRaft mode"): those without
 * a published end-of-support date, since "MSK will phase out support for newly created clusters
 * that use Kafka versions with published end of support dates" ("Amazon MSK version support").
 * All are 3.7 or later, past the 3.6.0 MSK's topic APIs need.
 */
export const MSK_KAFKA_VERSIONS = ["3.7.x", "3.7.x.kraft", "3.8.x", "3.8.x.kraft", "3.9.x", "3.9.x.kraft", "4.0.x.kraft", "4.1.x.kraft"] as const;

/**
 * Standard broker sizes (MSK developer guide, "Amazon MSK broker sizes"). Express brokers are not
 * offered: they take no EBS storage, which the deployment sizes.
 */
export const MSK_BROKER_TYPES = [
  "kafka.t3.small",
  "kafka.m5.large", "kafka.m5.xlarge", "kafka.m5.2xlarge", "kafka.m5.4xlarge", "kafka.m5.8xlarge", "kafka.m5.12xlarge", "kafka.m5.16xlarge", "kafka.m5.24xlarge",
  "kafka.m7g.large", "kafka.m7g.xlarge", "kafka.m7g.2xlarge", "kafka.m7g.4xlarge", "kafka.m7g.8xlarge", "kafka.m7g.12xlarge", "kafka.m7g.16xlarge",
] as const;
