import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { kmsUse, policyDocument, type PolicyStatement } from "./iam";
import { secureLogGroup } from "./log-group";
import { physicalName } from "./naming";
import { serviceRole } from "./service-role";
import { streamingJobRevision } from "../streaming-jobs";

/**
 * The one home of the Flink defaults: the request schemas (`flinkApplicationFields`) and this
 * block read them. FLINK-1_20 is the newest runtime Managed Flink runs Python applications on.
 */
export const FLINK_DEFAULTS = { runtime: "FLINK-1_20", parallelism: 1 } as const;

/** Where a Flink application's code lives: a JAR or ZIP in S3. */
export interface FlinkArtifact {
  bucketArn: pulumi.Input<string>;
  fileKey: pulumi.Input<string>;
  /** The key that encrypts the object when it is not the deployment key (the caller's own bucket). */
  kmsKeyArn?: pulumi.Input<string>;
}

export interface FlinkApplicationArgs {
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  logRetentionDays: number;
  /** The physical name, from `flinkApplicationName`: fixed so the key policy can name the application before it exists. */
  applicationName: string;
  artifact: FlinkArtifact;
  /** Managed Service for Apache Flink runtime, e.g. FLINK-1_20. */
  runtime: string;
  parallelism: number;
  /** Runtime property groups the application reads: group id → property → value. */
  propertyGroups: Record<string, Record<string, pulumi.Input<string>>>;
  /** What the application reads and writes: exact actions on exact ARNs. */
  statements: PolicyStatement[];
  /** What must exist before the application is created (e.g. the uploaded artifact). */
  dependsOn?: pulumi.Resource[];
}

/** The physical name of a deployment's Flink application (MSF names: 1-128 of [a-zA-Z0-9_.-]). */
export function flinkApplicationName(deployment: string, role: string): string {
  return physicalName(deployment, role, 128);
}

/**
 * A Managed Service for Apache Flink application — the replacement for Kinesis Data
 * Analytics for SQL, discontinued on 2026-01-27. Application state is encrypted with the
 * deployment key (whose policy must admit Managed Flink: see flink-key-policy.ts), logs go to
 * an encrypted log group, snapshots are on so restarts and updates keep state, and parallelism
 * scales from the requested value. The application is created stopped: see `startApplication`.
 */
export class FlinkApplication extends pulumi.ComponentResource {
  readonly application: aws.kinesisanalyticsv2.Application;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** A short hash of the code location, runtime and runtime properties (the streamingJobs output's `revision`). */
  readonly revision: pulumi.Output<string>;

  constructor(name: string, args: FlinkApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:FlinkApplication", name, {}, opts);
    const parent = { parent: this };
    if (!Number.isInteger(args.parallelism) || args.parallelism < 1) throw new Error(`FlinkApplication ${name}: \`parallelism\` must be a positive integer`);
    if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(args.applicationName)) throw new Error(`FlinkApplication ${name}: \`applicationName\` must be 1-128 of [a-zA-Z0-9_.-], got "${args.applicationName}"`);
    const { accountId, region, partition } = args.account;

    const logGroup = secureLogGroup(`${name}-logs`, { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags }, parent);
    const logStream = new aws.cloudwatch.LogStream(`${name}-log-stream`, { logGroupName: logGroup.name, name: "application" }, parent);
    const role = serviceRole(`${name}-role`, { service: "kinesisanalytics.amazonaws.com", description: `Service role of ${name}`, account: args.account, tags: args.tags }, parent);
    const statements: PolicyStatement[] = [
      { Sid: "ReadApplicationCode", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [pulumi.interpolate`${args.artifact.bucketArn}/${args.artifact.fileKey}`] },
      // Logging permissions as the MSF guide's "Set up application logging" policy lists them:
      // the service looks the group up (DescribeLogGroups, which takes no narrower resource than
      // the account's log groups) before it describes the stream and writes (review item m7).
      { Sid: "FindLogGroup", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: [pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:*`] },
      { Sid: "WriteApplicationLogs", Effect: "Allow", Action: ["logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [pulumi.interpolate`${logGroup.arn}:*`] },
      { ...kmsUse(args.kmsKeyArn, "both"), Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"] },
      ...args.statements,
    ];
    if (args.artifact.kmsKeyArn !== undefined) {
      // An artifact in the caller's bucket, encrypted with the caller's key: reading it is a
      // kms:Decrypt through S3 on that key (review item M5).
      statements.push({ Sid: "DecryptApplicationCode", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [args.artifact.kmsKeyArn] });
    }
    const rolePolicy = new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy: policyDocument(statements) }, parent);

    this.application = new aws.kinesisanalyticsv2.Application(
      name,
      {
        name: args.applicationName,
        runtimeEnvironment: args.runtime,
        serviceExecutionRole: role.arn,
        applicationMode: "STREAMING",
        // Created stopped. A start inside the update makes a bad artifact or a missing
        // connector fail (or hang) the whole `pulumi up`; the deployment service's job
        // lifecycle (issue #13) calls StartApplication after the update succeeds, and an
        // operator can start it from the console or `aws kinesisanalyticsv2 start-application`.
        startApplication: false,
        applicationConfiguration: {
          // CodeContentType ZIPFILE covers JARs and Python ZIPs alike (MSF API, CodeContent).
          applicationCodeConfiguration: {
            codeContentType: "ZIPFILE",
            codeContent: { s3ContentLocation: { bucketArn: args.artifact.bucketArn, fileKey: args.artifact.fileKey } },
          },
          applicationSnapshotConfiguration: { snapshotsEnabled: true },
          applicationEncryptionConfiguration: { keyType: "CUSTOMER_MANAGED_KEY", keyId: args.kmsKeyArn },
          // Runtime properties (MSF guide, "Use runtime properties"): what the code reads at start.
          environmentProperties: {
            propertyGroups: Object.entries(args.propertyGroups).map(([propertyGroupId, propertyMap]) => ({ propertyGroupId, propertyMap })),
          },
          flinkApplicationConfiguration: {
            checkpointConfiguration: { configurationType: "DEFAULT" },
            monitoringConfiguration: { configurationType: "CUSTOM", logLevel: "INFO", metricsLevel: "APPLICATION" },
            parallelismConfiguration: { configurationType: "CUSTOM", parallelism: args.parallelism, parallelismPerKpu: 1, autoScalingEnabled: true },
          },
        },
        cloudwatchLoggingOptions: { logStreamArn: pulumi.interpolate`${logGroup.arn}:log-stream:${logStream.name}` },
        tags: args.tags,
      },
      { parent: this, dependsOn: [rolePolicy, ...(args.dependsOn ?? [])] },
    );
    this.name = this.application.name;
    this.arn = this.application.arn;
    // What an update hands Managed Flink: a new artifact or property groups. Only a hash leaves
    // the stack, so it need not stay secret (a masked output would hide the declaration).
    this.revision = pulumi.unsecret(
      pulumi
        .all([args.artifact.bucketArn, args.artifact.fileKey, pulumi.output(args.propertyGroups), args.runtime, args.parallelism])
        .apply(([bucketArn, fileKey, propertyGroups, runtime, parallelism]) => streamingJobRevision({ bucketArn, fileKey, propertyGroups, runtime, parallelism })),
    );
    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}
