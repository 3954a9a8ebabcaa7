/**
 * The monthly usage an estimate assumes for what a plan cannot know: how much data arrives,
 * how often functions run, how long batch jobs take. One place, so an estimate's every line
 * can say which of these it used and a caller can pass its own.
 */
export interface UsageAssumptions {
  /** Hours a month: AWS prices compute by the hour and bills a month as 730 of them. */
  hoursPerMonth: number;
  /** GB written into each stream, delivery stream or Kafka cluster a month. */
  ingestGbPerMonth: number;
  /** Average record size in KB (Firehose rounds each record up to 5 KB). */
  recordSizeKb: number;
  /** Invocations of each data-path Lambda function a month. */
  lambdaInvocationsPerMonth: number;
  /** Average duration of one invocation, in milliseconds. */
  lambdaAverageMs: number;
  /** Minutes each scheduled Glue batch run (job or crawler) takes. */
  glueRunMinutes: number;
  /** Data stored in each data bucket (average over the month), GB. */
  s3StoredGbPerBucket: number;
  /** DynamoDB on-demand write and read request units a month, per table. */
  dynamodbWritesPerMonth: number;
  dynamodbReadsPerMonth: number;
  /** Data stored per DynamoDB table, GB. */
  dynamodbStoredGb: number;
  /** Hours a month a Redshift Serverless workgroup runs queries at its base capacity. */
  redshiftQueryHoursPerMonth: number;
  /** GB that passes through each NAT gateway a month. */
  natProcessedGbPerMonth: number;
}

export const DEFAULT_USAGE: UsageAssumptions = {
  hoursPerMonth: 730,
  ingestGbPerMonth: 100,
  recordSizeKb: 1,
  lambdaInvocationsPerMonth: 1_000_000,
  lambdaAverageMs: 200,
  glueRunMinutes: 10,
  s3StoredGbPerBucket: 100,
  dynamodbWritesPerMonth: 10_000_000,
  dynamodbReadsPerMonth: 10_000_000,
  dynamodbStoredGb: 10,
  redshiftQueryHoursPerMonth: 60,
  natProcessedGbPerMonth: 100,
};
