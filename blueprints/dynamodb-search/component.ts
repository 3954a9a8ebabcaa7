import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "../building-blocks/alarms";
import { SecureBucket } from "../building-blocks/bucket";
import { DeliveryStream } from "../building-blocks/delivery-stream";
import { deploymentContext } from "../building-blocks/deployment-context";
import { streamEventSource } from "../building-blocks/event-source";
import { kmsUse, type PolicyStatement } from "../building-blocks/iam";
import { deploymentKey, requestedKey, type KeyService } from "../building-blocks/kms-key";
import { SecureFunction } from "../building-blocks/lambda-function";
import { physicalName } from "../building-blocks/naming";
import { SecureQueue } from "../building-blocks/queue";
import type { IndexSettings } from "../building-blocks/search-access-plan";
import { clusterRedAlarm, SearchDomain, searchSizing } from "../building-blocks/search-domain";
import { serviceRole } from "../building-blocks/service-role";
import { capacityOf, secureStream } from "../building-blocks/stream";
import { alarmTopic, requestedTopic } from "../building-blocks/topic";
import type { z } from "zod";
import { KEY_SERVICES, type dynamodbSearchRequest } from "./schema";

export const DYNAMODB_SEARCH = "dynamodb-search";
export type DynamodbSearchRequest = z.output<typeof dynamodbSearchRequest>;

const INDEXER_ENTRY = path.join(__dirname, "functions", "indexer", "handler.ts");

// Seconds a delete's tombstone outlives the oldest record Lambda still delivers.
const TOMBSTONE_MARGIN_SECONDS = 60;

/**
 * With Kinesis capture the indexer writes with external versions and deletes leave a
 * versioned tombstone, which OpenSearch keeps for `index.gc_deletes` (60 s by default; a
 * dynamic index setting, "Index settings" in the OpenSearch documentation). A change older
 * than a delete can arrive as late as the event source's maximum record age: the tombstone
 * must outlive that, or the late change would bring the document back (deploy-review M4).
 */
export function deleteTombstones(indexName: string, maximumRecordAgeSeconds: number): IndexSettings {
  return { index: indexName, settings: { "index.gc_deletes": `${maximumRecordAgeSeconds + TOMBSTONE_MARGIN_SECONDS}s` } };
}

/**
 * Near real-time search on a DynamoDB table (whitepaper pattern D): every insert, update
 * and delete is captured — by DynamoDB Streams or a Kinesis streaming destination, as the
 * request chooses — and an indexer Lambda upserts or deletes the item in OpenSearch.
 * Failing batches are split, retried a bounded number of times and then parked in an
 * on-failure queue; with Kinesis capture, Firehose can also keep every change in S3.
 */
export class DynamodbSearch extends pulumi.ComponentResource {
  readonly tableName: pulumi.Output<string>;
  readonly tableArn: pulumi.Output<string>;
  readonly changeStreamArn: pulumi.Output<string>;
  readonly searchEndpoint: pulumi.Output<string>;
  readonly dashboardsUrl: pulumi.Output<string>;
  readonly indexName: string;
  readonly indexerFunctionName: pulumi.Output<string>;
  readonly failureQueueUrl: pulumi.Output<string>;
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly backupBucketName?: pulumi.Output<string>;
  /** The Cognito user pool people are added to for Dashboards, when sign-in is on. */
  readonly dashboardsUserPoolId?: pulumi.Output<string>;

  constructor(name: string, request: DynamodbSearchRequest, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:blueprints:DynamodbSearch", name, {}, opts);
    const { params } = request;
    const ctx = deploymentContext(this, DYNAMODB_SEARCH, name, request.tags);
    const { tags, sizing, account } = ctx;
    const parent = { parent: this };
    const viaKinesis = params.changeCapture === "kinesis";

    const services: KeyService[] = [...KEY_SERVICES.always];
    if (viaKinesis) services.push(...KEY_SERVICES.kinesis);
    if (params.backup.enabled) services.push(...KEY_SERVICES.backup);
    const key = deploymentKey(`${name}-key`, requestedKey(params.encryption, { account, services, tags }), parent);

    // The table: created with the catalogue's defaults, or the caller's own.
    let tableName: pulumi.Output<string>;
    let tableArn: pulumi.Output<string>;
    let dynamodbStreamArn: pulumi.Output<string> | undefined;
    if (params.table.existing) {
      tableName = pulumi.output(params.table.existing.name);
      tableArn = pulumi.interpolate`arn:${account.partition}:dynamodb:${account.region}:${account.accountId}:table/${params.table.existing.name}`;
      dynamodbStreamArn = params.table.existing.streamArn !== undefined ? pulumi.output(params.table.existing.streamArn) : undefined;
    } else {
      const { partitionKey, sortKey, billingMode } = params.table;
      const table = new aws.dynamodb.Table(
        `${name}-table`,
        {
          billingMode,
          readCapacity: billingMode === "PROVISIONED" ? params.table.readCapacity : undefined,
          writeCapacity: billingMode === "PROVISIONED" ? params.table.writeCapacity : undefined,
          hashKey: partitionKey.name,
          rangeKey: sortKey?.name,
          attributes: [partitionKey, ...(sortKey ? [sortKey] : [])],
          serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
          pointInTimeRecovery: { enabled: true },
          deletionProtectionEnabled: sizing.protect,
          streamEnabled: !viaKinesis,
          streamViewType: viaKinesis ? undefined : "NEW_AND_OLD_IMAGES",
          tags,
        },
        parent,
      );
      tableName = table.name;
      tableArn = table.arn;
      dynamodbStreamArn = viaKinesis ? undefined : table.streamArn;
    }

    let changeStreamArn: pulumi.Output<string>;
    let kinesisStream: aws.kinesis.Stream | undefined;
    if (viaKinesis) {
      kinesisStream = secureStream(
        `${name}-changes`,
        { kmsKeyArn: key.arn, tags, retentionHours: params.kinesis.retentionHours, capacity: capacityOf(params.kinesis, sizing.kinesisShards) },
        parent,
      );
      new aws.dynamodb.KinesisStreamingDestination(
        `${name}-streaming-destination`,
        { tableName, streamArn: kinesisStream.arn, approximateCreationDateTimePrecision: "MICROSECOND" },
        parent,
      );
      changeStreamArn = kinesisStream.arn;
    } else {
      changeStreamArn = dynamodbStreamArn!;
    }

    const failureQueue = new SecureQueue(`${name}-indexer-failures`, { kmsKeyArn: key.arn, tags }, parent);
    const topic = alarmTopic(`${name}-alerts`, requestedTopic(params.notifications, { kmsKeyArn: key.arn, tags, accountId: account.accountId }), parent);

    // The indexer's role exists before the domain, whose access policy names it.
    const indexerRole = serviceRole(`${name}-indexer-role`, { service: "lambda.amazonaws.com", description: `Execution role of ${name}-indexer`, account, tags }, parent);
    const domainName = physicalName(name, "search", 28);
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
        writerRoleArns: [indexerRole.arn],
        // The index name, or a write alias over rolled indices.
        writeIndexPatterns: [`${params.search.indexName}*`],
        ...(params.search.masterUserArn === undefined ? {} : { adminArn: params.search.masterUserArn }),
        ...(params.search.dashboards.enabled ? { dashboards: { mfa: params.search.dashboards.mfa } } : {}),
        indexSettings: viaKinesis ? [deleteTombstones(params.search.indexName, params.indexer.maximumRecordAgeSeconds)] : [],
      },
      parent,
    );

    const readChanges: PolicyStatement = viaKinesis
      ? {
          Sid: "ReadChangeStream",
          Effect: "Allow",
          Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard"],
          Resource: [changeStreamArn],
        }
      : {
          Sid: "ReadChangeStream",
          Effect: "Allow",
          Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
          Resource: [changeStreamArn],
        };
    const indexer = new SecureFunction(
      `${name}-indexer`,
      {
        entry: INDEXER_ENTRY,
        description: `Indexes changes of ${name}'s table into OpenSearch`,
        account,
        kmsKeyArn: key.arn,
        tags,
        logRetentionDays: sizing.logRetentionDays,
        role: indexerRole,
        memorySize: params.indexer.memoryMiB,
        timeout: params.indexer.timeoutSeconds,
        environment: { OPENSEARCH_ENDPOINT: domain.endpoint, INDEX_NAME: params.search.indexName },
        statements: [
          readChanges,
          kmsUse(key.arn, "both"),
          { Sid: "ParkFailedBatches", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [failureQueue.arn] },
          { Sid: "WriteSearchIndex", Effect: "Allow", Action: ["es:ESHttpPost"], Resource: [pulumi.interpolate`${domain.arn}/_bulk`] },
        ],
      },
      parent,
    );

    streamEventSource(
      `${name}-indexer-source`,
      {
        function: indexer,
        eventSourceArn: changeStreamArn,
        onFailureDestinationArn: failureQueue.arn,
        tags,
        batchSize: params.indexer.batchSize,
        maximumRetryAttempts: params.indexer.maximumRetryAttempts,
        maximumRecordAgeInSeconds: params.indexer.maximumRecordAgeSeconds,
        parallelizationFactor: params.indexer.parallelizationFactor,
        startingPosition: "TRIM_HORIZON",
      },
      parent,
    );

    if (params.backup.enabled && kinesisStream) {
      const accessLogs = new SecureBucket(`${name}-access-logs`, { purpose: "access-logs", tags, accountId: account.accountId, forceDestroy: !sizing.protect }, parent);
      const backupBucket = new SecureBucket(
        `${name}-backup`,
        { purpose: "data", kmsKeyArn: key.arn, tags, forceDestroy: !sizing.protect, accessLogs: { bucket: accessLogs.name, prefix: "backup/" } },
        parent,
      );
      new DeliveryStream(
        `${name}-backup-delivery`,
        {
          account,
          kmsKeyArn: key.arn,
          tags,
          logRetentionDays: sizing.logRetentionDays,
          source: { kind: "kinesis", streamArn: kinesisStream.arn },
          destination: {
            kind: "s3",
            bucket: backupBucket,
            prefix: "changes/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/",
            errorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/",
            compression: "GZIP",
          },
        },
        parent,
      );
      this.backupBucketName = backupBucket.name;
    }

    const alarmArgs = { topicArn: topic.arn, tags };
    alarm(`${name}-indexer-errors`, { ...alarmArgs, description: "The indexer failed invocations", namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: indexer.name }, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0 }, parent);
    alarm(`${name}-indexer-lag`, { ...alarmArgs, description: "Changes wait more than a minute before they are indexed", namespace: "AWS/Lambda", metricName: "IteratorAge", dimensions: { FunctionName: indexer.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 60_000, evaluationPeriods: 3, period: 60 }, parent);
    alarm(`${name}-indexer-parked`, { ...alarmArgs, description: "Batches were parked in the on-failure queue", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: failureQueue.queue.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 0 }, parent);
    clusterRedAlarm(`${name}-search-red`, { ...alarmArgs, domainName, accountId: account.accountId }, parent);

    this.tableName = tableName;
    this.tableArn = tableArn;
    this.changeStreamArn = changeStreamArn;
    this.searchEndpoint = domain.endpoint;
    this.dashboardsUrl = domain.dashboardsUrl;
    this.dashboardsUserPoolId = domain.dashboardsUserPoolId;
    this.indexName = params.search.indexName;
    this.indexerFunctionName = indexer.name;
    this.failureQueueUrl = failureQueue.url;
    this.alarmTopicArn = topic.arn;
    this.registerOutputs(this.outputs());
  }

  /** The stack outputs a deployment of this blueprint reports. */
  outputs(): Record<string, pulumi.Input<string>> {
    return {
      tableName: this.tableName,
      tableArn: this.tableArn,
      changeStreamArn: this.changeStreamArn,
      searchEndpoint: this.searchEndpoint,
      dashboardsUrl: this.dashboardsUrl,
      indexName: this.indexName,
      indexerFunctionName: this.indexerFunctionName,
      failureQueueUrl: this.failureQueueUrl,
      alarmTopicArn: this.alarmTopicArn,
      ...(this.backupBucketName ? { backupBucketName: this.backupBucketName } : {}),
      ...(this.dashboardsUserPoolId ? { dashboardsUserPoolId: this.dashboardsUserPoolId } : {}),
    };
  }
}
