/**
 * How the architecture diagram reads a resource type: which AWS service draws it, and
 * whether it is plumbing (security and operations wiring around the data path).
 */

/** Types that secure or operate another resource rather than carry data. */
const PLUMBING_TYPES = new Set([
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLogging:BucketLogging",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketObjectv2:BucketObjectv2",
  "aws:sqs/queuePolicy:QueuePolicy",
  "aws:sns/topicPolicy:TopicPolicy",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/logStream:LogStream",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
  "aws:glue/securityConfiguration:SecurityConfiguration",
  "aws:msk/configuration:Configuration",
]);

/** Whole services that are plumbing: identity, keys, network filtering. */
const PLUMBING_MODULES = new Set(["iam", "kms", "ec2", "vpc"]);

/** Network built by awsx (subnets, routes, NAT gateways behind one remote component). */
const PLUMBING_PREFIXES = ["awsx:ec2:"];

/** The `module` of an `aws:module/resource:Type` token. */
function moduleOf(type: string): string {
  const match = /^[^:]+:([^/:]+)/.exec(type);
  return match?.[1] ?? type;
}

export function isPlumbing(type: string): boolean {
  return PLUMBING_TYPES.has(type) || PLUMBING_MODULES.has(moduleOf(type)) || PLUMBING_PREFIXES.some((p) => type.startsWith(p));
}

/** Modules whose resources belong to a service known by another name. */
const SERVICE_BY_TYPE_PREFIX: [string, string][] = [
  ["aws:kinesis/firehoseDeliveryStream", "firehose"],
  ["aws:kinesisanalyticsv2/", "flink"],
  ["aws:cloudwatch/metricAlarm", "cloudwatch"],
  ["aws:redshiftserverless/", "redshift"],
  ["aws:redshiftdata/", "redshift"],
  ["aws:opensearch/", "opensearch"],
  ["aws:vpc/", "ec2"],
  ["awsx:ec2:Vpc", "vpc"],
];

/** The AWS service that draws a resource: "kinesis", "lambda", "firehose", "s3", ... */
export function serviceOf(type: string): string {
  for (const [prefix, service] of SERVICE_BY_TYPE_PREFIX) if (type.startsWith(prefix)) return service;
  if (!type.startsWith("aws:")) return type.split(":")[0] ?? type;
  return moduleOf(type);
}
