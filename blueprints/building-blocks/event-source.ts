import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SecureFunction } from "./lambda-function";

/** What a stream or Kafka mapping says about failing batches. */
export interface FailureHandlingArgs {
  /** Where batches that still fail go (an SQS queue, SNS topic or, for Kafka, S3 bucket ARN). Required. */
  onFailureDestinationArn: pulumi.Input<string>;
  /** Default 3: AWS's default retries for ever and blocks the shard or partition. */
  maximumRetryAttempts?: number;
  /** Seconds; default 3600. */
  maximumRecordAgeInSeconds?: number;
}

/**
 * Defaults of a stream (Kinesis or DynamoDB Streams) event source, read by the request schemas
 * that expose them too (dynamodb-search), so a default lives in one place. Lambda API reference,
 * CreateEventSourceMapping: BatchSize 1-10,000 (AWS default 100), ParallelizationFactor 1-10,
 * MaximumRetryAttempts 0-10,000 (AWS default -1: for ever, blocking the shard), MaximumRecordAgeInSeconds
 * 60-604,800 (AWS default -1: never).
 */
export const STREAM_EVENT_SOURCE_DEFAULTS = { batchSize: 100, parallelizationFactor: 1, maximumRetryAttempts: 3, maximumRecordAgeSeconds: 3600 } as const;

export interface StreamEventSourceArgs extends FailureHandlingArgs {
  function: SecureFunction;
  /** A Kinesis stream or DynamoDB stream ARN. */
  eventSourceArn: pulumi.Input<string>;
  tags: Record<string, string>;
  /** Default 100. */
  batchSize?: number;
  /** Default 1. */
  parallelizationFactor?: number;
  /** Default LATEST. */
  startingPosition?: "LATEST" | "TRIM_HORIZON";
  maximumBatchingWindowInSeconds?: number;
}

/**
 * The catalogue's failure handling for stream and Kafka event sources: split failing
 * batches, bounded retries and record age, an on-failure destination, and partial batch
 * responses so one bad record does not hold back the shard or partition.
 */
export function failureHandling(name: string, args: FailureHandlingArgs) {
  const retries = args.maximumRetryAttempts ?? STREAM_EVENT_SOURCE_DEFAULTS.maximumRetryAttempts;
  const age = args.maximumRecordAgeInSeconds ?? STREAM_EVENT_SOURCE_DEFAULTS.maximumRecordAgeSeconds;
  if (retries < 0 || retries > 10_000) throw new Error(`${name}: \`maximumRetryAttempts\` must be 0-10000`);
  if (age < 60 || age > 604_800) throw new Error(`${name}: \`maximumRecordAgeInSeconds\` must be 60-604800`);
  return {
    bisectBatchOnFunctionError: true,
    maximumRetryAttempts: retries,
    maximumRecordAgeInSeconds: age,
    functionResponseTypes: ["ReportBatchItemFailures"],
    destinationConfig: { onFailure: { destinationArn: args.onFailureDestinationArn } },
  } satisfies Partial<aws.lambda.EventSourceMappingArgs>;
}

/** A stream event source with the catalogue's failure handling (`failureHandling`). */
export function streamEventSource(name: string, args: StreamEventSourceArgs, opts: pulumi.CustomResourceOptions): aws.lambda.EventSourceMapping {
  const failures = failureHandling(name, args);
  return new aws.lambda.EventSourceMapping(
    name,
    {
      functionName: args.function.arn,
      eventSourceArn: args.eventSourceArn,
      startingPosition: args.startingPosition ?? "LATEST",
      batchSize: args.batchSize ?? STREAM_EVENT_SOURCE_DEFAULTS.batchSize,
      maximumBatchingWindowInSeconds: args.maximumBatchingWindowInSeconds,
      parallelizationFactor: args.parallelizationFactor ?? STREAM_EVENT_SOURCE_DEFAULTS.parallelizationFactor,
      ...failures,
      tags: args.tags,
    },
    // The mapping is validated against the role's permissions when it is created.
    { ...opts, dependsOn: [args.function.rolePolicy] },
  );
}

/**
 * Defaults of an SQS event source, read by the request schemas that expose them too, so a
 * default lives in one place. 10 messages is SQS's largest batch without a batching window;
 * 5 seconds of batching lets a burst of S3 objects share one invocation (Lambda API reference,
 * CreateEventSourceMapping: BatchSize 1-10,000 for standard queues, above 10 only with
 * MaximumBatchingWindowInSeconds of at least 1; the window is 0-300 seconds).
 */
export const SQS_EVENT_SOURCE_DEFAULTS = { batchSize: 10, maximumBatchingWindowSeconds: 5 } as const;

export interface QueueEventSourceArgs {
  function: SecureFunction;
  queueArn: pulumi.Input<string>;
  tags: Record<string, string>;
  /** Default `SQS_EVENT_SOURCE_DEFAULTS.batchSize`. */
  batchSize?: number;
  /** Seconds to gather a batch; default `SQS_EVENT_SOURCE_DEFAULTS.maximumBatchingWindowSeconds`. */
  maximumBatchingWindowInSeconds?: number;
  /** Upper bound on concurrent invocations from this queue (2-1000). */
  maximumConcurrency?: number;
}

/** An SQS event source reporting partial batch failures (the queue's DLQ catches poison messages). */
export function queueEventSource(name: string, args: QueueEventSourceArgs, opts: pulumi.CustomResourceOptions): aws.lambda.EventSourceMapping {
  const batchSize = args.batchSize ?? SQS_EVENT_SOURCE_DEFAULTS.batchSize;
  const window = args.maximumBatchingWindowInSeconds ?? SQS_EVENT_SOURCE_DEFAULTS.maximumBatchingWindowSeconds;
  if (batchSize < 1 || batchSize > 10_000) throw new Error(`${name}: \`batchSize\` must be 1-10000, got ${batchSize}`);
  if (window < 0 || window > 300) throw new Error(`${name}: \`maximumBatchingWindowInSeconds\` must be 0-300, got ${window}`);
  if (batchSize > 10 && window < 1) throw new Error(`${name}: a \`batchSize\` over 10 needs \`maximumBatchingWindowInSeconds\` of at least 1`);
  return new aws.lambda.EventSourceMapping(
    name,
    {
      functionName: args.function.arn,
      eventSourceArn: args.queueArn,
      batchSize,
      maximumBatchingWindowInSeconds: window,
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: args.maximumConcurrency !== undefined ? { maximumConcurrency: args.maximumConcurrency } : undefined,
      tags: args.tags,
    },
    { ...opts, dependsOn: [args.function.rolePolicy] },
  );
}
