import { defineBlueprint } from "../blueprint";
import { changelog } from "./changelog";
import { SERVERLESS_STREAMING_PIPELINE, ServerlessStreamingPipeline } from "./component";
import { serverlessStreamingPipelineRequest } from "./schema";

export const serverlessStreamingPipeline = defineBlueprint({
  id: SERVERLESS_STREAMING_PIPELINE,
  title: "Serverless streaming pipeline with Kinesis and Glue",
  pattern: "Build a serverless streaming data pipeline using Amazon Kinesis and AWS Glue",
  description:
    "A KMS-encrypted Kinesis data stream — fed by producers or bridged from MSK topics — analysed by a Managed Service for Apache Flink application into a DynamoDB serving table, copied by Firehose into an S3 lake and written as Parquet by a Glue streaming job, with alarms on lag, throttling and Flink downtime.",
  requestSchema: serverlessStreamingPipelineRequest,
  outline: [
    "KMS customer-managed key (rotation on), or the request's own key",
    "Kinesis data stream (on-demand or provisioned, KMS, retention ≥ 168 h)",
    "Optional Kafka bridge: Lambda in a VPC (the caller's or a new one) with an MSK event source per topic, writing into the stream",
    "Managed Service for Apache Flink application (replaces Kinesis Data Analytics for SQL) writing a DynamoDB serving table (KMS, PITR)",
    "Firehose from the stream → S3 lake (hourly partitions; SSE not available with a Kinesis source — encrypted by the stream's and bucket's key)",
    "Glue catalog table over the stream and a Glue streaming job (security configuration) writing Parquet to the lake",
    "SNS topic (or the request's own) and CloudWatch alarms (iterator age, write/read throttling, Flink downtime, lake freshness, bridge errors)",
  ],
  directory: __dirname,
  changelog,
  create: (name, request, opts) => new ServerlessStreamingPipeline(name, request, opts),
});
