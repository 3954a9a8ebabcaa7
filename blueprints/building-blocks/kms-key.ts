import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { FLINK_KEY_REQUIREMENT, flinkKeyStatements } from "./flink-key-policy";
import type { PolicyStatement } from "./iam";
import { resolveOptional, type OptionalResource } from "./optional-resource";

/** AWS services a deployment's key may serve; the key policy names exactly these. */
export type KeyService = "logs" | "s3" | "sqs" | "sns" | "kinesis" | "firehose" | "kafka" | "glue" | "dynamodb" | "es" | "lambda" | "kinesisanalytics" | "redshift-serverless" | "secretsmanager" | "cloudwatch" | "events" | "delivery-logs";

export interface DeploymentKeyArgs {
  account: AccountContext;
  services: KeyService[];
  tags: Record<string, string>;
  /** Days before a scheduled deletion happens. Default 30, the maximum, to leave time to notice. */
  deletionWindowInDays?: number;
  /**
   * The Managed Flink applications the key encrypts (`flinkApplicationArn`); required when
   * `services` holds `kinesisanalytics`: Managed Flink's service principals may use the key
   * for exactly these applications.
   */
  flinkApplicationArns?: pulumi.Input<string>[];
}

/** A customer-managed key the caller already has. */
export interface ExistingKey {
  /** The key's ARN (not an alias): IAM grants and service settings name it. */
  arn: string;
}

/** The key a deployment encrypts with, whether it made it or the caller brought it. */
export interface KeyRef {
  arn: pulumi.Output<string>;
}

// These act as service principals on their own behalf, not through kms:ViaService.
const SERVICE_PRINCIPALS: readonly KeyService[] = ["logs", "cloudwatch", "events", "delivery-logs"];
const viaServices = (services: readonly KeyService[]) => services.filter((s) => !SERVICE_PRINCIPALS.includes(s));

/**
 * What the key policy of a key the caller brings must allow for `services` — the same grants
 * the policy of a key the deployment creates holds (see `DeploymentKey`).
 */
export function keyPolicyRequirements(services: readonly KeyService[]): string {
  const unique = [...new Set(services)];
  const via = viaServices(unique);
  const needs: string[] = [];
  if (via.length > 0) needs.push(`use by the account's principals through ${via.join(", ")} (kms:ViaService <service>.<region>.amazonaws.com)`);
  if (unique.includes("logs")) needs.push("CloudWatch Logs (logs.<region>.amazonaws.com) encrypting the deployment's log groups");
  if (unique.includes("s3") && unique.includes("sqs")) needs.push("S3 (s3.amazonaws.com) sending event notifications into encrypted queues");
  if (unique.includes("cloudwatch")) needs.push("CloudWatch alarms (cloudwatch.amazonaws.com) publishing to the encrypted topic");
  if (unique.includes("kinesisanalytics")) needs.push(FLINK_KEY_REQUIREMENT);
  if (unique.includes("events") && unique.includes("sqs")) needs.push("EventBridge (events.amazonaws.com) sending S3 events into encrypted queues");
  if (unique.includes("delivery-logs")) needs.push("AWS log delivery (delivery.logs.amazonaws.com, for this account's logs) writing VPC Flow Logs and CloudFront logs into the encrypted log bucket");
  return needs.join("; ");
}

const USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"];

/**
 * The one customer-managed key a deployment encrypts everything with (KMS.4: rotation on).
 * Principals in the account use it through the services named in `services` only
 * (kms:ViaService); service principals that act on their own behalf — CloudWatch Logs,
 * S3 event notifications into an encrypted queue, CloudWatch alarms into an encrypted
 * topic — get their own statements.
 */
export class DeploymentKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly alias: aws.kms.Alias;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: DeploymentKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:DeploymentKey", name, {}, opts);
    const { accountId, region, partition } = args.account;
    const services = [...new Set(args.services)];

    const statements: PolicyStatement[] = [
      {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
        Action: ["kms:*"],
        Resource: ["*"],
      },
    ];
    const via = viaServices(services);
    if (via.length > 0) {
      statements.push({
        Sid: "AccountUsesThroughServices",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
        Action: USE_ACTIONS,
        Resource: ["*"],
        Condition: {
          StringEquals: {
            "kms:CallerAccount": accountId,
            "kms:ViaService": pulumi.all([region]).apply(([r]) => via.map((s) => `${s}.${r}.amazonaws.com`)),
          },
        },
      });
    }
    if (services.includes("logs")) {
      statements.push({
        Sid: "CloudWatchLogsEncrypts",
        Effect: "Allow",
        Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource: ["*"],
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
      });
    }
    const servicePrincipals = [
      // S3 event notifications into a KMS-encrypted queue.
      ...(services.includes("s3") && services.includes("sqs") ? ["s3.amazonaws.com"] : []),
      // CloudWatch alarm actions into a KMS-encrypted topic.
      ...(services.includes("cloudwatch") ? ["cloudwatch.amazonaws.com"] : []),
      // EventBridge rule targets that are KMS-encrypted queues (EventBridge user guide,
      // "Using resource-based policies for Amazon EventBridge" → Amazon SQS permissions: the
      // key policy must let events.amazonaws.com call kms:GenerateDataKey and kms:Decrypt).
      ...(services.includes("events") && services.includes("sqs") ? ["events.amazonaws.com"] : []),
    ];
    if (servicePrincipals.length > 0) {
      // No aws:SourceAccount condition (review item m8): AWS's own key-policy examples for S3
      // notifications into an encrypted queue (S3 user guide, "Granting permissions to publish
      // event notification messages to a destination" → AWS KMS key policy) and for alarms into
      // an encrypted topic (SNS developer guide, "Configure AWS KMS permissions for AWS
      // services") carry none, and the KMS call is made by SQS/SNS on the publisher's behalf, so
      // the source keys may be absent and the condition would deny every publish. The queue and
      // topic policies already admit exactly this bucket and account. Verify on a first deploy.
      statements.push({
        Sid: "ServicesPublishEncrypted",
        Effect: "Allow",
        Principal: { Service: servicePrincipals },
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: ["*"],
      });
    }
    if (services.includes("delivery-logs")) statements.push(logDeliveryStatement(accountId, partition));
    if (services.includes("kinesisanalytics")) {
      if (args.flinkApplicationArns === undefined || args.flinkApplicationArns.length === 0) {
        throw new Error(`DeploymentKey ${name}: \`flinkApplicationArns\` must name the Flink applications when the key serves kinesisanalytics`);
      }
      statements.push(...flinkKeyStatements(accountId, args.flinkApplicationArns));
    }

    this.key = new aws.kms.Key(
      `${name}`,
      {
        description: `Slipstream deployment key (${name})`,
        enableKeyRotation: true,
        deletionWindowInDays: args.deletionWindowInDays ?? 30,
        policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }),
        tags: args.tags,
      },
      { parent: this },
    );
    this.alias = new aws.kms.Alias(`${name}-alias`, { name: `alias/slipstream/${name}`, targetKeyId: this.key.keyId }, { parent: this });
    this.arn = this.key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}

/**
 * AWS log delivery writing vended logs (VPC Flow Logs; CloudFront standard logging, v2 and
 * legacy) into a bucket encrypted with this key. CloudWatch Logs user guide, "Logs sent to
 * Amazon S3" → "Amazon S3 bucket server-side encryption" (V1 and V2 permissions): the key policy
 * must let delivery.logs.amazonaws.com use the key, confined to the account's log deliveries by
 * aws:SourceAccount and aws:SourceArn `arn:aws:logs:<region>:<account>:*`. The Region is a
 * wildcard: CloudFront's delivery sources live in us-east-1 whatever the bucket's Region.
 */
function logDeliveryStatement(accountId: pulumi.Input<string>, partition: pulumi.Input<string>): PolicyStatement {
  return {
    Sid: "LogDeliveryEncrypts",
    Effect: "Allow",
    Principal: { Service: "delivery.logs.amazonaws.com" },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    Resource: ["*"],
    Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partition}:logs:*:${accountId}:*` } },
  };
}

/**
 * The deployment key in the catalogue's optional-child shape: `existing` uses the caller's
 * customer-managed key (nothing is created; its key policy must grant what
 * `keyPolicyRequirements` lists), `args` creates a `DeploymentKey`. `skip` is refused: every
 * blueprint encrypts with a customer-managed key.
 */
export function deploymentKey(name: string, key: OptionalResource<ExistingKey, DeploymentKeyArgs>, opts?: pulumi.ComponentResourceOptions): KeyRef {
  const resolved = resolveOptional("key", key);
  switch (resolved.kind) {
    case "skip":
      throw new Error(`deploymentKey ${name}: \`key.skip\` is not supported; pass \`key.existing\` or \`key.args\``);
    case "existing":
      if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/.test(resolved.existing.arn)) {
        throw new Error(`deploymentKey ${name}: \`key.existing.arn\` must be a KMS key ARN (not an alias), got "${resolved.existing.arn}"`);
      }
      return { arn: pulumi.output(resolved.existing.arn) };
    case "create":
      if (resolved.args === undefined) throw new Error(`deploymentKey ${name}: \`key.args\` is required to create a key`);
      return new DeploymentKey(name, resolved.args, opts);
  }
}

/** The request's `encryption` as the key's optional-child shape: its key if it names one, else a new one with `args`. */
export function requestedKey(encryption: { kmsKeyArn?: string }, args: DeploymentKeyArgs): OptionalResource<ExistingKey, DeploymentKeyArgs> {
  return encryption.kmsKeyArn !== undefined ? { existing: { arn: encryption.kmsKeyArn } } : { args };
}
