import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failureHandling, type FailureHandlingArgs } from "./event-source";
import type { SecureFunction } from "./lambda-function";

/** Failure handling (`FailureHandlingArgs`): Kafka's own default retries for ever, blocking the partition. */
export interface KafkaEventSourceArgs extends FailureHandlingArgs {
  function: SecureFunction;
  /** The MSK cluster (provisioned or serverless) ARN. */
  clusterArn: pulumi.Input<string>;
  topic: string;
  consumerGroupId: string;
  tags: Record<string, string>;
  /** Default TRIM_HORIZON: a new consumer group starts at the oldest record, losing nothing. */
  startingPosition?: "LATEST" | "TRIM_HORIZON";
  /** Default 100. */
  batchSize?: number;
  /** Seconds; default 1. */
  maximumBatchingWindowInSeconds?: number;
  /** Event pollers; default 1-2. */
  pollers?: { minimum: number; maximum: number };
}

/**
 * An MSK event source for one topic with the catalogue's failure handling. Bisect on error,
 * bounded retries and record age and partial batch responses are only offered for Kafka
 * mappings in provisioned poller mode, so the mapping always runs in it (billed per event
 * poller unit; one poller serves a few MB/s).
 */
export function kafkaEventSource(name: string, args: KafkaEventSourceArgs, opts: pulumi.CustomResourceOptions): aws.lambda.EventSourceMapping {
  const failures = failureHandling(name, args);
  const pollers = args.pollers ?? { minimum: 1, maximum: 2 };
  if (pollers.minimum < 1 || pollers.minimum > 200 || pollers.maximum < pollers.minimum || pollers.maximum > 2000) {
    throw new Error(`${name}: \`pollers\` must satisfy 1 ≤ minimum ≤ 200 and minimum ≤ maximum ≤ 2000`);
  }
  if (!/^[a-zA-Z0-9._-]{1,200}$/.test(args.consumerGroupId)) throw new Error(`${name}: \`consumerGroupId\` must be 1-200 of a-z A-Z 0-9 . _ -`);
  return new aws.lambda.EventSourceMapping(
    name,
    {
      functionName: args.function.arn,
      eventSourceArn: args.clusterArn,
      topics: [args.topic],
      startingPosition: args.startingPosition ?? "TRIM_HORIZON",
      amazonManagedKafkaEventSourceConfig: { consumerGroupId: args.consumerGroupId },
      batchSize: args.batchSize ?? 100,
      maximumBatchingWindowInSeconds: args.maximumBatchingWindowInSeconds ?? 1,
      provisionedPollerConfig: { minimumPollers: pollers.minimum, maximumPollers: pollers.maximum },
      ...failures,
      tags: args.tags,
    },
    // The mapping checks the role (cluster access, network interfaces) when it is created.
    { ...opts, dependsOn: [args.function.rolePolicy] },
  );
}
