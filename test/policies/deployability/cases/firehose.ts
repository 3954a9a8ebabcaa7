import { KEY_ARN, TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const ROLE = "arn:aws:iam::000000000000:role/delivery";
const S3_LEG = { bucketArn: "arn:aws:s3:::archive", roleArn: ROLE, kmsKeyArn: KEY_ARN, bufferingSize: 5, bufferingInterval: 300, compressionFormat: "GZIP", prefix: "failed/" };

const TO_S3 = {
  name: "archive-delivery",
  destination: "extended_s3",
  serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY_ARN },
  extendedS3Configuration: {
    ...S3_LEG,
    bufferingSize: 64,
    prefix: "logs/!{timestamp:yyyy}/",
    errorOutputPrefix: "errors/!{firehose:error-output-type}/",
  },
  tags: TAGS,
};
const TO_OPENSEARCH = {
  destination: "opensearch",
  serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY_ARN },
  opensearchConfiguration: {
    domainArn: "arn:aws:es:us-east-1:000000000000:domain/logs",
    roleArn: ROLE,
    indexName: "cdn-logs",
    indexRotationPeriod: "OneDay",
    bufferingSize: 5,
    bufferingInterval: 60,
    retryDuration: 300,
    s3BackupMode: "FailedDocumentsOnly",
    s3Configuration: S3_LEG,
  },
  tags: TAGS,
};
const TO_REDSHIFT = {
  destination: "redshift",
  serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY_ARN },
  redshiftConfiguration: { clusterJdbcurl: "jdbc:redshift://warehouse.000000000000.us-east-1.redshift-serverless.amazonaws.com:5439/analytics", roleArn: ROLE, dataTableName: "logs", retryDuration: 3600, s3Configuration: S3_LEG },
  tags: TAGS,
};

export const firehoseCases: ResourceRuleCase[] = [
  {
    rule: "firehose-buffering-limits",
    type: FIREHOSE,
    compliant: TO_S3,
    violations: [
      ["extendedS3Configuration.bufferingSize", 129, "extendedS3Configuration.bufferingSize", "outside AWS's range of 1 to 128 MiB"],
      ["extendedS3Configuration.bufferingInterval", 901, "extendedS3Configuration.bufferingInterval", "outside AWS's range of 0 to 900 s"],
    ],
    alsoCompliant: [["extendedS3Configuration.dynamicPartitioningConfiguration", { enabled: true }]],
  },
  {
    rule: "firehose-buffering-limits",
    type: FIREHOSE,
    compliant: { ...TO_S3, extendedS3Configuration: { ...TO_S3.extendedS3Configuration, bufferingSize: 5 } },
    violations: [["extendedS3Configuration.dynamicPartitioningConfiguration", { enabled: true }, "extendedS3Configuration.bufferingSize", "5; dynamic partitioning needs a buffer of at least 64 MiB"]],
  },
  {
    rule: "firehose-buffering-limits",
    type: FIREHOSE,
    compliant: TO_OPENSEARCH,
    violations: [
      ["opensearchConfiguration.bufferingSize", 101, "opensearchConfiguration.bufferingSize", "outside AWS's range of 1 to 100 MiB"],
      ["opensearchConfiguration.bufferingSize", 0, "opensearchConfiguration.bufferingSize", "outside AWS's range of 1 to 100 MiB"],
      ["opensearchConfiguration.bufferingInterval", 1000, "opensearchConfiguration.bufferingInterval", "outside AWS's range of 0 to 900 s"],
      ["opensearchConfiguration.s3Configuration.bufferingSize", 200, "opensearchConfiguration.s3Configuration.bufferingSize", "outside AWS's range of 1 to 128 MiB"],
    ],
    alsoCompliant: [["opensearchConfiguration.bufferingSize", 100]],
  },
  {
    rule: "firehose-delivery-stream-configuration",
    type: FIREHOSE,
    compliant: TO_S3,
    violations: [
      ["name", "d".repeat(65), "name", "AWS takes 1 to 64"],
      ["name", "archive delivery", "name", "letters, digits, _ . and - only"],
      ["destination", "s3", "destination", '"s3" is not a value AWS accepts'],
      ["kinesisSourceConfiguration", { kinesisStreamArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s", roleArn: ROLE }, "serverSideEncryption.enabled", "a delivery stream with a Kinesis stream source cannot enable server-side encryption"],
      ["extendedS3Configuration.errorOutputPrefix", undefined, "extendedS3Configuration.errorOutputPrefix", "a prefix with !{...} expressions needs an error output prefix"],
      ["extendedS3Configuration.prefix", "p".repeat(1025), "extendedS3Configuration.prefix", "AWS takes 0 to 1024"],
      ["extendedS3Configuration.compressionFormat", "BZIP2", "extendedS3Configuration.compressionFormat", '"BZIP2" is not a value AWS accepts'],
    ],
    unknown: ["kinesisSourceConfiguration", "extendedS3Configuration.prefix", "name"],
  },
  {
    rule: "firehose-delivery-stream-configuration",
    type: FIREHOSE,
    compliant: TO_OPENSEARCH,
    violations: [
      ["opensearchConfiguration.retryDuration", 7201, "opensearchConfiguration.retryDuration", "outside AWS's range of 0 to 7200 s"],
      ["opensearchConfiguration.indexRotationPeriod", "OneYear", "opensearchConfiguration.indexRotationPeriod", '"OneYear" is not a value AWS accepts'],
      ["opensearchConfiguration.s3BackupMode", "Disabled", "opensearchConfiguration.s3BackupMode", "use one of FailedDocumentsOnly, AllDocuments"],
      ["opensearchConfiguration.indexName", "i".repeat(81), "opensearchConfiguration.indexName", "AWS takes 1 to 80"],
    ],
  },
  {
    rule: "firehose-delivery-stream-configuration",
    type: FIREHOSE,
    compliant: TO_REDSHIFT,
    violations: [["redshiftConfiguration.s3Configuration.compressionFormat", "Snappy", "redshiftConfiguration.s3Configuration.compressionFormat", "the Redshift COPY reads UNCOMPRESSED or GZIP staging files only"]],
  },
];
