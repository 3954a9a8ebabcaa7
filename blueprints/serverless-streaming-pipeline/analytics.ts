import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "../building-blocks/account";
import { alarm } from "../building-blocks/alarms";
import type { SecureBucket } from "../building-blocks/bucket";
import { FlinkApplication, type FlinkArtifact } from "../building-blocks/flink-application";
import { objectTags } from "../tags";
import type { ServerlessStreamingPipelineParams } from "./schema";
import { defaultFlinkPackage, defaultFlinkProperties } from "./flink-app";

export interface ServingAnalyticsArgs {
  params: ServerlessStreamingPipelineParams;
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  logRetentionDays: number;
  protect: boolean;
  /** The application's physical name (the key policy names it before it exists). */
  applicationName: string;
  stream: aws.kinesis.Stream;
  /** The deployment's encrypted artifact bucket: the default application's ZIP is uploaded here. */
  artifactBucket: SecureBucket;
  alarmArgs: { topicArn: pulumi.Output<string>; tags: Record<string, string> };
}

/**
 * The real-time leg of the pipeline: a Managed Flink application reading the stream and a
 * DynamoDB serving table it writes. With no artifact in the request it runs the blueprint's
 * own PyFlink application (flink/), uploaded to the artifact bucket and configured through
 * the property contract of flink-app.ts; with an artifact it runs the caller's code and
 * hands it the `slipstream` property group.
 */
export function servingAnalytics(name: string, args: ServingAnalyticsArgs, opts: pulumi.CustomResourceOptions & { parent: pulumi.Resource }): { tableName: pulumi.Output<string>; applicationName: pulumi.Output<string>; applicationRevision: pulumi.Output<string> } {
  const { params, stream, tags } = args;
  const { partitionKey, sortKey } = params.servingTable;
  const table = new aws.dynamodb.Table(
    `${name}-serving`,
    {
      billingMode: "PAY_PER_REQUEST",
      hashKey: partitionKey.name,
      rangeKey: sortKey?.name,
      attributes: [partitionKey, ...(sortKey ? [sortKey] : [])],
      serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: args.protect,
      tags,
    },
    opts,
  );

  let artifact: FlinkArtifact;
  let propertyGroups: Record<string, Record<string, pulumi.Input<string>>>;
  const dependsOn: pulumi.Resource[] = [];
  if (params.flink.artifact) {
    artifact = params.flink.artifact;
    propertyGroups = { slipstream: { "input.stream.name": stream.name, "input.stream.arn": stream.arn, "output.table.name": table.name, "aws.region": args.account.region } };
  } else {
    const pkg = defaultFlinkPackage();
    // An AssetArchive uploads as a ZIP (S3 BucketObjectv2 `source`), encrypted with the deployment key.
    const code = new aws.s3.BucketObjectv2(
      `${name}-analytics-code`,
      {
        bucket: args.artifactBucket.bucket.id,
        key: pkg.fileKey,
        source: pkg.archive,
        contentType: "application/zip",
        serverSideEncryption: "aws:kms",
        kmsKeyId: args.kmsKeyArn,
        bucketKeyEnabled: true,
        tags: objectTags(tags),
      },
      opts,
    );
    dependsOn.push(code);
    artifact = { bucketArn: args.artifactBucket.arn, fileKey: code.key };
    const { aggregation } = params.flink;
    propertyGroups = defaultFlinkProperties({
      streamArn: stream.arn,
      region: args.account.region,
      tableName: table.name,
      columns: params.records.columns,
      partitionKey,
      sortKey,
      groupBy: aggregation.groupBy,
      measures: aggregation.measures,
      windowSeconds: aggregation.windowSeconds,
      initialPosition: aggregation.initialPosition,
    });
  }

  const flink = new FlinkApplication(
    `${name}-analytics`,
    {
      account: args.account,
      kmsKeyArn: args.kmsKeyArn,
      tags,
      logRetentionDays: args.logRetentionDays,
      applicationName: args.applicationName,
      artifact,
      runtime: params.flink.runtime,
      parallelism: params.flink.parallelism,
      propertyGroups,
      dependsOn,
      statements: [
        {
          Sid: "ReadStream",
          Effect: "Allow",
          Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
          Resource: [stream.arn],
        },
        { Sid: "WriteServingTable", Effect: "Allow", Action: ["dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"], Resource: [table.arn] },
      ],
    },
    opts,
  );
  alarm(`${name}-analytics-down`, { ...args.alarmArgs, description: "The Flink application is not running", namespace: "AWS/KinesisAnalytics", metricName: "downtime", dimensions: { Application: flink.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 0, period: 60, evaluationPeriods: 5 }, opts);
  return { tableName: table.name, applicationName: flink.name, applicationRevision: flink.revision };
}
