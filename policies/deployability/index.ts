import type { SlipstreamPolicy } from "../lib/slipstream-policy";
import { metricAlarmLimits } from "./cloudwatch-alarms";
import { logAccountResourcePolicy, logGroupName, logGroupRetentionValue, logStreamName } from "./cloudwatch-logs";
import { cognitoPoolNames, cognitoUserPoolDomain } from "./cognito";
import { dynamodbTableLimits } from "./dynamodb";
import { securityGroupLimits, securityGroupRulePorts } from "./ec2";
import { firehoseBufferingLimits, firehoseDeliveryStreamConfiguration } from "./firehose";
import { firehoseRedshiftPubliclyAccessible } from "./firehose-redshift";
import { flinkApplicationLimits } from "./flink";
import { glueCatalogNames, glueCrawlerLimits, glueJobLimits, glueTriggerLimits } from "./glue";
import { iamInlinePolicySize, iamRoleLimits, iamRolePolicyName } from "./iam";
import { lambdaKafkaConsumerGroupUnique } from "./kafka-consumer-groups";
import { kinesisStreamLimits } from "./kinesis";
import { kmsAliasName, kmsKeyLimits, kmsKeyPolicySize } from "./kms";
import { kmsKeyAdmitsCloudWatchAlarms, kmsKeyAdmitsCloudWatchLogs, kmsKeyAdmitsLogDelivery, kmsKeyAdmitsManagedFlink, kmsKeyAdmitsS3Notifications } from "./kms-key-principals";
import { lambdaFunctionConfiguration, lambdaFunctionLimits, lambdaRuntimeCreatable } from "./lambda";
import { lambdaEventSourceMappingLimits } from "./lambda-event-source";
import { mskClusterLimits, mskConfigurationName, mskServerlessClusterLimits } from "./msk";
import { opensearchClusterTopology, opensearchDomainName, opensearchEbsVolumeSize, opensearchFineGrainedAccessPrerequisites, opensearchTagLimit } from "./opensearch";
import { redshiftServerlessNamespaceLimits, redshiftServerlessWorkgroupLimits, redshiftTagCharacters } from "./redshift";
import { s3AccessLogTargetEncryption, s3BucketName, s3BucketPolicySize, s3LifecycleRules, s3ObjectLimits } from "./s3";
import { snsSubscriptionProtocol, snsTopicAttributes } from "./sns";
import { sqsQueueAttributes } from "./sqs";
import { lambdaSqsVisibilityTimeout } from "./sqs-visibility-timeout";
import { awsTagLimits } from "./tags";

/**
 * The deployability rules, in report order: per service, the resource rules first, then the
 * rules that read the whole stack.
 */
export const deployabilityRules: readonly SlipstreamPolicy[] = [
  awsTagLimits,
  kmsKeyLimits,
  kmsKeyPolicySize,
  kmsAliasName,
  kmsKeyAdmitsManagedFlink,
  kmsKeyAdmitsCloudWatchLogs,
  kmsKeyAdmitsS3Notifications,
  kmsKeyAdmitsCloudWatchAlarms,
  kmsKeyAdmitsLogDelivery,
  iamRoleLimits,
  iamRolePolicyName,
  iamInlinePolicySize,
  s3BucketName,
  s3BucketPolicySize,
  s3LifecycleRules,
  s3ObjectLimits,
  s3AccessLogTargetEncryption,
  sqsQueueAttributes,
  snsTopicAttributes,
  snsSubscriptionProtocol,
  lambdaFunctionLimits,
  lambdaFunctionConfiguration,
  lambdaRuntimeCreatable,
  lambdaEventSourceMappingLimits,
  lambdaSqsVisibilityTimeout,
  lambdaKafkaConsumerGroupUnique,
  logGroupRetentionValue,
  logGroupName,
  logStreamName,
  logAccountResourcePolicy,
  metricAlarmLimits,
  kinesisStreamLimits,
  firehoseBufferingLimits,
  firehoseDeliveryStreamConfiguration,
  firehoseRedshiftPubliclyAccessible,
  flinkApplicationLimits,
  mskClusterLimits,
  mskServerlessClusterLimits,
  mskConfigurationName,
  glueJobLimits,
  glueTriggerLimits,
  glueCrawlerLimits,
  glueCatalogNames,
  dynamodbTableLimits,
  opensearchDomainName,
  opensearchClusterTopology,
  opensearchEbsVolumeSize,
  opensearchTagLimit,
  opensearchFineGrainedAccessPrerequisites,
  cognitoUserPoolDomain,
  cognitoPoolNames,
  redshiftServerlessWorkgroupLimits,
  redshiftServerlessNamespaceLimits,
  redshiftTagCharacters,
  securityGroupLimits,
  securityGroupRulePorts,
];
