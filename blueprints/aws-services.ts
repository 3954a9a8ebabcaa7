/**
 * The AWS services (and service variants) a deployment can create, named once so that the
 * per-service tag rules (`tags.ts`) and the Region capability table (`region-capabilities.ts`)
 * speak of the same things. Only services whose rules differ between Regions or whose tag
 * rules differ from the AWS-wide ones need a name here; S3, SQS, SNS, KMS, IAM, CloudWatch,
 * DynamoDB, Kinesis and Firehose are in every Region Slipstream offers and take 50 tags.
 */
export const AWS_SERVICES = [
  "opensearch",
  "cognito",
  "redshift-serverless",
  "msk",
  "msk-serverless",
  "managed-flink",
  "glue",
  "quicksight",
] as const;

export type AwsService = (typeof AWS_SERVICES)[number];

/** What a request needs from its Region and its tags: the services it creates and the zones it spreads over. */
export interface DeploymentNeeds {
  readonly services: readonly AwsService[];
  /**
   * Availability Zones the deployment spreads over (a three-zone OpenSearch domain or
   * network); 1 when nothing is zone-aware.
   */
  readonly zones: 1 | 2 | 3;
}
