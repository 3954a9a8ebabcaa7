import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { AccountContext } from "../building-blocks/account";
import { alarm } from "../building-blocks/alarms";
import { SecureBucket } from "../building-blocks/bucket";
import { DeliveryStream } from "../building-blocks/delivery-stream";
import { deploymentContext } from "../building-blocks/deployment-context";
import { GlueJob } from "../building-blocks/glue-job";
import { glueSecurityConfiguration } from "../building-blocks/glue-security-configuration";
import { kmsUse, policyDocument, type PolicyStatement } from "../building-blocks/iam";
import { KAFKA_EVENT_SOURCE_DEFAULTS } from "../building-blocks/kafka-defaults";
import { kafkaEventSource } from "../building-blocks/kafka-event-source";
import { deploymentKey, requestedKey } from "../building-blocks/kms-key";
import { SecureFunction } from "../building-blocks/lambda-function";
import { KAFKA_POLLER_NETWORK_STATEMENT, kafkaConsumerStatements } from "../building-blocks/msk-access";
import { MSK_BROKERS, MSK_IAM_PORT, MskCluster } from "../building-blocks/msk-cluster";
import { physicalName } from "../building-blocks/naming";
import { Network } from "../building-blocks/network";
import { SecureQueue } from "../building-blocks/queue";
import { admitReturnTraffic, allowHttpsToAwsApis, allowSelf, allowTcp, securityGroup } from "../building-blocks/security-group";
import { ServerlessWarehouse } from "../building-blocks/serverless-warehouse";
import { serviceRole } from "../building-blocks/service-role";
import { alarmTopic, requestedTopic } from "../building-blocks/topic";
import { LAKE_SCHEMA, lakeSchema } from "./lake-schema";
import { RAW_PARTITION_SCHEDULE, rawPartitionCrawler } from "./raw-partitions";
import { CURATED_TABLE_NAME, projectionParameters, RAW_PARTITIONS, RAW_TABLE_COLUMNS, RAW_TABLE_NAME, rawZonePrefix } from "./raw-table";
import { KEY_SERVICES, type mskDataLakeRequest } from "./schema";

export const MSK_DATA_LAKE = "msk-data-lake";
export type MskDataLakeRequest = z.output<typeof mskDataLakeRequest>;

const CONSUMER_ENTRY = path.join(__dirname, "functions", "msk-consumer", "handler.ts");
const CURATE_SCRIPT = path.join(__dirname, "glue", "curate_raw_zone.py");
const REDSHIFT_PORT = 5439;

/**
 * Streams from Kafka into a data lake for near real-time reports (whitepaper pattern B):
 * an MSK cluster (provisioned or Serverless) in private subnets; a consumer Lambda reading
 * every requested topic (one MSK event source each) and sending the records through
 * Firehose into an hourly-partitioned raw zone; a Glue database with the raw table and a
 * scheduled Glue job that curates the raw zone into Parquet; Redshift Serverless querying
 * the curated tables through the Glue catalog (Spectrum); optionally a QuickSight data
 * source over the warehouse. Alarms on consumer errors and lag, parked records and raw-zone
 * freshness notify an SNS topic.
 */
export class MskDataLake extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly clusterArn: pulumi.Output<string>;
  readonly bootstrapBrokersSaslIam: pulumi.Output<string>;
  readonly rawBucketName: pulumi.Output<string>;
  readonly curatedBucketName: pulumi.Output<string>;
  readonly deliveryStreamName: pulumi.Output<string>;
  readonly consumerFunctionName: pulumi.Output<string>;
  readonly failureQueueUrl: pulumi.Output<string>;
  readonly glueDatabaseName: pulumi.Output<string>;
  readonly curateJobName: pulumi.Output<string>;
  readonly redshiftJdbcUrl: pulumi.Output<string>;
  readonly redshiftAdminSecretArn: pulumi.Output<string>;
  /** The warehouse's external schema over the lake (created during the deployment). */
  readonly externalSchemaName: string;
  readonly rawPartitionCrawlerName: pulumi.Output<string>;
  /** MSK Serverless only: the topics to create with a Kafka admin client before records flow. */
  readonly topicsToCreate?: string;
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly quicksightDataSourceArn?: pulumi.Output<string>;

  constructor(name: string, request: MskDataLakeRequest, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:blueprints:MskDataLake", name, {}, opts);
    const { params } = request;
    const ctx = deploymentContext(this, MSK_DATA_LAKE, name, request.tags);
    const { tags, sizing, account, environment } = ctx;
    const { accountId, region, partition } = account;
    const parent = { parent: this };
    const forceDestroy = !sizing.protect;
    const logRetentionDays = sizing.logRetentionDays;

    const key = deploymentKey(`${name}-key`, requestedKey(params.encryption, { account, services: [...KEY_SERVICES], tags }), parent);

    // Network: the caller's VPC or a new one; groups that admit exactly what flows.
    const network = new Network(
      `${name}-network`,
      {
        tags,
        vpc: params.network.existing
          ? { existing: params.network.existing }
          : { args: { cidrBlock: params.network.cidrBlock, availabilityZones: 3, natGateways: environment === "prod" ? "OnePerAz" : "Single" } },
      },
      parent,
    );
    const vpcId = network.vpcId;
    const kafkaGroup = securityGroup(`${name}-kafka-sg`, { vpcId, description: `MSK brokers of ${name}`, tags }, parent);
    const consumerGroup = securityGroup(`${name}-consumer-sg`, { vpcId, description: `Kafka consumers of ${name}`, tags }, parent);
    const warehouseGroup = securityGroup(`${name}-warehouse-sg`, { vpcId, description: `Redshift Serverless workgroup of ${name}`, tags }, parent);
    allowTcp(`${name}-consumer-to-kafka`, { from: consumerGroup, to: kafkaGroup, port: MSK_IAM_PORT, description: "Kafka consumers to brokers (IAM auth)", tags }, parent);
    // Lambda's MSK pollers run with the cluster's own subnets and groups: brokers must admit
    // that group, and the pollers reach STS and Lambda over HTTPS (Lambda developer guide,
    // "Configuring your Amazon MSK cluster and Amazon VPC network for Lambda").
    allowSelf(`${name}-pollers-to-kafka`, { group: kafkaGroup, port: MSK_IAM_PORT, description: "Lambda event pollers to brokers (IAM auth)", tags }, parent);
    allowHttpsToAwsApis(`${name}-pollers-to-aws`, { group: kafkaGroup, tags }, parent);
    allowHttpsToAwsApis(`${name}-consumer-to-aws`, { group: consumerGroup, tags }, parent);
    allowHttpsToAwsApis(`${name}-warehouse-to-aws`, { group: warehouseGroup, tags }, parent);

    // Kafka.
    const brokers = MSK_BROKERS[environment];
    const clientSubnetCount = Math.min(3, network.privateSubnetCount);
    const cluster = new MskCluster(
      `${name}-kafka`,
      {
        deployment: name,
        kmsKeyArn: key.arn,
        tags,
        logRetentionDays,
        mode: params.kafka.mode,
        subnetIds: network.privateSubnetIds.apply((ids) => ids.slice(0, clientSubnetCount)),
        subnetCount: clientSubnetCount,
        securityGroupIds: [kafkaGroup.id],
        kafkaVersion: params.kafka.kafkaVersion,
        topics: { names: params.kafka.topics, partitions: params.kafka.partitionsPerTopic },
        brokers: {
          instanceType: params.kafka.brokerInstanceType ?? brokers.instanceType,
          perSubnet: params.kafka.brokersPerZone ?? brokers.perSubnet,
          volumeGiB: params.kafka.volumeGiB ?? brokers.volumeGiB,
        },
      },
      parent,
    );

    // The lake's zones.
    const accessLogs = new SecureBucket(`${name}-access-logs`, { purpose: "access-logs", tags, accountId, forceDestroy }, parent);
    const dataBucket = (role: string) =>
      new SecureBucket(`${name}-${role}`, { purpose: "data", kmsKeyArn: key.arn, tags, forceDestroy, accessLogs: { bucket: accessLogs.name, prefix: `${role}/` } }, parent);
    const rawBucket = dataBucket("raw");
    const curatedBucket = dataBucket("curated");
    const scriptsBucket = dataBucket("scripts");
    const rawPrefix = params.rawZone.prefix;

    const delivery = new DeliveryStream(
      `${name}-raw-delivery`,
      {
        account,
        kmsKeyArn: key.arn,
        tags,
        logRetentionDays,
        source: { kind: "direct-put" },
        destination: {
          kind: "s3",
          bucket: rawBucket,
          prefix: rawZonePrefix(rawPrefix),
          errorOutputPrefix: "errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
          compression: "GZIP",
          buffering: { intervalSeconds: params.rawZone.bufferingIntervalSeconds, sizeMiB: params.rawZone.bufferingSizeMiB },
        },
      },
      parent,
    );

    // The consumer: one MSK event source and one consumer group per topic, records that still
    // fail parked in a queue.
    const kafkaConsumerGroup = params.consumer.consumerGroupId ?? `slipstream-${name}`;
    const failureQueue = new SecureQueue(`${name}-consumer-failures`, { kmsKeyArn: key.arn, tags }, parent);
    const consumer = new SecureFunction(
      `${name}-consumer`,
      {
        entry: CONSUMER_ENTRY,
        description: `Moves Kafka records of ${name} into the raw zone through Firehose`,
        account,
        kmsKeyArn: key.arn,
        tags,
        logRetentionDays,
        memorySize: params.consumer.memoryMiB,
        timeout: params.consumer.timeoutSeconds,
        vpc: { subnetIds: network.privateSubnetIds, securityGroupIds: [consumerGroup.id] },
        environment: { DELIVERY_STREAM_NAME: delivery.name },
        statements: [
          { Sid: "SendToRawZone", Effect: "Allow", Action: ["firehose:PutRecordBatch"], Resource: [delivery.arn] },
          { Sid: "ParkFailedRecords", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [failureQueue.arn] },
          kmsUse(key.arn, "both"),
          ...kafkaConsumerStatements(cluster, params.kafka.topics, kafkaConsumerGroup),
          KAFKA_POLLER_NETWORK_STATEMENT,
        ],
      },
      parent,
    );
    for (const topic of params.kafka.topics) {
      kafkaEventSource(
        `${name}-source-${topic}`,
        {
          function: consumer,
          clusterArn: cluster.arn,
          topic,
          consumerGroup: kafkaConsumerGroup,
          onFailureDestinationArn: failureQueue.arn,
          tags,
          startingPosition: params.consumer.startingPosition,
          batchSize: params.consumer.batchSize,
          maximumRetryAttempts: params.consumer.maximumRetryAttempts,
          maximumRecordAgeInSeconds: params.consumer.maximumRecordAgeSeconds,
          pollers: { minimum: KAFKA_EVENT_SOURCE_DEFAULTS.minimumPollers, maximum: params.consumer.maximumPollers },
          after: cluster.topics[topic] ? [cluster.topics[topic]] : [],
        },
        parent,
      );
    }

    // Glue: the catalog, the raw table, and the job that curates the raw zone.
    const database = new aws.glue.CatalogDatabase(
      `${name}-catalog`,
      { name: physicalName(name, "lake", 255).replace(/-/g, "_"), description: `Data lake of Slipstream deployment ${name}`, tags },
      parent,
    );
    const rawLocation = pulumi.interpolate`s3://${rawBucket.name}/${rawPrefix}`;
    const rawTable = new aws.glue.CatalogTable(
      `${name}-raw-table`,
      {
        databaseName: database.name,
        name: RAW_TABLE_NAME,
        description: "Kafka records as the consumer delivered them, one JSON object per line",
        tableType: "EXTERNAL_TABLE",
        parameters: rawLocation.apply((location) => ({ classification: "json", compressionType: "gzip", EXTERNAL: "TRUE", ...projectionParameters(location) })),
        partitionKeys: RAW_PARTITIONS.map((partitionKey) => ({ name: partitionKey, type: "string" })),
        storageDescriptor: {
          location: rawLocation,
          inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
          serDeInfo: { serializationLibrary: "org.openx.data.jsonserde.JsonSerDe", parameters: { "ignore.malformed.json": "true" } },
          columns: RAW_TABLE_COLUMNS,
        },
      },
      parent,
    );
    const catalogArn = pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:catalog`;
    const tableArn = (table: string) => pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:table/${database.name}/${table}`;
    const securityConfiguration = glueSecurityConfiguration(`${name}-glue-security`, { deployment: name, kmsKeyArn: key.arn }, parent);
    // Redshift Spectrum ignores partition projection: the crawler registers each hour (M9).
    const crawler = rawPartitionCrawler(
      `${name}-raw-partitions`,
      { deployment: name, account, kmsKeyArn: key.arn, tags, database, table: rawTable, rawBucket, rawPrefix, securityConfiguration: securityConfiguration.name, schedule: RAW_PARTITION_SCHEDULE },
      parent,
    );
    const curatedPrefix = "curated/";
    const curateJob = new GlueJob(
      `${name}-curate`,
      {
        account,
        kmsKeyArn: key.arn,
        tags,
        kind: "glueetl",
        glueVersion: params.etl.glueVersion,
        script: { key: "glue/curate_raw_zone.py", content: fs.readFileSync(CURATE_SCRIPT, "utf8") },
        scriptsBucket,
        securityConfiguration: securityConfiguration.name,
        workerType: params.etl.workerType,
        numberOfWorkers: params.etl.numberOfWorkers,
        schedule: params.etl.schedule,
        arguments: {
          "--raw_path": rawLocation,
          "--curated_path": pulumi.interpolate`s3://${curatedBucket.name}/${curatedPrefix}`,
          "--database": database.name,
          "--curated_table": CURATED_TABLE_NAME,
        },
        statements: [
          { Sid: "ReadRawZone", Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${rawBucket.arn}/${rawPrefix}*`] },
          { Sid: "ListRawZone", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [rawBucket.arn] },
          { Sid: "WriteCuratedZone", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: [pulumi.interpolate`${curatedBucket.arn}/${curatedPrefix}*`] },
          { Sid: "ListCuratedZone", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [curatedBucket.arn] },
          {
            Sid: "MaintainCuratedTable",
            Effect: "Allow",
            Action: ["glue:GetDatabase", "glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition", "glue:CreatePartition", "glue:BatchCreatePartition", "glue:UpdatePartition"],
            Resource: [catalogArn, database.arn, tableArn(CURATED_TABLE_NAME)],
          },
        ],
      },
      parent,
    );

    // Redshift Serverless reads the curated zone through the Glue catalog (Spectrum).
    const spectrumRole = serviceRole(`${name}-spectrum-role`, { service: "redshift.amazonaws.com", description: `Redshift Spectrum access of ${name} to its lake`, account, tags }, parent);
    const spectrumPolicy: PolicyStatement[] = [
      {
        Sid: "ReadCatalog",
        Effect: "Allow",
        Action: ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition"],
        Resource: [catalogArn, database.arn, pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:table/${database.name}/*`],
      },
      { Sid: "ReadLake", Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${curatedBucket.arn}/${curatedPrefix}*`, pulumi.interpolate`${rawBucket.arn}/${rawPrefix}*`] },
      { Sid: "ListLake", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [curatedBucket.arn, rawBucket.arn] },
      kmsUse(key.arn, "decrypt"),
    ];
    const spectrumRolePolicy = new aws.iam.RolePolicy(`${name}-spectrum-policy`, { role: spectrumRole.id, policy: policyDocument(spectrumPolicy) }, parent);
    const warehouse = new ServerlessWarehouse(
      `${name}-warehouse`,
      {
        deployment: name,
        kmsKeyArn: key.arn,
        tags,
        database: params.warehouse.database,
        baseCapacity: params.warehouse.baseCapacity,
        subnetIds: network.privateSubnetIds,
        securityGroupIds: [warehouseGroup.id],
        iamRoleArns: [spectrumRole.arn],
      },
      { parent: this, dependsOn: [spectrumRolePolicy] },
    );
    // The external schema over the lake is created now, not left as SQL for someone to run.
    lakeSchema(
      `${name}-lake-schema`,
      { warehouse, database: params.warehouse.database, glueDatabase: database.name, spectrumRoleArn: spectrumRole.arn, after: [spectrumRolePolicy] },
      parent,
    );

    const topic = alarmTopic(`${name}-alerts`, requestedTopic(params.notifications, { kmsKeyArn: key.arn, tags, accountId }), parent);
    const alarmArgs = { topicArn: topic.arn, tags };
    alarm(`${name}-consumer-errors`, { ...alarmArgs, description: "The consumer failed invocations", namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: consumer.name }, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0 }, parent);
    // Lambda reports how far its Kafka event sources trail the end of each topic.
    alarm(`${name}-consumer-lag`, { ...alarmArgs, description: "The consumer trails its topics by more than 10,000 records", namespace: "AWS/Lambda", metricName: "OffsetLag", dimensions: { FunctionName: consumer.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 10_000, period: 60, evaluationPeriods: 5 }, parent);
    alarm(`${name}-consumer-parked`, { ...alarmArgs, description: "Kafka records were parked in the consumer's on-failure queue", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: failureQueue.queue.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 0 }, parent);
    alarm(`${name}-raw-freshness`, { ...alarmArgs, description: "Records wait more than 15 minutes for the raw zone", namespace: "AWS/Firehose", metricName: "DeliveryToS3.DataFreshness", dimensions: { DeliveryStreamName: delivery.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 900 + params.rawZone.bufferingIntervalSeconds }, parent);

    if (params.quicksight.enabled && params.quicksight.principalArn !== undefined) {
      this.quicksightDataSourceArn = this.quicksight(name, {
        tags,
        account,
        network,
        warehouse,
        warehouseGroup,
        kmsKeyArn: key.arn,
        database: params.warehouse.database,
        principalArn: params.quicksight.principalArn,
        secretsManagerRoleName: params.quicksight.secretsManagerRoleName,
      });
    }

    this.vpcId = vpcId;
    this.clusterArn = cluster.arn;
    this.bootstrapBrokersSaslIam = cluster.bootstrapBrokersSaslIam;
    this.rawBucketName = rawBucket.name;
    this.curatedBucketName = curatedBucket.name;
    this.deliveryStreamName = delivery.name;
    this.consumerFunctionName = consumer.name;
    this.failureQueueUrl = failureQueue.url;
    this.glueDatabaseName = database.name;
    this.curateJobName = curateJob.name;
    this.redshiftJdbcUrl = warehouse.jdbcUrl;
    this.redshiftAdminSecretArn = warehouse.adminSecretArn;
    this.alarmTopicArn = topic.arn;
    this.externalSchemaName = LAKE_SCHEMA;
    this.rawPartitionCrawlerName = crawler.name;
    if (cluster.topicsToCreate.length > 0) this.topicsToCreate = cluster.topicsToCreate.join(",");
    this.registerOutputs(this.outputs());
  }

  /**
   * A QuickSight data source over the warehouse. The workgroup is private, so QuickSight
   * reaches it through a VPC connection whose group may open exactly the Redshift port.
   */
  private quicksight(
    name: string,
    args: {
      tags: Record<string, string>;
      account: AccountContext;
      network: Network;
      warehouse: ServerlessWarehouse;
      warehouseGroup: aws.ec2.SecurityGroup;
      kmsKeyArn: pulumi.Input<string>;
      database: string;
      principalArn: string;
      secretsManagerRoleName: string;
    },
  ): pulumi.Output<string> {
    const { tags, account, network, warehouse } = args;
    const parent = { parent: this };
    const group = securityGroup(`${name}-quicksight-sg`, { vpcId: network.vpcId, description: `QuickSight VPC connection of ${name}`, tags }, parent);
    allowTcp(`${name}-quicksight-to-warehouse`, { from: group, to: args.warehouseGroup, port: REDSHIFT_PORT, description: "QuickSight to Redshift Serverless", tags }, parent);
    // QuickSight's network interfaces are not stateful: Redshift's replies must be admitted (M10).
    admitReturnTraffic(
      `${name}-warehouse-to-quicksight`,
      { from: args.warehouseGroup, to: group, description: "Return traffic from Redshift Serverless (QuickSight interfaces are not stateful)", tags },
      parent,
    );
    // QuickSight reads the data source's secret as its Secrets Manager role (QuickSight user
    // guide, "Granting QuickSight access to Secrets Manager and selected secrets": QuickSight
    // creates aws-quicksight-secretsmanager-role-v0). The secret is encrypted with the
    // deployment key, so that role also needs kms:Decrypt on it, through Secrets Manager.
    const secretAccess = new aws.iam.RolePolicy(
      `${name}-quicksight-secret-access`,
      {
        role: args.secretsManagerRoleName,
        policy: policyDocument([
          { Sid: "ReadWarehouseSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [warehouse.adminSecretArn] },
          { Sid: "DecryptWarehouseSecret", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [args.kmsKeyArn] },
        ]),
      },
      parent,
    );
    const role = serviceRole(`${name}-quicksight-role`, { service: "quicksight.amazonaws.com", description: `QuickSight VPC connection of ${name}`, account, tags }, parent);
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-quicksight-policy`,
      {
        role: role.id,
        policy: policyDocument([
          // QuickSight places its interfaces itself; EC2 offers no narrower resource for these.
          {
            Sid: "ManageVpcConnectionInterfaces",
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
            Resource: ["*"],
          },
        ]),
      },
      parent,
    );
    const connection = new aws.quicksight.VpcConnection(
      `${name}-quicksight-vpc`,
      { vpcConnectionId: physicalName(name, "warehouse", 1000), name: `${name} warehouse`, roleArn: role.arn, subnetIds: network.privateSubnetIds, securityGroupIds: [group.id], tags },
      { parent: this, dependsOn: [rolePolicy] },
    );
    const endpoint = warehouse.workgroup.endpoints.apply((endpoints) => endpoints[0]);
    const source = new aws.quicksight.DataSource(
      `${name}-quicksight-source`,
      {
        dataSourceId: physicalName(name, "warehouse", 128),
        name: `${name} warehouse`,
        type: "REDSHIFT",
        parameters: { redshift: { host: endpoint.apply((e) => e?.address ?? ""), port: endpoint.apply((e) => e?.port ?? REDSHIFT_PORT), database: args.database } },
        // QuickSight's Secrets Manager role must be allowed to read this Redshift-managed secret.
        credentials: { secretArn: warehouse.adminSecretArn },
        sslProperties: { disableSsl: false },
        vpcConnectionProperties: { vpcConnectionArn: connection.arn },
        permissions: [
          {
            principal: args.principalArn,
            actions: ["quicksight:DescribeDataSource", "quicksight:DescribeDataSourcePermissions", "quicksight:PassDataSource", "quicksight:UpdateDataSource", "quicksight:UpdateDataSourcePermissions", "quicksight:DeleteDataSource"],
          },
        ],
        tags,
      },
      { parent: this, dependsOn: [secretAccess] },
    );
    return source.arn;
  }

  /** The stack outputs a deployment of this blueprint reports. */
  outputs(): Record<string, pulumi.Input<string>> {
    return {
      vpcId: this.vpcId,
      clusterArn: this.clusterArn,
      bootstrapBrokersSaslIam: this.bootstrapBrokersSaslIam,
      rawBucketName: this.rawBucketName,
      curatedBucketName: this.curatedBucketName,
      deliveryStreamName: this.deliveryStreamName,
      consumerFunctionName: this.consumerFunctionName,
      failureQueueUrl: this.failureQueueUrl,
      glueDatabaseName: this.glueDatabaseName,
      curateJobName: this.curateJobName,
      redshiftJdbcUrl: this.redshiftJdbcUrl,
      redshiftAdminSecretArn: this.redshiftAdminSecretArn,
      externalSchemaName: this.externalSchemaName,
      rawPartitionCrawlerName: this.rawPartitionCrawlerName,
      ...(this.topicsToCreate !== undefined ? { topicsToCreate: this.topicsToCreate } : {}),
      alarmTopicArn: this.alarmTopicArn,
      ...(this.quicksightDataSourceArn ? { quicksightDataSourceArn: this.quicksightDataSourceArn } : {}),
    };
  }
}
