import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { kmsUse, policyDocument, type PolicyStatement } from "./iam";
import { secureLogGroup } from "./log-group";
import { serviceRole } from "./service-role";

/** Where a Flink application's code lives: a JAR or ZIP in S3, named in the request. */
export interface FlinkArtifact {
  bucketArn: string;
  fileKey: string;
}

export interface FlinkApplicationArgs {
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  logRetentionDays: number;
  artifact: FlinkArtifact;
  /** Managed Service for Apache Flink runtime, e.g. FLINK-1_20. */
  runtime: string;
  parallelism: number;
  /** Runtime properties the application reads (property group `slipstream`). */
  properties: Record<string, pulumi.Input<string>>;
  /** What the application reads and writes: exact actions on exact ARNs. */
  statements: PolicyStatement[];
}

/**
 * A Managed Service for Apache Flink application — the replacement for Kinesis Data
 * Analytics for SQL, discontinued on 2026-01-27. Application state is encrypted with the
 * deployment key, logs go to an encrypted log group, snapshots are on so restarts and
 * updates keep state, and parallelism scales from the requested value.
 */
export class FlinkApplication extends pulumi.ComponentResource {
  readonly application: aws.kinesisanalyticsv2.Application;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: FlinkApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:FlinkApplication", name, {}, opts);
    const parent = { parent: this };
    if (!Number.isInteger(args.parallelism) || args.parallelism < 1) throw new Error(`FlinkApplication ${name}: \`parallelism\` must be a positive integer`);

    const logGroup = secureLogGroup(`${name}-logs`, { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags }, parent);
    const logStream = new aws.cloudwatch.LogStream(`${name}-log-stream`, { logGroupName: logGroup.name, name: "application" }, parent);
    const role = serviceRole(`${name}-role`, { service: "kinesisanalytics.amazonaws.com", description: `Service role of ${name}`, account: args.account, tags: args.tags }, parent);
    const artifactArn = `${args.artifact.bucketArn}/${args.artifact.fileKey}`;
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: policyDocument([
          { Sid: "ReadApplicationCode", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [artifactArn] },
          { Sid: "WriteApplicationLogs", Effect: "Allow", Action: ["logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [pulumi.interpolate`${logGroup.arn}:*`] },
          { ...kmsUse(args.kmsKeyArn, "both"), Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"] },
          ...args.statements,
        ]),
      },
      parent,
    );

    this.application = new aws.kinesisanalyticsv2.Application(
      name,
      {
        runtimeEnvironment: args.runtime,
        serviceExecutionRole: role.arn,
        applicationMode: "STREAMING",
        startApplication: true,
        applicationConfiguration: {
          applicationCodeConfiguration: {
            codeContentType: "ZIPFILE",
            codeContent: { s3ContentLocation: { bucketArn: args.artifact.bucketArn, fileKey: args.artifact.fileKey } },
          },
          applicationSnapshotConfiguration: { snapshotsEnabled: true },
          applicationEncryptionConfiguration: { keyType: "CUSTOMER_MANAGED_KEY", keyId: args.kmsKeyArn },
          environmentProperties: { propertyGroups: [{ propertyGroupId: "slipstream", propertyMap: args.properties }] },
          flinkApplicationConfiguration: {
            checkpointConfiguration: { configurationType: "DEFAULT" },
            monitoringConfiguration: { configurationType: "CUSTOM", logLevel: "INFO", metricsLevel: "APPLICATION" },
            parallelismConfiguration: { configurationType: "CUSTOM", parallelism: args.parallelism, parallelismPerKpu: 1, autoScalingEnabled: true },
          },
        },
        cloudwatchLoggingOptions: { logStreamArn: pulumi.interpolate`${logGroup.arn}:log-stream:${logStream.name}` },
        tags: args.tags,
      },
      { parent: this, dependsOn: [rolePolicy] },
    );
    this.name = this.application.name;
    this.arn = this.application.arn;
    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}
