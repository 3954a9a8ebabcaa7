import { integerBetween, lengthBetween, oneOf, when } from "../lib/checks";
import { resourceRule, type ResourceCheck } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { isUnknown, stringAt, valueAt } from "../lib/property-values";

export const DELIVERY_STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";

const COMPRESSION = ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"];

/** An S3 leg's buffering (the main extended S3 destination or another destination's S3 backup): 1-128 MiB, 0-900 s. */
const s3Buffering = (block: string): ResourceCheck[] => [integerBetween(`${block}.bufferingSize`, 1, 128, "MiB"), integerBetween(`${block}.bufferingInterval`, 0, 900, "s")];

/**
 * Firehose's buffering hints per destination: S3 1–128 MiB (at least 64 MiB with dynamic
 * partitioning), OpenSearch 1–100 MiB, HTTP endpoints 1–64 MiB, every interval 0–900 s.
 */
export const firehoseBufferingLimits = resourceRule({
  name: "firehose-buffering-limits",
  description: "Firehose buffering hints must be within each destination's range: S3 1-128 MiB (64+ with dynamic partitioning), OpenSearch 1-100 MiB, HTTP endpoint 1-64 MiB, intervals 0-900 s.",
  document: "https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html",
  remediation: "Set bufferingSize and bufferingInterval within the destination's range.",
  types: [DELIVERY_STREAM],
  checks: [
    ...s3Buffering("extendedS3Configuration"),
    ...s3Buffering("opensearchConfiguration.s3Configuration"),
    ...s3Buffering("redshiftConfiguration.s3Configuration"),
    ...s3Buffering("httpEndpointConfiguration.s3Configuration"),
    integerBetween("opensearchConfiguration.bufferingSize", 1, 100, "MiB"),
    integerBetween("opensearchConfiguration.bufferingInterval", 0, 900, "s"),
    integerBetween("elasticsearchConfiguration.bufferingSize", 1, 100, "MiB"),
    integerBetween("elasticsearchConfiguration.bufferingInterval", 0, 900, "s"),
    integerBetween("httpEndpointConfiguration.bufferingSize", 1, 64, "MiB"),
    integerBetween("httpEndpointConfiguration.bufferingInterval", 0, 900, "s"),
    when(
      (resource) => valueAt(resource.props, "extendedS3Configuration.dynamicPartitioningConfiguration.enabled") === true,
      (resource, report) => {
        const size = valueAt(resource.props, "extendedS3Configuration.bufferingSize");
        // Firehose's default of 5 MiB is below the minimum too.
        if (size === undefined || (typeof size === "number" && size < 64)) report("extendedS3Configuration.bufferingSize", `${size ?? "unset (5 MiB)"}; dynamic partitioning needs a buffer of at least 64 MiB.`);
      },
    ),
  ],
});

const hasExpressions = (prefix: unknown) => typeof prefix === "string" && prefix.includes("!{");

/**
 * CreateDeliveryStream's rules: names of up to 64 characters, no server-side encryption with a
 * Kinesis stream source, an error prefix whenever the prefix uses expressions, compression a
 * Redshift COPY can read, and the destinations' enums and retry ranges.
 */
export const firehoseDeliveryStreamConfiguration = resourceRule({
  name: "firehose-delivery-stream-configuration",
  description: "Firehose delivery streams must use a configuration CreateDeliveryStream accepts: name, encryption with the source, prefixes, compression, retries and index rotation.",
  document: "https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html",
  remediation: "Fix the named field: names up to 64 letters, digits, _ . -; no serverSideEncryption with a Kinesis source; errorOutputPrefix when the prefix has !{...} expressions; UNCOMPRESSED or GZIP in front of Redshift.",
  types: [DELIVERY_STREAM],
  checks: [
    physicalName({ path: "name", min: 1, max: 64, pattern: /^[a-zA-Z0-9_.-]+$/, rule: "letters, digits, _ . and - only", autonamed: true }),
    oneOf("destination", ["extended_s3", "redshift", "opensearch", "opensearchserverless", "elasticsearch", "splunk", "http_endpoint", "snowflake", "iceberg"]),
    (resource, report) => {
      const source = valueAt(resource.props, "kinesisSourceConfiguration");
      if (source !== undefined && source !== null && !isUnknown(source) && valueAt(resource.props, "serverSideEncryption.enabled") === true) {
        report("serverSideEncryption.enabled", "a delivery stream with a Kinesis stream source cannot enable server-side encryption; encrypt the source stream instead.");
      }
    },
    ...["extendedS3Configuration", "opensearchConfiguration.s3Configuration", "redshiftConfiguration.s3Configuration"].flatMap((block): ResourceCheck[] => [
      lengthBetween(`${block}.prefix`, 0, 1024),
      lengthBetween(`${block}.errorOutputPrefix`, 0, 1024),
      oneOf(`${block}.compressionFormat`, COMPRESSION),
      (resource, report) => {
        const prefix = valueAt(resource.props, `${block}.prefix`);
        const errorPrefix = valueAt(resource.props, `${block}.errorOutputPrefix`);
        if (hasExpressions(prefix) && (errorPrefix === undefined || errorPrefix === "")) report(`${block}.errorOutputPrefix`, "unset; a prefix with !{...} expressions needs an error output prefix.");
      },
    ]),
    (resource, report) => {
      const compression = stringAt(resource.props, "redshiftConfiguration.s3Configuration.compressionFormat");
      if (typeof compression === "string" && !["UNCOMPRESSED", "GZIP"].includes(compression)) report("redshiftConfiguration.s3Configuration.compressionFormat", `${compression}; the Redshift COPY reads UNCOMPRESSED or GZIP staging files only.`);
    },
    integerBetween("opensearchConfiguration.retryDuration", 0, 7200, "s"),
    integerBetween("redshiftConfiguration.retryDuration", 0, 7200, "s"),
    oneOf("opensearchConfiguration.indexRotationPeriod", ["NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth"]),
    oneOf("opensearchConfiguration.s3BackupMode", ["FailedDocumentsOnly", "AllDocuments"]),
    lengthBetween("opensearchConfiguration.indexName", 1, 80),
    oneOf("redshiftConfiguration.s3BackupMode", ["Disabled", "Enabled"]),
    oneOf("extendedS3Configuration.s3BackupMode", ["Disabled", "Enabled"]),
    oneOf("serverSideEncryption.keyType", ["AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK"]),
  ],
});
