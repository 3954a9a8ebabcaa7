import { deployabilityRules } from "./deployability";
import type { SlipstreamPolicy } from "./lib/slipstream-policy";
import { logGroupEncrypted, logGroupRetention } from "./rules/cloudwatch-logs";
import { dynamodbPointInTimeRecovery, dynamodbTableEncrypted } from "./rules/dynamodb";
import { firehoseS3DestinationEncrypted, firehoseServerSideEncryption } from "./rules/firehose";
import { flinkApplicationEncrypted } from "./rules/flink";
import { glueJobSecurityConfiguration, glueJobVersion, glueSecurityConfigurationEncrypted } from "./rules/glue";
import { kinesisStreamEncrypted } from "./rules/kinesis";
import { kmsKeyRotation } from "./rules/kms";
import { lambdaEnvironmentEncrypted, lambdaNoSecretsInEnvironment, lambdaTracingActive } from "./rules/lambda";
import { mskClusterAccessAndMonitoring, mskClusterEncrypted } from "./rules/msk";
import {
  opensearchEncryptedAtRest,
  opensearchEncryptedInTransit,
  opensearchErrorLogging,
  opensearchFineGrainedAccessControl,
  opensearchRestrictedAccess,
} from "./rules/opensearch";
import { redshiftClusterEncrypted, redshiftClusterNotPublic, redshiftServerlessNamespaceEncrypted } from "./rules/redshift";
import { s3BucketEncryptedWithKms, s3BucketPublicAccessBlocked, s3BucketTlsOnly, s3BucketVersioning } from "./rules/s3";
import { snsTopicEncrypted } from "./rules/sns";
import { sqsQueueEncrypted } from "./rules/sqs";
import { requiredTags } from "./rules/tagging";

/**
 * Every policy of the pack, in report order: the security and tagging controls, then the
 * deployability rules (AWS's own constraints, deployability/). The pack's entry (index.ts)
 * serves these; the offline evaluator runs the same objects. Nothing here constructs a
 * PolicyPack, whose constructor starts the analyzer server.
 */
export const slipstreamPolicies: readonly SlipstreamPolicy[] = [
  kmsKeyRotation,
  s3BucketEncryptedWithKms,
  s3BucketPublicAccessBlocked,
  s3BucketTlsOnly,
  s3BucketVersioning,
  kinesisStreamEncrypted,
  firehoseServerSideEncryption,
  firehoseS3DestinationEncrypted,
  mskClusterEncrypted,
  mskClusterAccessAndMonitoring,
  glueJobSecurityConfiguration,
  glueSecurityConfigurationEncrypted,
  glueJobVersion,
  dynamodbTableEncrypted,
  dynamodbPointInTimeRecovery,
  opensearchEncryptedAtRest,
  opensearchEncryptedInTransit,
  opensearchFineGrainedAccessControl,
  opensearchErrorLogging,
  opensearchRestrictedAccess,
  sqsQueueEncrypted,
  snsTopicEncrypted,
  lambdaEnvironmentEncrypted,
  lambdaTracingActive,
  lambdaNoSecretsInEnvironment,
  logGroupEncrypted,
  logGroupRetention,
  redshiftServerlessNamespaceEncrypted,
  redshiftClusterEncrypted,
  redshiftClusterNotPublic,
  flinkApplicationEncrypted,
  requiredTags,
  ...deployabilityRules,
];

/** The pack's name, as the engine and Pulumi Cloud show it. */
export const PACK_NAME = "slipstream-aws";
