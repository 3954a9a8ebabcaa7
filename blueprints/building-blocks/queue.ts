import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport, type PolicyStatement } from "./iam";

export interface SecureQueueArgs {
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  /**
   * The Lambda event source that consumes the queue: the visibility timeout is derived from
   * it (`consumerVisibilityTimeout`). Omit for a queue nothing consumes with Lambda (e.g. an
   * on-failure destination); it then keeps SQS's default of 30 seconds.
   */
  consumer?: QueueConsumer;
  /** Receives before a message moves to the dead-letter queue. Default 5. */
  maxReceiveCount?: number;
  /** Statements added to the TLS-only queue policy (e.g. S3 sending notifications). */
  policyStatements?: (queueArn: pulumi.Output<string>) => PolicyStatement[];
}

/** What the visibility timeout of a queue consumed by Lambda depends on. */
export interface QueueConsumer {
  /** The consuming function's timeout. */
  timeoutSeconds: number;
  /** The event source mapping's MaximumBatchingWindowInSeconds. */
  maximumBatchingWindowSeconds: number;
}

const FOURTEEN_DAYS = 14 * 24 * 3600;
// SQS API reference, SetQueueAttributes: VisibilityTimeout is 0 to 43,200 seconds (12 hours).
const MAX_VISIBILITY_TIMEOUT = 43_200;
// SQS's own default when VisibilityTimeout is not set (same reference).
const DEFAULT_VISIBILITY_TIMEOUT = 30;

/**
 * The visibility timeout for a queue a Lambda function consumes: six times the function's
 * timeout plus the batching window (Lambda developer guide, "Creating and configuring an Amazon
 * SQS event source mapping", https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html:
 * "at least six times the configuration timeout on your function"; the batching window adds
 * to the time a received message waits before the function even starts — deploy-review m6). Shorter, a
 * message becomes visible again while a throttled or retried invocation still works on it,
 * and is processed twice.
 */
export function consumerVisibilityTimeout(consumer: QueueConsumer): number {
  const seconds = 6 * consumer.timeoutSeconds + consumer.maximumBatchingWindowSeconds;
  if (seconds > MAX_VISIBILITY_TIMEOUT) {
    throw new Error(`a visibility timeout of ${seconds} s (6 x ${consumer.timeoutSeconds} + ${consumer.maximumBatchingWindowSeconds}) exceeds SQS's maximum of ${MAX_VISIBILITY_TIMEOUT} s`);
  }
  return seconds;
}

/**
 * An SQS queue encrypted with the deployment key (S3 notifications need kms:GenerateDataKey
 * on it, which rules out SQS-managed SSE), with a dead-letter queue and a TLS-only policy.
 */
export class SecureQueue extends pulumi.ComponentResource {
  readonly queue: aws.sqs.Queue;
  readonly deadLetterQueue: aws.sqs.Queue;
  readonly policy: aws.sqs.QueuePolicy;
  readonly arn: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: SecureQueueArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:SecureQueue", name, {}, opts);
    const parent = { parent: this };
    const maxReceiveCount = args.maxReceiveCount ?? 5;
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) throw new Error(`SecureQueue ${name}: \`maxReceiveCount\` must be 1-1000`);
    const encryption = { kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 };

    this.deadLetterQueue = new aws.sqs.Queue(`${name}-dlq`, { ...encryption, messageRetentionSeconds: FOURTEEN_DAYS, tags: args.tags }, parent);
    this.queue = new aws.sqs.Queue(
      name,
      {
        ...encryption,
        visibilityTimeoutSeconds: args.consumer !== undefined ? consumerVisibilityTimeout(args.consumer) : DEFAULT_VISIBILITY_TIMEOUT,
        messageRetentionSeconds: 4 * 24 * 3600,
        redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount }),
        tags: args.tags,
      },
      parent,
    );
    this.arn = this.queue.arn;
    this.url = this.queue.url;

    this.policy = new aws.sqs.QueuePolicy(
      `${name}-policy`,
      {
        queueUrl: this.queue.url,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [denyInsecureTransport(["sqs:*"], [this.arn]), ...(args.policyStatements?.(this.arn) ?? [])],
        }),
      },
      parent,
    );
    new aws.sqs.QueuePolicy(
      `${name}-dlq-policy`,
      { queueUrl: this.deadLetterQueue.url, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [denyInsecureTransport(["sqs:*"], [this.deadLetterQueue.arn])] }) },
      parent,
    );
    this.registerOutputs({ arn: this.arn, url: this.url, deadLetterQueueArn: this.deadLetterQueue.arn });
  }
}
