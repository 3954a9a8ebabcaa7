import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import type { SecureBucket } from "./bucket";
import { kmsUse, policyDocument, type PolicyStatement } from "./iam";
import { glueJobLogGroups } from "./glue-security-configuration";
import { MIN_LOG_RETENTION_DAYS } from "./log-group";
import { streamingJobRevision } from "../streaming-jobs";
import { objectTags } from "../tags";
import { serviceRole } from "./service-role";

/** Glue versions Slipstream runs: 4.0 and newer (Security Hub Glue.4). */
export const GLUE_VERSIONS = ["4.0", "5.0"] as const;
export type GlueVersion = (typeof GLUE_VERSIONS)[number];
export type GlueJobKind = "glueetl" | "gluestreaming";

/**
 * Per job kind, the Glue versions and worker types AWS documents for it, and the defaults —
 * the one home the request schemas and `GlueJob` both read (Glue API, Job → WorkerType).
 * - Streaming runs on 4.0 only: "Streaming ETL jobs in AWS Glue" and the Kinesis connection
 *   options (`addRecordTimestamp`, "AWS Glue version 4.0 or later") document it there; 5.0 for
 *   `gluestreaming` is not confirmed (review item m3, a first-deploy check before widening).
 * - G.025X is "only available for Glue version 3.0 or later streaming jobs"; G.4X and G.8X are
 *   documented for "Glue version 3.0 or later Spark ETL jobs", so streaming keeps to G.025X-G.2X.
 */
export const GLUE_JOB_KINDS = {
  glueetl: { versions: GLUE_VERSIONS, workerTypes: ["G.1X", "G.2X", "G.4X", "G.8X"], defaults: { glueVersion: "5.0", workerType: "G.1X", numberOfWorkers: 2, timeoutMinutes: 60 } },
  gluestreaming: { versions: ["4.0"], workerTypes: ["G.025X", "G.1X", "G.2X"], defaults: { glueVersion: "4.0", workerType: "G.025X", numberOfWorkers: 2, timeoutMinutes: undefined } },
} as const satisfies Record<GlueJobKind, { versions: readonly GlueVersion[]; workerTypes: readonly string[]; defaults: { glueVersion: GlueVersion; workerType: string; numberOfWorkers: number; timeoutMinutes: number | undefined } }>;
/** Bounds of `numberOfWorkers` Slipstream offers (Glue needs at least 2 for G workers). */
export const GLUE_WORKERS = { min: 2, max: 100 } as const;

export interface GlueJobArgs {
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  /** `glueetl` (batch Spark) or `gluestreaming` (Spark Structured Streaming, runs until stopped). */
  kind: GlueJobKind;
  glueVersion: GlueVersion;
  /** The PySpark script: uploaded to `scriptsBucket` under `key`. */
  script: { key: string; content: string };
  /** Encrypted bucket holding scripts and the job's temporary files. */
  scriptsBucket: SecureBucket;
  /** The Glue security configuration's name (S3, CloudWatch and bookmark encryption). */
  securityConfiguration: pulumi.Input<string>;
  /** Worker type, one of `GLUE_JOB_KINDS[kind].workerTypes`; default G.1X for ETL, G.025X for streaming. */
  workerType?: string;
  /** Default 2. */
  numberOfWorkers?: number;
  /** Days the job's CloudWatch log groups keep logs (created here, before Glue would create them without retention); default 365. */
  logRetentionDays?: number;
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
  /** A short hash of the script, resolved arguments and version/worker settings (the streamingJobs output's `revision`). */
  readonly revision: pulumi.Output<string>;

  constructor(name: string, args: GlueJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:GlueJob", name, {}, opts);
    const parent = { parent: this };
    if (!(GLUE_VERSIONS as readonly string[]).includes(args.glueVersion)) {
      throw new Error(`GlueJob ${name}: \`glueVersion\` must be one of ${GLUE_VERSIONS.join(", ")} (Glue.4), got ${args.glueVersion}`);
    }
    const kind = GLUE_JOB_KINDS[args.kind];
    if (!(kind.versions as readonly string[]).includes(args.glueVersion)) {
      throw new Error(`GlueJob ${name}: a ${args.kind} job runs on Glue ${kind.versions.join(", ")}, got ${args.glueVersion}`);
    }
    const workerType = args.workerType ?? kind.defaults.workerType;
    if (!(kind.workerTypes as readonly string[]).includes(workerType)) {
      throw new Error(`GlueJob ${name}: a ${args.kind} job takes worker types ${kind.workerTypes.join(", ")}, got ${workerType}`);
    }
    const numberOfWorkers = args.numberOfWorkers ?? kind.defaults.numberOfWorkers;
    if (!Number.isInteger(numberOfWorkers) || numberOfWorkers < GLUE_WORKERS.min || numberOfWorkers > GLUE_WORKERS.max) {
      throw new Error(`GlueJob ${name}: \`numberOfWorkers\` must be ${GLUE_WORKERS.min}-${GLUE_WORKERS.max}, got ${numberOfWorkers}`);
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
        tags: objectTags(args.tags),
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
          // Job metrics (--enable-metrics) are published to the "Glue" namespace; PutMetricData
          // has no resource-level permission, so the namespace condition is the only narrowing
          // (CloudWatch "Actions, resources, and condition keys": cloudwatch:namespace; Glue,
          // "Monitoring AWS Glue using Amazon CloudWatch metrics"). Review item m2.
          { Sid: "PublishJobMetrics", Effect: "Allow", Action: ["cloudwatch:PutMetricData"], Resource: ["*"], Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } } },
          ...args.statements,
        ]),
      },
      parent,
    );

    const streaming = args.kind === "gluestreaming";
    // Glue creates its log groups on first use without retention (review item m13): create
    // them first, with retention and the deployment key, under the names a job with a security
    // configuration writes to (glue-security-configuration.ts).
    const logGroups = glueJobLogGroups(
      name,
      { securityConfiguration: args.securityConfiguration, roleName: this.role.name, kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays ?? MIN_LOG_RETENTION_DAYS, tags: args.tags },
      parent,
    );
    const defaultArguments: Record<string, pulumi.Input<string>> = {
      "--job-language": "python",
      "--job-bookmark-option": "job-bookmark-enable",
      "--enable-continuous-cloudwatch-log": "true",
      "--enable-metrics": "true",
      "--enable-observability-metrics": "true",
      "--TempDir": pulumi.interpolate`s3://${args.scriptsBucket.name}/temporary/${name}/`,
      ...args.arguments,
    };
    this.job = new aws.glue.Job(
      name,
      {
        description: `${streaming ? "Streaming" : "Batch"} ETL job ${name}`,
        roleArn: this.role.arn,
        glueVersion: args.glueVersion,
        command: { name: args.kind, pythonVersion: "3", scriptLocation: pulumi.interpolate`s3://${args.scriptsBucket.name}/${args.script.key}` },
        workerType,
        numberOfWorkers,
        securityConfiguration: args.securityConfiguration,
        executionProperty: { maxConcurrentRuns: 1 },
        maxRetries: streaming ? 0 : 1,
        timeout: args.timeoutMinutes ?? kind.defaults.timeoutMinutes,
        defaultArguments,
        tags: args.tags,
      },
      // Glue reads the script and assumes the role when a run starts, not before; the
      // dependency keeps a first scheduled run from finding either missing, or its log groups.
      { parent: this, dependsOn: [rolePolicy, this.script, ...logGroups] },
    );
    this.name = this.job.name;
    this.arn = this.job.arn;
    // A run reads its script and arguments when it starts (Glue API, StartJobRun), so a
    // running streaming job keeps the old ones until restarted: the revision is what a
    // restart must pick up. Only a hash leaves the stack, so it need not stay secret even
    // when an argument is (a masked output would hide every job's declaration).
    this.revision = pulumi.unsecret(
      pulumi
        .all([args.script.content, pulumi.output(defaultArguments), args.glueVersion, workerType, numberOfWorkers])
        .apply(([script, resolvedArguments, glueVersion, worker, workers]) => streamingJobRevision({ script, arguments: resolvedArguments, glueVersion, workerType: worker, numberOfWorkers: workers })),
    );

    if (args.schedule !== undefined) {
      if (!/^cron\(.+\)$/.test(args.schedule)) throw new Error(`GlueJob ${name}: \`schedule\` must be a Glue cron(...) expression, got ${args.schedule}`);
      // startOnCreation only activates a SCHEDULED trigger (Glue API, CreateTrigger →
      // StartOnCreation): the first run is the next cron tick, not the deployment. Starting the
      // job right after deployment belongs to the service's job lifecycle (issue #13); review
      // item m1.
      this.trigger = new aws.glue.Trigger(
        `${name}-schedule`,
        { type: "SCHEDULED", schedule: args.schedule, startOnCreation: true, actions: [{ jobName: this.job.name }], tags: args.tags },
        parent,
      );
    }
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
