import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import type { SecureBucket } from "./bucket";
import { kmsUse, policyDocument, type PolicyStatement } from "./iam";
import { secureLogGroup } from "./log-group";
import type { SearchDomain } from "./search-domain";
import { serviceRole } from "./service-role";

export type DeliverySource = { kind: "direct-put" } | { kind: "kinesis"; streamArn: pulumi.Input<string> };

export interface Buffering {
  /** MiB, default 5. */
  sizeMiB?: number;
  /** Seconds, default 300. */
  intervalSeconds?: number;
}

export type DeliveryDestination =
  | {
      kind: "s3";
      bucket: SecureBucket;
      /** Firehose prefix expression, e.g. `logs/!{timestamp:yyyy/MM/dd}/`. */
      prefix: string;
      errorOutputPrefix: string;
      compression: "GZIP" | "Snappy" | "ZIP" | "HADOOP_SNAPPY" | "UNCOMPRESSED";
      buffering?: Buffering;
    }
  | {
      kind: "opensearch";
      domain: SearchDomain;
      indexName: string;
      indexRotation: "NoRotation" | "OneHour" | "OneDay" | "OneWeek" | "OneMonth";
      /** Documents OpenSearch refuses land here. */
      backupBucket: SecureBucket;
      buffering?: Buffering;
      retryDurationSeconds?: number;
    }
  | {
      kind: "redshift";
      /** `jdbc:redshift://host:port/database` of a cluster or Serverless workgroup. */
      jdbcUrl: pulumi.Input<string>;
      /** Secrets Manager secret holding the database user's credentials. */
      secretArn: pulumi.Input<string>;
      /** KMS key that encrypts the secret (Redshift-managed admin secrets use the deployment key). */
      secretKmsKeyArn: pulumi.Input<string>;
      table: string;
      columns?: string;
      copyOptions: string;
      /** Firehose stages batches here before COPY. */
      stagingBucket: SecureBucket;
    };

export interface DeliveryStreamArgs {
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  logRetentionDays: number;
  source: DeliverySource;
  destination: DeliveryDestination;
  /** A role made beforehand with `serviceRole` (when the destination must name it first). */
  role?: aws.iam.Role;
}

const S3_WRITE = ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"];

function s3Write(sid: string, bucket: SecureBucket): PolicyStatement {
  return { Sid: sid, Effect: "Allow", Action: S3_WRITE, Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`] };
}

/**
 * A Firehose delivery stream with its own role and error log. Direct PUT streams are
 * encrypted with the deployment key (DataFirehose.1). A stream reading from Kinesis cannot
 * enable SSE — an AWS limitation — so its data stays encrypted by the source stream's key and
 * the destination's `kmsKeyArn`; the policy pack reports that case as not applicable.
 */
export class DeliveryStream extends pulumi.ComponentResource {
  readonly stream: aws.kinesis.FirehoseDeliveryStream;
  readonly role: aws.iam.Role;
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: DeliveryStreamArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:DeliveryStream", name, {}, opts);
    const parent = { parent: this };
    const { destination, source } = args;

    const logGroup = secureLogGroup(`${name}-logs`, { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags }, parent);
    const deliveryLog = new aws.cloudwatch.LogStream(`${name}-delivery-log`, { logGroupName: logGroup.name, name: "DestinationDelivery" }, parent);
    const backupLog = new aws.cloudwatch.LogStream(`${name}-backup-log`, { logGroupName: logGroup.name, name: "BackupDelivery" }, parent);
    const logging = (stream: aws.cloudwatch.LogStream) => ({ enabled: true, logGroupName: logGroup.name, logStreamName: stream.name });

    this.role =
      args.role ?? serviceRole(`${name}-role`, { service: "firehose.amazonaws.com", description: `Delivery role of ${name}`, account: args.account, tags: args.tags }, parent);
    const statements: PolicyStatement[] = [
      kmsUse(args.kmsKeyArn, "both"),
      { Sid: "WriteErrorLogs", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: [pulumi.interpolate`${logGroup.arn}:*`] },
    ];
    if (source.kind === "kinesis") {
      statements.push({
        Sid: "ReadSourceStream",
        Effect: "Allow",
        Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
        Resource: [source.streamArn],
      });
    }

    const s3Config = (bucket: SecureBucket, prefix: string, errorOutputPrefix: string | undefined, compression: string, buffering: Buffering | undefined) => ({
      roleArn: this.role.arn,
      bucketArn: bucket.arn,
      prefix,
      errorOutputPrefix,
      compressionFormat: compression,
      kmsKeyArn: args.kmsKeyArn,
      bufferingSize: buffering?.sizeMiB ?? 5,
      bufferingInterval: buffering?.intervalSeconds ?? 300,
      cloudwatchLoggingOptions: logging(backupLog),
    });

    let destinationArgs: Partial<aws.kinesis.FirehoseDeliveryStreamArgs>;
    switch (destination.kind) {
      case "s3":
        statements.push(s3Write("WriteDestinationBucket", destination.bucket));
        destinationArgs = {
          destination: "extended_s3",
          extendedS3Configuration: {
            ...s3Config(destination.bucket, destination.prefix, destination.errorOutputPrefix, destination.compression, destination.buffering),
            cloudwatchLoggingOptions: logging(deliveryLog),
          },
        };
        break;
      case "opensearch": {
        const domainArn = destination.domain.arn;
        statements.push(s3Write("WriteBackupBucket", destination.backupBucket), {
          Sid: "DeliverToDomain",
          Effect: "Allow",
          Action: ["es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig", "es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"],
          Resource: [domainArn, pulumi.interpolate`${domainArn}/*`],
        });
        destinationArgs = {
          destination: "opensearch",
          opensearchConfiguration: {
            domainArn,
            roleArn: this.role.arn,
            indexName: destination.indexName,
            indexRotationPeriod: destination.indexRotation,
            bufferingSize: destination.buffering?.sizeMiB ?? 5,
            bufferingInterval: destination.buffering?.intervalSeconds ?? 60,
            retryDuration: destination.retryDurationSeconds ?? 300,
            s3BackupMode: "FailedDocumentsOnly",
            s3Configuration: s3Config(destination.backupBucket, "failed/", undefined, "GZIP", undefined),
            cloudwatchLoggingOptions: logging(deliveryLog),
          },
        };
        break;
      }
      case "redshift":
        statements.push(
          s3Write("WriteStagingBucket", destination.stagingBucket),
          { Sid: "ReadDatabaseSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [destination.secretArn] },
          { Sid: "DecryptDatabaseSecret", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [destination.secretKmsKeyArn] },
        );
        destinationArgs = {
          destination: "redshift",
          redshiftConfiguration: {
            roleArn: this.role.arn,
            clusterJdbcurl: destination.jdbcUrl,
            secretsManagerConfiguration: { enabled: true, secretArn: destination.secretArn, roleArn: this.role.arn },
            dataTableName: destination.table,
            dataTableColumns: destination.columns,
            copyOptions: destination.copyOptions,
            s3Configuration: s3Config(destination.stagingBucket, "staging/", undefined, "GZIP", undefined),
            cloudwatchLoggingOptions: logging(deliveryLog),
          },
        };
        break;
    }

    const rolePolicy = new aws.iam.RolePolicy(`${name}-policy`, { role: this.role.id, policy: policyDocument(statements) }, parent);

    this.stream = new aws.kinesis.FirehoseDeliveryStream(
      name,
      {
        ...destinationArgs,
        destination: destinationArgs.destination!,
        kinesisSourceConfiguration: source.kind === "kinesis" ? { kinesisStreamArn: source.streamArn, roleArn: this.role.arn } : undefined,
        serverSideEncryption: source.kind === "direct-put" ? { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: args.kmsKeyArn } : undefined,
        tags: args.tags,
      },
      // Firehose checks the role's permissions when the stream is created.
      { parent: this, dependsOn: [rolePolicy] },
    );
    this.arn = this.stream.arn;
    this.name = this.stream.name;
    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}
