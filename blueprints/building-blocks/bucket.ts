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
  /** The deployment key; required for `data` buckets. */
  kmsKeyArn?: pulumi.Input<string>;
  /** Server access logging target for `data` buckets. */
  accessLogs?: { bucket: pulumi.Input<string>; prefix: string };
  /** The account, to confine log delivery into an `access-logs` bucket. */
  accountId?: pulumi.Input<string>;
  /** Lets `pulumi destroy` empty the bucket: true for dev and staging, false for prod. */
  forceDestroy: boolean;
  /** Days a replaced or deleted object version is kept. Default 30. */
  noncurrentVersionExpirationDays?: number;
  /** Statements added to the TLS-only bucket policy (e.g. a service's write access). */
  policyStatements?: (bucketArn: pulumi.Output<string>) => PolicyStatement[];
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

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:SecureBucket", name, {}, opts);
    if (args.purpose === "data" && args.kmsKeyArn === undefined) {
      throw new Error(`SecureBucket ${name}: \`kmsKeyArn\` is required for data buckets`);
    }
    if (args.purpose === "access-logs" && args.accessLogs !== undefined) {
      throw new Error(`SecureBucket ${name}: an access-logs bucket must not log into another bucket`);
    }
    const parent = { parent: this };

    this.bucket = new aws.s3.Bucket(name, { forceDestroy: args.forceDestroy, tags: args.tags }, parent);
    this.arn = this.bucket.arn;
    this.name = this.bucket.bucket;

    this.encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: this.bucket.id,
        rules: [
          args.purpose === "data"
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      parent,
    );

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
    statements.push(...(args.policyStatements?.(this.arn) ?? []));
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: this.bucket.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
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
