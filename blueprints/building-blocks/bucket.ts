import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport, type PolicyStatement } from "./iam";

export interface SecureBucketArgs {
  tags: Record<string, string>;
  /**
   * `data` buckets use SSE-KMS with the deployment key and a bucket key (S3.17) and log
   * their access to an access-log bucket. An `access-logs` bucket is the target of S3
   * server access logging, which only delivers into SSE-S3 buckets: it uses AES256, does
   * not log itself, and lets the logging service write into it — a documented exception.
   */
  purpose: "data" | "access-logs";
  /** The deployment key; required for `data` buckets unless they use `sseS3`. */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * Encrypt a `data` bucket with SSE-S3 instead of SSE-KMS, for the one case where the AWS
   * service writing into it supports nothing else (Application Load Balancer access logs).
   * `reason` names that service: the exception is stated, never silent.
   */
  sseS3?: { reason: string };
  /**
   * S3 Object Ownership. Default: none set, which for a new bucket means `BucketOwnerEnforced`
   * (ACLs off, S3 user guide "Controlling ownership of objects"). `BucketOwnerPreferred` turns
   * ACLs back on for a writer that still needs them (CloudFront standard logging, legacy), while
   * objects written with `bucket-owner-full-control` stay the bucket owner's.
   */
  objectOwnership?: "BucketOwnerPreferred";
  /** Server access logging target for `data` buckets. */
  accessLogs?: { bucket: pulumi.Input<string>; prefix: string };
  /** The account, to confine log delivery into an `access-logs` bucket. */
  accountId?: pulumi.Input<string>;
  /** Lets `pulumi destroy` empty the bucket: true for dev and staging, false for prod. */
  forceDestroy: boolean;
  /** Days a replaced or deleted object version is kept. Default 30. */
  noncurrentVersionExpirationDays?: number;
  /**
   * Statements added to the TLS-only bucket policy (e.g. a service's write access). An output
   * list where which statements apply depends on a value known only at deployment (the Region).
   */
  policyStatements?: (bucketArn: pulumi.Output<string>) => pulumi.Input<PolicyStatement[]>;
}

/**
 * An S3 bucket with every default of the catalogue: SSE-KMS with a bucket key, versioning,
 * all four public-access blocks, a bucket policy denying plain HTTP, access logging, and a
 * lifecycle that aborts stale multipart uploads and expires old versions. In @pulumi/aws v7
 * each of these is its own resource; all are children of this component.
 */
export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;
  readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly policy: aws.s3.BucketPolicy;
  /** `aws:kms`, or `AES256` for access-log buckets and `sseS3` exceptions. */
  readonly sseAlgorithm: "aws:kms" | "AES256";

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:SecureBucket", name, {}, opts);
    if (args.purpose === "data" && args.kmsKeyArn === undefined && args.sseS3 === undefined) {
      throw new Error(`SecureBucket ${name}: \`kmsKeyArn\` is required for data buckets`);
    }
    if (args.sseS3 !== undefined && (args.purpose !== "data" || args.kmsKeyArn !== undefined || args.sseS3.reason.trim() === "")) {
      throw new Error(`SecureBucket ${name}: \`sseS3\` is for data buckets without \`kmsKeyArn\`, with a \`reason\``);
    }
    if (args.purpose === "access-logs" && args.accessLogs !== undefined) {
      throw new Error(`SecureBucket ${name}: an access-logs bucket must not log into another bucket`);
    }
    const parent = { parent: this };

    this.bucket = new aws.s3.Bucket(name, { forceDestroy: args.forceDestroy, tags: args.tags }, parent);
    this.arn = this.bucket.arn;
    this.name = this.bucket.bucket;

    this.sseAlgorithm = args.purpose === "data" && args.sseS3 === undefined ? "aws:kms" : "AES256";
    this.encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: this.bucket.id,
        rules: [
          this.sseAlgorithm === "aws:kms"
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      parent,
    );

    if (args.objectOwnership !== undefined) {
      // S3 API reference, PutBucketOwnershipControls: ObjectOwnership BucketOwnerPreferred
      // enables ACLs; the public-access block below still refuses any public grant.
      new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: this.bucket.id, rule: { objectOwnership: args.objectOwnership } }, parent);
    }

    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } }, parent);

    this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      parent,
    );

    const statements: PolicyStatement[] = [denyInsecureTransport(["s3:*"], [this.arn, pulumi.interpolate`${this.arn}/*`])];
    if (args.purpose === "access-logs") {
      if (args.accountId === undefined) throw new Error(`SecureBucket ${name}: \`accountId\` is required for access-logs buckets`);
      statements.push({
        Sid: "S3ServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: ["s3:PutObject"],
        Resource: [pulumi.interpolate`${this.arn}/*`],
        Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
      });
    }
    const extra = pulumi.output(args.policyStatements?.(this.arn) ?? []);
    const allStatements = extra.apply((added) => [...statements, ...added]);
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: this.bucket.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: allStatements }) },
      // A policy written while the public-access block is being applied can be refused.
      { parent: this, dependsOn: [this.publicAccessBlock] },
    );

    if (args.accessLogs) {
      new aws.s3.BucketLogging(
        `${name}-access-logging`,
        { bucket: this.bucket.id, targetBucket: args.accessLogs.bucket, targetPrefix: args.accessLogs.prefix },
        parent,
      );
    }

    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: this.bucket.id,
        rules: [
          { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
          {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays ?? 30 },
          },
        ],
      },
      parent,
    );

    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}
