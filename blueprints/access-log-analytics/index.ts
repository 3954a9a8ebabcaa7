import { defineBlueprint } from "../blueprint";
import { changelog } from "./changelog";
import { ACCESS_LOG_ANALYTICS, AccessLogAnalytics } from "./component";
import { accessLogAnalyticsRequest } from "./schema";

export const accessLogAnalytics = defineBlueprint({
  id: ACCESS_LOG_ANALYTICS,
  title: "Access-log analytics",
  pattern: "Build access logs streaming applications using Kinesis Data Firehose and Kinesis Data Analytics",
  description:
    "Forwards access logs landing in S3 (CloudFront, ALB, VPC Flow Logs, JSON lines) through SQS and a Lambda function into Firehose, which delivers them to OpenSearch for near real-time dashboards and to a compressed S3 archive; optionally into Redshift Serverless (loaded from the archive) and a Managed Flink anomaly detector.",
  requestSchema: accessLogAnalyticsRequest,
  outline: [
    "KMS customer-managed key (rotation on), or the request's own key",
    "Raw log bucket the log format's producer can deliver into (ALB: SSE-S3 with the ELB grant; VPC Flow Logs and CloudFront: AWS log delivery grants on bucket and key; CloudFront legacy: ACLs) with an ObjectCreated notification to SQS — or an existing bucket, untouched, announcing objects through an EventBridge rule",
    "SQS queue and dead-letter queue (KMS, TLS only)",
    "Forwarder Lambda: reads each new object, parses the log format, sends batches to Firehose retrying failed records, and answers before its timeout with the unfinished messages",
    "Firehose → OpenSearch Service domain, failed documents backed up to S3; an access function maps the delivery role, the optional administrator and Dashboards users (optional Cognito sign-in)",
    "Firehose → S3 archive (compressed, date-partitioned)",
    "Optional Redshift Serverless (private, in a new or the caller's VPC) loading the archive by auto-copy into a table it creates, columns mapped by a JSONPaths file",
    "Optional Kinesis stream and Managed Service for Apache Flink anomaly detector (replaces Kinesis Data Analytics for SQL)",
    "SNS topic (or the request's own) and CloudWatch alarms (dead letters, forwarder errors, delivery freshness, cluster red, Flink downtime)",
  ],
  directory: __dirname,
  changelog,
  create: (name, request, opts) => new AccessLogAnalytics(name, request, opts),
});
