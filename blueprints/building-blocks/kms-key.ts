import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import type { PolicyStatement } from "./iam";

/** AWS services a deployment's key may serve; the key policy names exactly these. */
export type KeyService = "logs" | "s3" | "sqs" | "sns" | "kinesis" | "firehose" | "kafka" | "glue" | "dynamodb" | "es" | "lambda" | "kinesisanalytics" | "redshift-serverless" | "secretsmanager" | "cloudwatch";

export interface DeploymentKeyArgs {
  account: AccountContext;
  services: KeyService[];
  tags: Record<string, string>;
  /** Days before a scheduled deletion happens. Default 30, the maximum, to leave time to notice. */
  deletionWindowInDays?: number;
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
    const viaServices = services.filter((s) => s !== "logs" && s !== "cloudwatch");
    if (viaServices.length > 0) {
      statements.push({
        Sid: "AccountUsesThroughServices",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
        Action: USE_ACTIONS,
        Resource: ["*"],
        Condition: {
          StringEquals: {
            "kms:CallerAccount": accountId,
            "kms:ViaService": pulumi.all([region]).apply(([r]) => viaServices.map((s) => `${s}.${r}.amazonaws.com`)),
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
    ];
    if (servicePrincipals.length > 0) {
      statements.push({
        Sid: "ServicesPublishEncrypted",
        Effect: "Allow",
        Principal: { Service: servicePrincipals },
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: ["*"],
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      });
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
