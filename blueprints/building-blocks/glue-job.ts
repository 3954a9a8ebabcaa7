import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import type { SecureBucket } from "./bucket";
import { kmsUse, policyDocument, type PolicyStatement } from "./iam";
import { serviceRole } from "./service-role";

/** Glue versions Slipstream runs: 4.0 and newer (Glue.4; streaming needs 4.0 or later). */
export const GLUE_VERSIONS = ["4.0", "5.0"] as const;
export type GlueVersion = (typeof GLUE_VERSIONS)[number];

export interface GlueJobArgs {
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  /** `glueetl` (batch Spark) or `gluestreaming` (Spark Structured Streaming, runs until stopped). */
  kind: "glueetl" | "gluestreaming";
  glueVersion: GlueVersion;
  /** The PySpark script: uploaded to `scriptsBucket` under `key`. */
  script: { key: string; content: string };
  /** Encrypted bucket holding scripts and the job's temporary files. */
  scriptsBucket: SecureBucket;
  /** The Glue security configuration's name (S3, CloudWatch and bookmark encryption). */
  securityConfiguration: pulumi.Input<string>;
  /** Worker type, default G.1X; streaming jobs may use G.025X. */
  workerType?: string;
  /** Default 2. */
  numberOfWorkers?: number;
  /** Job arguments (`--name` → value) the script reads. */
  arguments: Record<string, pulumi.Input<string>>;
  /** What the script reads and writes: exact actions on exact ARNs. */
  statements: PolicyStatement[];
  /** A cron expression (Glue `cron(...)`) that starts the job; none for on-demand jobs. */
  schedule?: string;
  /** Minutes before a run is stopped; default 60 for ETL, none for streaming. */
  timeoutMinutes?: number;
}

/**
 * A Glue job with its own role, its script stored as an encrypted S3 object, the security
 * configuration, job bookmarks, continuous CloudWatch logging and metrics, and optionally a
 * schedule. For a streaming job the schedule is a watchdog: a run started while one is
 * running is refused (one concurrent run), so the trigger only restarts a job that stopped.
 */
export class GlueJob extends pulumi.ComponentResource {
  readonly job: aws.glue.Job;
  readonly role: aws.iam.Role;
  readonly script: aws.s3.BucketObjectv2;
  readonly trigger?: aws.glue.Trigger;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: GlueJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:GlueJob", name, {}, opts);
    const parent = { parent: this };
    if (!(GLUE_VERSIONS as readonly string[]).includes(args.glueVersion)) {
      throw new Error(`GlueJob ${name}: \`glueVersion\` must be one of ${GLUE_VERSIONS.join(", ")} (Glue.4), got ${args.glueVersion}`);
    }
    const { accountId, region, partition } = args.account;

    this.script = new aws.s3.BucketObjectv2(
      `${name}-script`,
      {
        bucket: args.scriptsBucket.bucket.id,
        key: args.script.key,
        content: args.script.content,
        contentType: "text/x-python",
        serverSideEncryption: "aws:kms",
        kmsKeyId: args.kmsKeyArn,
        bucketKeyEnabled: true,
        tags: args.tags,
      },
      parent,
    );
    const scriptsArn = args.scriptsBucket.arn;
    this.role = serviceRole(`${name}-role`, { service: "glue.amazonaws.com", description: `Service role of ${name}`, account: args.account, tags: args.tags }, parent);
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: this.role.id,
        policy: policyDocument([
          { Sid: "ReadScript", Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${scriptsArn}/${args.script.key}`] },
          {
            Sid: "UseTemporaryDirectory",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: [pulumi.interpolate`${scriptsArn}/temporary/${name}/*`],
          },
          { Sid: "ListTemporaryDirectory", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [scriptsArn] },
          // With a security configuration Glue writes to /aws-glue/jobs/<configuration>-role/… groups it creates itself.
          {
            Sid: "WriteJobLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
            Resource: [pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:/aws-glue/*`],
          },
          { ...kmsUse(args.kmsKeyArn, "both"), Sid: "UseDeploymentKey" },
          ...args.statements,
        ]),
      },
      parent,
    );

    const streaming = args.kind === "gluestreaming";
    this.job = new aws.glue.Job(
      name,
      {
        description: `${streaming ? "Streaming" : "Batch"} ETL job ${name}`,
        roleArn: this.role.arn,
        glueVersion: args.glueVersion,
        command: { name: args.kind, pythonVersion: "3", scriptLocation: pulumi.interpolate`s3://${args.scriptsBucket.name}/${args.script.key}` },
        workerType: args.workerType ?? "G.1X",
        numberOfWorkers: args.numberOfWorkers ?? 2,
        securityConfiguration: args.securityConfiguration,
        executionProperty: { maxConcurrentRuns: 1 },
        maxRetries: streaming ? 0 : 1,
        timeout: args.timeoutMinutes ?? (streaming ? undefined : 60),
        defaultArguments: {
          "--job-language": "python",
          "--job-bookmark-option": "job-bookmark-enable",
          "--enable-continuous-cloudwatch-log": "true",
          "--enable-metrics": "true",
          "--enable-observability-metrics": "true",
          "--TempDir": pulumi.interpolate`s3://${args.scriptsBucket.name}/temporary/${name}/`,
          ...args.arguments,
        },
        tags: args.tags,
      },
      // Glue reads the script and assumes the role when a run starts, not before; the
      // dependency keeps a first scheduled run from finding either missing.
      { parent: this, dependsOn: [rolePolicy, this.script] },
    );
    this.name = this.job.name;
    this.arn = this.job.arn;

    if (args.schedule !== undefined) {
      if (!/^cron\(.+\)$/.test(args.schedule)) throw new Error(`GlueJob ${name}: \`schedule\` must be a Glue cron(...) expression, got ${args.schedule}`);
      this.trigger = new aws.glue.Trigger(
        `${name}-schedule`,
        { type: "SCHEDULED", schedule: args.schedule, startOnCreation: true, actions: [{ jobName: this.job.name }], tags: args.tags },
        parent,
      );
    }
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
