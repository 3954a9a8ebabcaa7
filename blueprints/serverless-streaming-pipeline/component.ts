import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { alarm } from "../building-blocks/alarms";
import { SecureBucket } from "../building-blocks/bucket";
import { DeliveryStream } from "../building-blocks/delivery-stream";
import { deploymentContext } from "../building-blocks/deployment-context";
import { flinkApplicationName } from "../building-blocks/flink-application";
import { flinkApplicationArn } from "../building-blocks/flink-key-policy";
import { GlueJob } from "../building-blocks/glue-job";
import { glueSecurityConfiguration } from "../building-blocks/glue-security-configuration";
import { deploymentKey, requestedKey, type KeyService } from "../building-blocks/kms-key";
import { physicalName } from "../building-blocks/naming";
import { streamingJobOutput } from "../building-blocks/streaming-job-output";
import { capacityOf, secureStream } from "../building-blocks/stream";
import { alarmTopic, requestedTopic } from "../building-blocks/topic";
import { servingAnalytics } from "./analytics";
import { BRIDGE_CLUSTER_NETWORK_REQUIREMENT, kafkaBridge } from "./kafka-bridge";
import type { BlueprintOutputs } from "../blueprint";
import type { StreamingJobDeclaration } from "../streaming-jobs";
import { HOURLY_PARTITIONS, KEY_SERVICES, type serverlessStreamingPipelineRequest } from "./schema";

export const SERVERLESS_STREAMING_PIPELINE = "serverless-streaming-pipeline";
export type ServerlessStreamingPipelineRequest = z.output<typeof serverlessStreamingPipelineRequest>;

const STREAM_SCRIPT = path.join(__dirname, "glue", "stream_to_lake.py");
export const STREAM_TABLE_NAME = "stream_records";

/**
 * A serverless streaming pipeline with Kinesis and Glue (whitepaper pattern C): records
 * enter a Kinesis data stream — from producers, or bridged from the caller's MSK topics by
 * a Lambda — and are analysed by a Managed Service for Apache Flink application (the
 * replacement for Kinesis Data Analytics for SQL) that writes results into a DynamoDB
 * serving table; Firehose copies the stream into the S3 lake, and a Glue streaming job
 * writes it as Parquet. Alarms on iterator age, throttling, Flink downtime and delivery
 * freshness notify an SNS topic.
 */
export class ServerlessStreamingPipeline extends pulumi.ComponentResource {
  readonly streamName: pulumi.Output<string>;
  readonly streamArn: pulumi.Output<string>;
  readonly lakeBucketName: pulumi.Output<string>;
  readonly deliveryStreamName: pulumi.Output<string>;
  readonly glueDatabaseName: pulumi.Output<string>;
  readonly streamingJobName: pulumi.Output<string>;
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly servingTableName?: pulumi.Output<string>;
  readonly flinkApplicationName?: pulumi.Output<string>;
  readonly bridgeFunctionName?: pulumi.Output<string>;
  /** The Glue streaming job and the Flink application (when enabled) the service keeps running (streaming-jobs.ts). */
  readonly streamingJobs: pulumi.Output<StreamingJobDeclaration>[];
  /** What the caller's MSK cluster must allow for the bridge, when its security group was not given to change. */
  readonly bridgeClusterNetwork?: string;

  constructor(name: string, request: ServerlessStreamingPipelineRequest, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:blueprints:ServerlessStreamingPipeline", name, {}, opts);
    const { params } = request;
    const ctx = deploymentContext(this, SERVERLESS_STREAMING_PIPELINE, name, request.tags);
    const { tags, sizing, account } = ctx;
    const { accountId, region, partition } = account;
    const parent = { parent: this };
    const forceDestroy = !sizing.protect;
    const logRetentionDays = sizing.logRetentionDays;

    const services: KeyService[] = [...KEY_SERVICES.always];
    if (params.flink.enabled) services.push(...KEY_SERVICES.flink);
    if (params.bridge.enabled) services.push(...KEY_SERVICES.bridge);
    // Fixed before the key: the key policy admits Managed Flink for exactly this application.
    const analyticsName = flinkApplicationName(name, "analytics");
    const flinkApplicationArns = params.flink.enabled ? [flinkApplicationArn(account, analyticsName)] : undefined;
    const key = deploymentKey(`${name}-key`, requestedKey(params.encryption, { account, services, tags, flinkApplicationArns }), parent);

    const stream = secureStream(
      `${name}-stream`,
      { kmsKeyArn: key.arn, tags, retentionHours: params.stream.retentionHours, capacity: capacityOf(params.stream, sizing.kinesisShards) },
      parent,
    );
    const topic = alarmTopic(`${name}-alerts`, requestedTopic(params.alarms, { kmsKeyArn: key.arn, tags, accountId }), parent);
    const alarmArgs = { topicArn: topic.arn, tags };

    // The lake: Firehose reads the stream (no SSE on a Kinesis-sourced stream: the data stays
    // encrypted by the stream's key and the bucket's kmsKeyArn — the documented exception).
    const accessLogs = new SecureBucket(`${name}-access-logs`, { purpose: "access-logs", tags, accountId, forceDestroy }, parent);
    const dataBucket = (role: string) =>
      new SecureBucket(`${name}-${role}`, { purpose: "data", kmsKeyArn: key.arn, tags, forceDestroy, accessLogs: { bucket: accessLogs.name, prefix: `${role}/` } }, parent);
    const lakeBucket = dataBucket("lake");
    const scriptsBucket = dataBucket("scripts");
    const delivery = new DeliveryStream(
      `${name}-lake-delivery`,
      {
        account,
        kmsKeyArn: key.arn,
        tags,
        logRetentionDays,
        source: { kind: "kinesis", streamArn: stream.arn },
        destination: {
          kind: "s3",
          bucket: lakeBucket,
          prefix: `${params.lake.rawPrefix}${HOURLY_PARTITIONS}`,
          errorOutputPrefix: "errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
          compression: "GZIP",
          buffering: { intervalSeconds: params.lake.bufferingIntervalSeconds, sizeMiB: params.lake.bufferingSizeMiB },
        },
      },
      parent,
    );

    // Glue: a catalog table over the stream and the streaming job that writes Parquet.
    const database = new aws.glue.CatalogDatabase(
      `${name}-catalog`,
      { name: physicalName(name, "pipeline", 255).replace(/-/g, "_"), description: `Streaming pipeline ${name}`, tags },
      parent,
    );
    const streamTable = new aws.glue.CatalogTable(
      `${name}-stream-table`,
      {
        databaseName: database.name,
        name: STREAM_TABLE_NAME,
        description: "The pipeline's Kinesis data stream, JSON records",
        tableType: "EXTERNAL_TABLE",
        parameters: { classification: "json", typeOfData: "kinesis" },
        storageDescriptor: {
          location: stream.name,
          // The Kinesis connection options the Glue source reads from the table (Glue developer
          // guide, "Kinesis connections"): streamName with the Region's endpointUrl, whose default
          // is the us-east-1 endpoint, besides streamARN (review item m4; verify on a first deploy).
          parameters: {
            streamARN: stream.arn,
            streamName: stream.name,
            endpointUrl: pulumi.interpolate`https://kinesis.${region}.${partition.apply((p) => (p === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"))}`,
            typeOfData: "kinesis",
            classification: "json",
          },
          inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
          serDeInfo: { serializationLibrary: "org.openx.data.jsonserde.JsonSerDe" },
          columns: params.records.columns,
        },
      },
      parent,
    );
    const securityConfiguration = glueSecurityConfiguration(`${name}-glue-security`, { deployment: name, kmsKeyArn: key.arn }, parent);
    const jobName = `${name}-stream-to-lake`;
    const parquetPrefix = params.lake.parquetPrefix;
    const streamingJob = new GlueJob(
      jobName,
      {
        account,
        kmsKeyArn: key.arn,
        tags,
        kind: "gluestreaming",
        glueVersion: params.streamingJob.glueVersion,
        script: { key: "glue/stream_to_lake.py", content: fs.readFileSync(STREAM_SCRIPT, "utf8") },
        scriptsBucket,
        securityConfiguration: securityConfiguration.name,
        workerType: params.streamingJob.workerType,
        numberOfWorkers: params.streamingJob.numberOfWorkers,
        logRetentionDays,
        // Watchdog: restarts the job within the hour if it ever stops.
        schedule: "cron(0 * * * ? *)",
        arguments: {
          "--database": database.name,
          "--stream_table": streamTable.name,
          "--lake_path": pulumi.interpolate`s3://${lakeBucket.name}/${parquetPrefix}`,
          "--checkpoint_path": pulumi.interpolate`s3://${scriptsBucket.name}/temporary/${jobName}/checkpoint/`,
          "--window_seconds": String(params.streamingJob.windowSeconds),
        },
        statements: [
          {
            Sid: "ReadStream",
            Effect: "Allow",
            Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
            Resource: [stream.arn],
          },
          {
            Sid: "ReadStreamTable",
            Effect: "Allow",
            Action: ["glue:GetDatabase", "glue:GetTable"],
            Resource: [pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:catalog`, database.arn, streamTable.arn],
          },
          { Sid: "WriteLake", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: [pulumi.interpolate`${lakeBucket.arn}/${parquetPrefix}*`] },
          { Sid: "ListLake", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [lakeBucket.arn] },
        ],
      },
      parent,
    );

    // Real-time analytics: Flink reads the stream and keeps results in the serving table
    // (the blueprint's default application unless the request brings its own artifact).
    let analytics: ReturnType<typeof servingAnalytics> | undefined;
    if (params.flink.enabled) {
      analytics = servingAnalytics(
        name,
        { params, account, kmsKeyArn: key.arn, tags, logRetentionDays, protect: sizing.protect, applicationName: analyticsName, stream, artifactBucket: scriptsBucket, alarmArgs },
        parent,
      );
      this.servingTableName = analytics.tableName;
      this.flinkApplicationName = analytics.applicationName;
    }
    // The job's trigger only activates an hourly schedule, and the application is created
    // stopped: the service starts both after the update (streaming-jobs.ts, issue #13).
    this.streamingJobs = [
      streamingJobOutput("stream-to-lake", "glue", streamingJob),
      ...(analytics ? [streamingJobOutput("analytics", "flink", { name: analytics.applicationName, revision: analytics.applicationRevision })] : []),
    ];

    if (params.bridge.enabled && params.bridge.clusterArn !== undefined) {
      this.bridgeFunctionName = kafkaBridge(name, { bridge: params.bridge, key, stream, tags, account, logRetentionDays, alarmArgs }, parent).name;
      if (params.bridge.clusterSecurityGroupId === undefined) this.bridgeClusterNetwork = BRIDGE_CLUSTER_NETWORK_REQUIREMENT;
    }

    alarm(`${name}-iterator-age`, { ...alarmArgs, description: `Records wait more than ${params.alarms.iteratorAgeSeconds} s to be read from the stream`, namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: stream.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: params.alarms.iteratorAgeSeconds * 1000, period: 60, evaluationPeriods: 3 }, parent);
    alarm(`${name}-write-throttled`, { ...alarmArgs, description: "Writes to the stream were throttled", namespace: "AWS/Kinesis", metricName: "WriteProvisionedThroughputExceeded", dimensions: { StreamName: stream.name }, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, period: 60, evaluationPeriods: 5 }, parent);
    alarm(`${name}-read-throttled`, { ...alarmArgs, description: "Reads from the stream were throttled", namespace: "AWS/Kinesis", metricName: "ReadProvisionedThroughputExceeded", dimensions: { StreamName: stream.name }, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, period: 60, evaluationPeriods: 5 }, parent);
    alarm(`${name}-lake-freshness`, { ...alarmArgs, description: "Records wait more than 15 minutes for the lake", namespace: "AWS/Firehose", metricName: "DeliveryToS3.DataFreshness", dimensions: { DeliveryStreamName: delivery.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 900 + params.lake.bufferingIntervalSeconds }, parent);

    this.streamName = stream.name;
    this.streamArn = stream.arn;
    this.lakeBucketName = lakeBucket.name;
    this.deliveryStreamName = delivery.name;
    this.glueDatabaseName = database.name;
    this.streamingJobName = streamingJob.name;
    this.alarmTopicArn = topic.arn;
    this.registerOutputs(this.outputs());
  }

  /** The stack outputs a deployment of this blueprint reports. */
  outputs(): BlueprintOutputs {
    return {
      streamingJobs: this.streamingJobs,
      streamName: this.streamName,
      streamArn: this.streamArn,
      lakeBucketName: this.lakeBucketName,
      deliveryStreamName: this.deliveryStreamName,
      glueDatabaseName: this.glueDatabaseName,
      streamingJobName: this.streamingJobName,
      alarmTopicArn: this.alarmTopicArn,
      ...(this.servingTableName ? { servingTableName: this.servingTableName } : {}),
      ...(this.flinkApplicationName ? { flinkApplicationName: this.flinkApplicationName } : {}),
      ...(this.bridgeFunctionName ? { bridgeFunctionName: this.bridgeFunctionName } : {}),
      ...(this.bridgeClusterNetwork !== undefined ? { bridgeClusterNetwork: this.bridgeClusterNetwork } : {}),
    };
  }
}
