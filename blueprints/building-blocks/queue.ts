import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport, type PolicyStatement } from "./iam";

export interface SecureQueueArgs {
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  /**
   * Timeout of the Lambda function that consumes the queue. The visibility timeout is six
   * times this (AWS's guidance), so a message is not redelivered while a retry is running.
   * Omit for a queue nothing consumes with Lambda (e.g. an on-failure destination).
   */
  consumerTimeoutSeconds?: number;
  /** Receives before a message moves to the dead-letter queue. Default 5. */
  maxReceiveCount?: number;
  /** Statements added to the TLS-only queue policy (e.g. S3 sending notifications). */
  policyStatements?: (queueArn: pulumi.Output<string>) => PolicyStatement[];
}

const FOURTEEN_DAYS = 14 * 24 * 3600;

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
        visibilityTimeoutSeconds: args.consumerTimeoutSeconds !== undefined ? 6 * args.consumerTimeoutSeconds : 30,
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
