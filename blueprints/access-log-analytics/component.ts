import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { alarm } from "../building-blocks/alarms";
import { SecureBucket } from "../building-blocks/bucket";
import { DeliveryStream } from "../building-blocks/delivery-stream";
import { deploymentContext } from "../building-blocks/deployment-context";
import { queueEventSource } from "../building-blocks/event-source";
import { FlinkApplication, flinkApplicationName } from "../building-blocks/flink-application";
import { flinkApplicationArn } from "../building-blocks/flink-key-policy";
import { kmsUse, type PolicyStatement } from "../building-blocks/iam";
import { deploymentKey, requestedKey, type KeyService } from "../building-blocks/kms-key";
import { SecureFunction } from "../building-blocks/lambda-function";
import { physicalName } from "../building-blocks/naming";
import { streamingJobOutput } from "../building-blocks/streaming-job-output";
import { clusterRedAlarm, SearchDomain, searchSizing } from "../building-blocks/search-domain";
import { serviceRole } from "../building-blocks/service-role";
import { secureStream } from "../building-blocks/stream";
import { alarmTopic, requestedTopic } from "../building-blocks/topic";
import type { BlueprintOutputs } from "../blueprint";
import type { StreamingJobDeclaration } from "../streaming-jobs";
import { logSource, sourceKeyServices } from "./log-source";
import { ARCHIVE_DATE_PARTITIONS, KEY_SERVICES, type accessLogAnalyticsRequest } from "./schema";
import { archiveIntegrationStatements } from "./warehouse/archive-load";
import { redshiftSummaries } from "./warehouse/redshift-summaries";

export const ACCESS_LOG_ANALYTICS = "access-log-analytics";
export type AccessLogAnalyticsRequest = z.output<typeof accessLogAnalyticsRequest>;

const FORWARDER_ENTRY = path.join(__dirname, "functions", "log-forwarder", "handler.ts");

/**
 * Access-log analytics (whitepaper pattern A): logs landing in S3 raise events on an SQS
 * queue; a forwarder Lambda reads each new object, parses the chosen log format and sends
 * the records through Firehose into OpenSearch (failed documents backed up to S3) and a
 * compressed, date-partitioned S3 archive — optionally also into Redshift Serverless, which
 * loads the archive itself (auto-copy), and into a Kinesis stream read by a Managed Flink
 * anomaly detector. Alarms on
 * the dead-letter queue, the forwarder and delivery freshness notify an SNS topic.
 */
export class AccessLogAnalytics extends pulumi.ComponentResource {
  readonly logBucketName: pulumi.Output<string>;
  readonly archiveBucketName: pulumi.Output<string>;
  readonly queueUrl: pulumi.Output<string>;
  readonly deadLetterQueueUrl: pulumi.Output<string>;
  readonly forwarderFunctionName: pulumi.Output<string>;
  readonly searchEndpoint: pulumi.Output<string>;
  readonly dashboardsUrl: pulumi.Output<string>;
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly anomalyStreamName?: pulumi.Output<string>;
  readonly flinkApplicationName?: pulumi.Output<string>;
  /** The anomaly detector, when enabled: the Flink application the service keeps running (streaming-jobs.ts). */
  readonly streamingJobs: pulumi.Output<StreamingJobDeclaration>[];
  readonly redshiftJdbcUrl?: pulumi.Output<string>;
  /** The Redshift auto-copy job loading the archive (SYS_COPY_JOB). */
  readonly redshiftCopyJobName?: pulumi.Output<string>;

  constructor(name: string, request: AccessLogAnalyticsRequest, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:blueprints:AccessLogAnalytics", name, {}, opts);
    const { params } = request;
    const ctx = deploymentContext(this, ACCESS_LOG_ANALYTICS, name, request.tags);
    const { tags, sizing, account } = ctx;
    const parent = { parent: this };
    const forceDestroy = !sizing.protect;

    const services: KeyService[] = [...KEY_SERVICES.always];
    if (params.anomalyDetection.enabled) services.push(...KEY_SERVICES.anomalyDetection);
    if (params.redshift.enabled) services.push(...KEY_SERVICES.redshift);
    services.push(...sourceKeyServices(params.logFormat, params.source));
    // Fixed before the key: the key policy admits Managed Flink for exactly this application.
    const detectorName = flinkApplicationName(name, "anomaly-detector");
    const flinkApplicationArns = params.anomalyDetection.enabled ? [flinkApplicationArn(account, detectorName)] : undefined;
    const key = deploymentKey(`${name}-key`, requestedKey(params.encryption, { account, services, tags, flinkApplicationArns }), parent);
    const accessLogs = new SecureBucket(`${name}-access-logs`, { purpose: "access-logs", tags, accountId: account.accountId, forceDestroy }, parent);

    // Where logs land and the queue announcing each new object (log-source.ts): a bucket the
    // producer of the log format can deliver into, or the caller's own through EventBridge.
    const { bucketName: logBucketName, bucketArn: logBucketArn, queue } = logSource(
      {
        name,
        account,
        kmsKeyArn: key.arn,
        tags,
        forceDestroy,
        accessLogs,
        logFormat: params.logFormat,
        source: params.source,
        consumer: { timeoutSeconds: params.forwarder.timeoutSeconds, maximumBatchingWindowSeconds: params.forwarder.maximumBatchingWindowSeconds },
      },
      this,
    );
    const archiveBucket = new SecureBucket(
      `${name}-archive`,
      {
        purpose: "data",
        kmsKeyArn: key.arn,
        tags,
        forceDestroy,
        accessLogs: { bucket: accessLogs.name, prefix: "archive/" },
        // The Redshift load's S3 event integration manages the archive's notifications.
        ...(params.redshift.enabled ? { policyStatements: (bucketArn: pulumi.Output<string>) => archiveIntegrationStatements(bucketArn, account) } : {}),
      },
      parent,
    );

    const topic = alarmTopic(`${name}-alerts`, requestedTopic(params.notifications, { kmsKeyArn: key.arn, tags, accountId: account.accountId }), parent);

    // Search: Firehose → OpenSearch. The delivery role exists before the domain, whose access policy names it.
    const searchRole = serviceRole(`${name}-search-delivery-role`, { service: "firehose.amazonaws.com", description: `Delivery role of ${name}-search-delivery`, account, tags }, parent);
    const domainName = physicalName(name, "logs", 28);
    const domain = new SearchDomain(
      `${name}-search`,
      {
        account,
        kmsKeyArn: key.arn,
        tags,
        logRetentionDays: sizing.logRetentionDays,
        protect: sizing.protect,
        domainName,
        engineVersion: params.search.engineVersion,
        sizing: searchSizing(sizing.opensearch, params.search),
        // Firehose writes `<index>-<rotation suffix>` indices.
        writerRoleArns: [searchRole.arn],
        writeIndexPatterns: [`${params.search.indexName}*`],
        ...(params.search.masterUserArn === undefined ? {} : { adminArn: params.search.masterUserArn }),
        ...(params.search.dashboards.enabled ? { dashboards: { mfa: params.search.dashboards.mfa } } : {}),
      },
      parent,
    );
    const deliveryBase = { account, kmsKeyArn: key.arn, tags, logRetentionDays: sizing.logRetentionDays, source: { kind: "direct-put" as const } };
    const searchDelivery = new DeliveryStream(
      `${name}-search-delivery`,
      {
        ...deliveryBase,
        role: searchRole,
        destination: {
          kind: "opensearch",
          domain,
          indexName: params.search.indexName,
          indexRotation: params.search.indexRotation,
          backupBucket: archiveBucket,
          buffering: { intervalSeconds: params.search.bufferingIntervalSeconds },
        },
      },
      parent,
    );
    const archiveDelivery = new DeliveryStream(
      `${name}-archive-delivery`,
      {
        ...deliveryBase,
        destination: {
          kind: "s3",
          bucket: archiveBucket,
          prefix: `${params.archive.prefix}${ARCHIVE_DATE_PARTITIONS}`,
          errorOutputPrefix: `errors/!{firehose:error-output-type}/${ARCHIVE_DATE_PARTITIONS}`,
          compression: params.archive.compression,
          buffering: { intervalSeconds: params.archive.bufferingIntervalSeconds, sizeMiB: params.archive.bufferingSizeMiB },
        },
      },
      parent,
    );
    const deliveries = [searchDelivery, archiveDelivery];

    if (params.redshift.enabled) {
      // Redshift loads the archive itself (auto-copy), rather than Firehose pushing into a
      // workgroup it could only reach through a public endpoint (README, "Redshift").
      const summaries = redshiftSummaries(
        `${name}-warehouse`,
        name,
        {
          account,
          tags,
          environment: ctx.environment,
          kmsKeyArn: key.arn,
          logFormat: params.logFormat,
          archive: archiveBucket,
          archivePrefix: params.archive.prefix,
          redshift: params.redshift,
        },
        this,
      );
      this.redshiftJdbcUrl = summaries.jdbcUrl;
      this.redshiftCopyJobName = summaries.copyJobName;
    }

    // Anomaly detection: the forwarder also writes to a stream a Flink application reads.
    let anomalyStream: aws.kinesis.Stream | undefined;
    let flink: FlinkApplication | undefined;
    if (params.anomalyDetection.enabled && params.anomalyDetection.artifact) {
      anomalyStream = secureStream(`${name}-anomaly-input`, { kmsKeyArn: key.arn, tags, capacity: { mode: "on-demand" } }, parent);
      flink = new FlinkApplication(
        `${name}-anomaly-detector`,
        {
          account,
          kmsKeyArn: key.arn,
          tags,
          logRetentionDays: sizing.logRetentionDays,
          applicationName: detectorName,
          artifact: params.anomalyDetection.artifact,
          runtime: params.anomalyDetection.runtime,
          parallelism: params.anomalyDetection.parallelism,
          propertyGroups: { slipstream: { "input.stream.name": anomalyStream.name, "alerts.topic.arn": topic.arn, "aws.region": account.region } },
          statements: [
            {
              Sid: "ReadRecords",
              Effect: "Allow",
              Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard"],
              Resource: [anomalyStream.arn],
            },
            { Sid: "PublishAnomalies", Effect: "Allow", Action: ["sns:Publish"], Resource: [topic.arn] },
          ],
        },
        parent,
      );
      this.anomalyStreamName = anomalyStream.name;
      this.flinkApplicationName = flink.name;
    }
    // The detector is created stopped: the service starts it after the update (streaming-jobs.ts, issue #13).
    this.streamingJobs = flink ? [streamingJobOutput("anomaly-detector", "flink", flink)] : [];

    const prefix = params.source.prefix;
    const forwarderStatements: PolicyStatement[] = [
      { Sid: "ConsumeObjectEvents", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"], Resource: [queue.arn] },
      { Sid: "ReadNewLogObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [pulumi.interpolate`${logBucketArn}/${prefix}*`] },
      kmsUse(key.arn, "both"),
      { Sid: "SendRecords", Effect: "Allow", Action: ["firehose:PutRecordBatch"], Resource: deliveries.map((d) => d.arn) },
    ];
    if (params.source.existing?.kmsKeyArn) {
      forwarderStatements.push({ Sid: "DecryptSourceObjects", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [params.source.existing.kmsKeyArn] });
    }
    if (anomalyStream) {
      forwarderStatements.push({ Sid: "StreamRecordsForAnomalyDetection", Effect: "Allow", Action: ["kinesis:PutRecords"], Resource: [anomalyStream.arn] });
    }
    const forwarder = new SecureFunction(
      `${name}-forwarder`,
      {
        entry: FORWARDER_ENTRY,
        description: `Forwards ${params.logFormat} logs of ${name} to Firehose`,
        account,
        kmsKeyArn: key.arn,
        tags,
        logRetentionDays: sizing.logRetentionDays,
        memorySize: params.forwarder.memoryMiB,
        timeout: params.forwarder.timeoutSeconds,
        statements: forwarderStatements,
        environment: {
          LOG_FORMAT: params.logFormat,
          DELIVERY_STREAM_NAMES: pulumi.all(deliveries.map((d) => d.name)).apply((names) => names.join(",")),
          ...(anomalyStream ? { ANOMALY_STREAM_NAME: anomalyStream.name } : {}),
        },
      },
      parent,
    );
    queueEventSource(
      `${name}-forwarder-source`,
      {
        function: forwarder,
        queueArn: queue.arn,
        tags,
        batchSize: params.forwarder.batchSize,
        maximumBatchingWindowInSeconds: params.forwarder.maximumBatchingWindowSeconds,
        maximumConcurrency: params.forwarder.maximumConcurrency,
      },
      parent,
    );

    const alarmArgs = { topicArn: topic.arn, tags };
    alarm(`${name}-dead-letters`, { ...alarmArgs, description: "Log objects could not be forwarded and reached the dead-letter queue", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: queue.deadLetterQueue.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 0 }, parent);
    alarm(`${name}-forwarder-errors`, { ...alarmArgs, description: "The forwarder failed invocations", namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: forwarder.name }, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0 }, parent);
    alarm(`${name}-search-freshness`, { ...alarmArgs, description: "Records wait more than 15 minutes for OpenSearch", namespace: "AWS/Firehose", metricName: "DeliveryToAmazonOpenSearchService.DataFreshness", dimensions: { DeliveryStreamName: searchDelivery.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 900 }, parent);
    alarm(`${name}-archive-freshness`, { ...alarmArgs, description: "Records wait more than 15 minutes for the S3 archive", namespace: "AWS/Firehose", metricName: "DeliveryToS3.DataFreshness", dimensions: { DeliveryStreamName: archiveDelivery.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 900 + params.archive.bufferingIntervalSeconds }, parent);
    clusterRedAlarm(`${name}-search-red`, { ...alarmArgs, domainName, accountId: account.accountId }, parent);
    if (flink) {
      alarm(`${name}-anomaly-detector-down`, { ...alarmArgs, description: "The anomaly detector is not running", namespace: "AWS/KinesisAnalytics", metricName: "downtime", dimensions: { Application: flink.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 0, period: 60, evaluationPeriods: 5 }, parent);
    }

    this.logBucketName = logBucketName;
    this.archiveBucketName = archiveBucket.name;
    this.queueUrl = queue.url;
    this.deadLetterQueueUrl = queue.deadLetterQueue.url;
    this.forwarderFunctionName = forwarder.name;
    this.searchEndpoint = domain.endpoint;
    this.dashboardsUrl = domain.dashboardsUrl;
    this.alarmTopicArn = topic.arn;
    this.registerOutputs(this.outputs());
  }

  /** The stack outputs a deployment of this blueprint reports. */
  outputs(): BlueprintOutputs {
    return {
      ...(this.streamingJobs.length > 0 ? { streamingJobs: this.streamingJobs } : {}),
      logBucketName: this.logBucketName,
      archiveBucketName: this.archiveBucketName,
      queueUrl: this.queueUrl,
      deadLetterQueueUrl: this.deadLetterQueueUrl,
      forwarderFunctionName: this.forwarderFunctionName,
      searchEndpoint: this.searchEndpoint,
      dashboardsUrl: this.dashboardsUrl,
      alarmTopicArn: this.alarmTopicArn,
      ...(this.anomalyStreamName ? { anomalyStreamName: this.anomalyStreamName } : {}),
      ...(this.flinkApplicationName ? { flinkApplicationName: this.flinkApplicationName } : {}),
      ...(this.redshiftJdbcUrl ? { redshiftJdbcUrl: this.redshiftJdbcUrl } : {}),
      ...(this.redshiftCopyJobName ? { redshiftCopyJobName: this.redshiftCopyJobName } : {}),
    };
  }
}
