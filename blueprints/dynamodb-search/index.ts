import { defineBlueprint } from "../blueprint";
import { changelog } from "./changelog";
import { DYNAMODB_SEARCH, DynamodbSearch } from "./component";
import { dynamodbSearchRequest } from "./schema";

export const dynamodbSearch = defineBlueprint({
  id: DYNAMODB_SEARCH,
  title: "Near real-time search on DynamoDB",
  pattern: "Set up near real-time search on DynamoDB table using Kinesis Data Streams and OpenSearch Service",
  description:
    "Captures every insert, update and delete of a DynamoDB table through DynamoDB Streams or a Kinesis streaming destination and indexes it into OpenSearch Service with a Lambda function.",
  requestSchema: dynamodbSearchRequest,
  outline: [
    "KMS customer-managed key (rotation on), or the request's own key",
    "DynamoDB table (KMS, point-in-time recovery, deletion protection in prod) or an existing table",
    "Change capture: DynamoDB Streams (NEW_AND_OLD_IMAGES) or a KMS-encrypted Kinesis data stream",
    "Indexer Lambda: upserts and deletes (with Kinesis capture, versioned by each change's creation time so late or repeated changes never win), partial batch failures, bisect on error, bounded retries and age",
    "SQS on-failure queue with dead-letter queue",
    "OpenSearch Service domain (KMS, node-to-node, TLS 1.2 PFS, fine-grained access control), logs granted per log group",
    "Access function, the domain's master user: maps the indexer, the optional administrator and Dashboards users when the deployment runs",
    "Optional Dashboards sign-in: Cognito user pool (administrator-created users, TOTP MFA) and identity pool",
    "Optional Firehose from the Kinesis stream to an S3 backup bucket",
    "SNS topic (or the request's own) and CloudWatch alarms (indexer errors, lag, parked batches, cluster red)",
  ],
  directory: __dirname,
  changelog,
  create: (name, request, opts) => new DynamodbSearch(name, request, opts),
});
