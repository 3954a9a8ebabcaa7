import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "../building-blocks/account";
import { SecureBucket } from "../building-blocks/bucket";
import type { PolicyStatement } from "../building-blocks/iam";
import type { KeyService } from "../building-blocks/kms-key";
import { SecureQueue, type QueueConsumer } from "../building-blocks/queue";
import type { LogFormat } from "./functions/log-forwarder/config";
import { logProducer, type CloudFrontLogging } from "./log-delivery";
import { objectCreatedPattern } from "./object-created-pattern";

/** The request's `source`, as the schema outputs it. */
export interface SourceParams {
  existing?: { bucketName: string; kmsKeyArn?: string | undefined } | undefined;
  prefix: string;
  suffix: string;
  cloudFrontLogging: CloudFrontLogging;
}

export interface LogSourceArgs {
  /** The deployment name; children are named after it. */
  name: string;
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  forceDestroy: boolean;
  /** Where the log bucket (when created) logs its own access. */
  accessLogs: SecureBucket;
  logFormat: LogFormat;
  source: SourceParams;
  /** The forwarder's timeout and batching window, which the queue's visibility timeout derives from. */
  consumer: QueueConsumer;
}

/** Where logs land and the queue that announces each new object. */
export interface LogSource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly queue: SecureQueue;
  /** The bucket the deployment created; absent for the caller's own. */
  readonly bucket?: SecureBucket;
}

/** What the deployment key must admit for the source: the log producer's delivery, or EventBridge. */
export function sourceKeyServices(logFormat: LogFormat, source: SourceParams): KeyService[] {
  return source.existing !== undefined ? ["events"] : [...logProducer(logFormat, source.cloudFrontLogging).keyServices];
}

/**
 * The log source. A bucket the deployment creates gets what the chosen format's producer needs
 * to deliver into it (log-delivery.ts) and an S3 event notification into the queue: the
 * deployment owns the bucket, so it owns its whole notification configuration.
 *
 * The caller's own bucket is never reconfigured: S3 keeps one notification configuration per
 * bucket and `BucketNotification` would replace it, and delete it on destroy (deploy-review M7).
 * Its "Object Created" events come through EventBridge instead: the caller turns on EventBridge
 * delivery for the bucket once (additive to any other notification), and the deployment adds
 * only a rule on the default event bus with the queue as its target.
 */
export function logSource(args: LogSourceArgs, parent: pulumi.Resource): LogSource {
  const { name, account, tags, source } = args;
  const opts = { parent };
  if (source.existing !== undefined) return existingBucketSource(args, source.existing.bucketName, opts);

  const producer = logProducer(args.logFormat, source.cloudFrontLogging);
  const bucket = new SecureBucket(
    `${name}-logs`,
    {
      purpose: "data",
      ...(producer.sseS3Reason !== undefined ? { sseS3: { reason: producer.sseS3Reason } } : { kmsKeyArn: args.kmsKeyArn }),
      ...(producer.objectOwnership !== undefined ? { objectOwnership: producer.objectOwnership } : {}),
      tags,
      forceDestroy: args.forceDestroy,
      accessLogs: { bucket: args.accessLogs.name, prefix: "logs/" },
      policyStatements: (bucketArn) => producer.statements(bucketArn, { account, prefix: source.prefix }),
    },
    opts,
  );
  const s3Sends = (queueArn: pulumi.Output<string>): PolicyStatement[] => [
    {
      Sid: "S3SendsObjectEvents",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: ["sqs:SendMessage"],
      Resource: [queueArn],
      Condition: { ArnEquals: { "aws:SourceArn": bucket.arn }, StringEquals: { "aws:SourceAccount": account.accountId } },
    },
  ];
  const queue = objectEventsQueue(args, s3Sends, opts);
  new aws.s3.BucketNotification(
    `${name}-object-created`,
    {
      bucket: bucket.name,
      queues: [
        {
          queueArn: queue.arn,
          events: ["s3:ObjectCreated:*"],
          // An empty filter is no filter: S3 refuses an empty prefix or suffix rule value.
          filterPrefix: source.prefix === "" ? undefined : source.prefix,
          filterSuffix: source.suffix === "" ? undefined : source.suffix,
        },
      ],
    },
    // S3 tests delivery when the notification is saved: the queue policy must be in place.
    { parent, dependsOn: [queue.policy] },
  );
  return { bucketName: bucket.name, bucketArn: bucket.arn, queue, bucket };
}

function existingBucketSource(args: LogSourceArgs, bucketName: string, opts: pulumi.CustomResourceOptions): LogSource {
  const { name, account, tags, source } = args;
  const rule = new aws.cloudwatch.EventRule(
    `${name}-object-created-rule`,
    {
      description: `Objects created in ${bucketName} for ${name}`,
      eventPattern: JSON.stringify(objectCreatedPattern(bucketName, source.prefix, source.suffix)),
      tags,
    },
    opts,
  );
  // EventBridge user guide, "Using resource-based policies for Amazon EventBridge" → Amazon SQS
  // permissions: the queue policy lets events.amazonaws.com send, for exactly this rule.
  const eventBridgeSends = (queueArn: pulumi.Output<string>): PolicyStatement[] => [
    {
      Sid: "EventBridgeSendsObjectEvents",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["sqs:SendMessage"],
      Resource: [queueArn],
      Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
    },
  ];
  const queue = objectEventsQueue(args, eventBridgeSends, opts);
  // EventBridge retries a failed delivery for up to 24 hours by default (PutTargets, RetryPolicy).
  new aws.cloudwatch.EventTarget(`${name}-object-created-target`, { rule: rule.name, arn: queue.arn }, { ...opts, dependsOn: [queue.policy] });
  return { bucketName: pulumi.output(bucketName), bucketArn: pulumi.interpolate`arn:${account.partition}:s3:::${bucketName}`, queue };
}

function objectEventsQueue(args: LogSourceArgs, policyStatements: (queueArn: pulumi.Output<string>) => PolicyStatement[], opts: pulumi.ComponentResourceOptions): SecureQueue {
  return new SecureQueue(`${args.name}-object-events`, { kmsKeyArn: args.kmsKeyArn, tags: args.tags, consumer: args.consumer, policyStatements }, opts);
}
