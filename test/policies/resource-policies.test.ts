import { describe, expect, it } from "vitest";
import { slipstreamPolicies } from "../../policies/all-policies";
import type { SlipstreamResourcePolicy } from "../../policies/lib/slipstream-policy";
import { runResourcePolicy } from "../../policies/offline/run-policy";
import { OPENSEARCH_TLS_POLICY } from "../../policies/rules/opensearch";
import { KEY_ARN, resource, TAGS, UNKNOWN, withValue } from "./policy-harness";

type Props = Record<string, unknown>;

interface PolicyCase {
  type: string;
  /** A resource that complies. */
  compliant: Props;
  /** One field changed to a non-compliant value, and the message the policy then reports. */
  violations: [path: string, value: unknown, message: string][];
  /** Fields whose unknown value must not fail. */
  unknown: string[];
}

const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const DIRECT_PUT_FIREHOSE: Props = {
  destination: "extended_s3",
  serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY_ARN },
  extendedS3Configuration: { bucketArn: "arn:aws:s3:::lake", roleArn: "arn:aws:iam::000000000000:role/r", kmsKeyArn: KEY_ARN },
  tags: TAGS,
};
const DOMAIN = "aws:opensearch/domain:Domain";
const ROLE = "arn:aws:iam::000000000000:role/indexer";
const COMPLIANT_DOMAIN: Props = {
  domainName: "search",
  encryptAtRest: { enabled: true, kmsKeyId: KEY_ARN },
  nodeToNodeEncryption: { enabled: true },
  domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: OPENSEARCH_TLS_POLICY },
  advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: ROLE } },
  logPublishingOptions: [{ logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:errors", enabled: true }],
  accessPolicies: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: [ROLE] }, Action: ["es:ESHttpGet"], Resource: ["arn:aws:es:us-east-1:000000000000:domain/search/*"] }] }),
  tags: TAGS,
};
const MSK = "aws:msk/cluster:Cluster";
const COMPLIANT_MSK: Props = {
  kafkaVersion: "3.6.0",
  encryptionInfo: { encryptionAtRestKmsKeyArn: KEY_ARN, encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
  clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
  enhancedMonitoring: "PER_TOPIC_PER_BROKER",
  loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: "broker-logs" } } },
  tags: TAGS,
};
const GLUE_JOB = "aws:glue/job:Job";
const COMPLIANT_JOB: Props = { command: { name: "glueetl", scriptLocation: "s3://code/etl.py" }, glueVersion: "3.0", securityConfiguration: "lake-security", tags: TAGS };
const TABLE = "aws:dynamodb/table:Table";
const COMPLIANT_TABLE: Props = { serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN }, pointInTimeRecovery: { enabled: true }, tags: TAGS };
const FUNCTION = "aws:lambda/function:Function";
const COMPLIANT_FUNCTION: Props = {
  runtime: "nodejs24.x",
  kmsKeyArn: KEY_ARN,
  tracingConfig: { mode: "Active" },
  environment: { variables: { INDEX_NAME: "items", SECRET_ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:db", API_TOKEN_PARAMETER: "/app/token" } },
  tags: TAGS,
};
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const REDSHIFT = "aws:redshift/cluster:Cluster";
const COMPLIANT_REDSHIFT: Props = { encrypted: true, kmsKeyId: KEY_ARN, publiclyAccessible: false, tags: TAGS };

const CASES: Record<string, PolicyCase> = {
  "kms-key-rotation": {
    type: "aws:kms/key:Key",
    compliant: { enableKeyRotation: true, deletionWindowInDays: 30, tags: TAGS },
    violations: [["enableKeyRotation", false, "Key subject does not enable automatic rotation."]],
    unknown: ["enableKeyRotation"],
  },
  "kinesis-stream-encrypted": {
    type: "aws:kinesis/stream:Stream",
    compliant: { encryptionType: "KMS", kmsKeyId: KEY_ARN, retentionPeriod: 168, shardCount: 1, tags: TAGS },
    violations: [
      ["encryptionType", "NONE", 'Stream subject has encryptionType "NONE"; it must be "KMS".'],
      ["kmsKeyId", undefined, "Stream subject uses KMS without a key: set kmsKeyId."],
      ["kmsKeyId", "alias/aws/kinesis", "uses the AWS-managed key alias/aws/kinesis"],
    ],
    unknown: ["encryptionType", "kmsKeyId"],
  },
  "firehose-server-side-encryption": {
    type: FIREHOSE,
    compliant: DIRECT_PUT_FIREHOSE,
    violations: [
      ["serverSideEncryption.enabled", false, "Delivery stream subject does not enable server-side encryption."],
      ["serverSideEncryption.keyType", "AWS_OWNED_CMK", "encrypts with an AWS-owned key"],
      ["serverSideEncryption.keyArn", undefined, "names no keyArn"],
    ],
    unknown: ["serverSideEncryption", "serverSideEncryption.keyArn", "kinesisSourceConfiguration"],
  },
  "firehose-s3-destination-encrypted": {
    type: FIREHOSE,
    compliant: DIRECT_PUT_FIREHOSE,
    violations: [["extendedS3Configuration.kmsKeyArn", undefined, "Delivery stream subject writes to S3 without kmsKeyArn at extendedS3Configuration."]],
    unknown: ["extendedS3Configuration.kmsKeyArn", "extendedS3Configuration"],
  },
  "msk-cluster-encrypted": {
    type: MSK,
    compliant: COMPLIANT_MSK,
    violations: [
      ["encryptionInfo.encryptionAtRestKmsKeyArn", undefined, "sets no encryptionInfo.encryptionAtRestKmsKeyArn"],
      ["encryptionInfo.encryptionInTransit.clientBroker", "TLS_PLAINTEXT", 'allows plaintext between clients and brokers (clientBroker "TLS_PLAINTEXT")'],
      ["encryptionInfo.encryptionInTransit.inCluster", false, "disables TLS between brokers"],
    ],
    unknown: ["encryptionInfo.encryptionAtRestKmsKeyArn", "encryptionInfo.encryptionInTransit.clientBroker", "encryptionInfo"],
  },
  "msk-cluster-access-and-monitoring": {
    type: MSK,
    compliant: COMPLIANT_MSK,
    violations: [
      ["clientAuthentication.unauthenticated", true, "MSK cluster subject allows unauthenticated clients."],
      ["enhancedMonitoring", "DEFAULT", 'enhancedMonitoring "DEFAULT"; use one of PER_TOPIC_PER_BROKER, PER_TOPIC_PER_PARTITION'],
      ["loggingInfo.brokerLogs.cloudwatchLogs.enabled", false, "publishes no broker logs"],
    ],
    unknown: ["clientAuthentication.unauthenticated", "enhancedMonitoring", "loggingInfo"],
  },
  "glue-job-security-configuration": {
    type: GLUE_JOB,
    compliant: COMPLIANT_JOB,
    violations: [["securityConfiguration", undefined, "Glue job subject runs without a securityConfiguration."]],
    unknown: ["securityConfiguration"],
  },
  "glue-security-configuration-encrypted": {
    type: "aws:glue/securityConfiguration:SecurityConfiguration",
    compliant: {
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY_ARN },
        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY_ARN },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY_ARN },
      },
    },
    violations: [
      ["encryptionConfiguration.s3Encryption.s3EncryptionMode", "SSE-S3", 's3Encryption.s3EncryptionMode "SSE-S3"; it must be "SSE-KMS"'],
      ["encryptionConfiguration.cloudwatchEncryption.cloudwatchEncryptionMode", "DISABLED", 'cloudwatchEncryption.cloudwatchEncryptionMode "DISABLED"'],
      ["encryptionConfiguration.jobBookmarksEncryption.jobBookmarksEncryptionMode", undefined, 'jobBookmarksEncryption.jobBookmarksEncryptionMode "DISABLED"; it must be "CSE-KMS"'],
    ],
    unknown: ["encryptionConfiguration.s3Encryption.s3EncryptionMode", "encryptionConfiguration"],
  },
  "glue-job-version": {
    type: GLUE_JOB,
    compliant: COMPLIANT_JOB,
    violations: [
      ["glueVersion", "2.0", "Glue job subject runs on Glue 2.0; use 3.0 or later."],
      ["glueVersion", undefined, "runs on Glue 0.9 (the default)"],
      ["command.name", "gluestreaming", "Glue streaming job subject runs on Glue 3.0; use 4.0 or later."],
    ],
    unknown: ["glueVersion", "command"],
  },
  "dynamodb-table-encrypted": {
    type: TABLE,
    compliant: COMPLIANT_TABLE,
    violations: [
      ["serverSideEncryption.enabled", false, "Table subject uses the AWS-owned key"],
      ["serverSideEncryption.kmsKeyArn", undefined, "enables serverSideEncryption without kmsKeyArn"],
    ],
    unknown: ["serverSideEncryption.kmsKeyArn", "serverSideEncryption"],
  },
  "dynamodb-point-in-time-recovery": {
    type: TABLE,
    compliant: COMPLIANT_TABLE,
    violations: [["pointInTimeRecovery.enabled", false, "Table subject does not enable point-in-time recovery."]],
    unknown: ["pointInTimeRecovery.enabled"],
  },
  "opensearch-encrypted-at-rest": {
    type: DOMAIN,
    compliant: COMPLIANT_DOMAIN,
    violations: [
      ["encryptAtRest.enabled", false, "Domain subject does not encrypt data at rest."],
      ["encryptAtRest.kmsKeyId", undefined, "encrypts at rest with the AWS-managed key"],
    ],
    unknown: ["encryptAtRest.kmsKeyId", "encryptAtRest"],
  },
  "opensearch-encrypted-in-transit": {
    type: DOMAIN,
    compliant: COMPLIANT_DOMAIN,
    violations: [
      ["nodeToNodeEncryption.enabled", false, "does not encrypt node-to-node traffic"],
      ["domainEndpointOptions.enforceHttps", false, "accepts plain HTTP"],
      ["domainEndpointOptions.tlsSecurityPolicy", "Policy-Min-TLS-1-0-2019-07", `uses TLS policy "Policy-Min-TLS-1-0-2019-07"; use ${OPENSEARCH_TLS_POLICY}`],
    ],
    unknown: ["nodeToNodeEncryption", "domainEndpointOptions.tlsSecurityPolicy"],
  },
  "opensearch-fine-grained-access-control": {
    type: DOMAIN,
    compliant: COMPLIANT_DOMAIN,
    violations: [["advancedSecurityOptions.enabled", false, "does not enable fine-grained access control"]],
    unknown: ["advancedSecurityOptions.enabled"],
  },
  "opensearch-error-logging": {
    type: DOMAIN,
    compliant: COMPLIANT_DOMAIN,
    violations: [
      ["logPublishingOptions", [], "does not publish ES_APPLICATION_LOGS"],
      ["logPublishingOptions", [{ logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: "arn:x", enabled: false }], "does not publish ES_APPLICATION_LOGS"],
    ],
    unknown: ["logPublishingOptions"],
  },
  "opensearch-restricted-access": {
    type: DOMAIN,
    compliant: COMPLIANT_DOMAIN,
    violations: [
      ["accessPolicies", JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:*", Resource: "*" }] }), 'allows any principal ("*") without a condition'],
      ["accessPolicies", undefined, "is outside a VPC and has no access policy"],
      ["accessPolicies", "{ not json", "has an access policy that is not valid JSON"],
    ],
    unknown: ["accessPolicies", "vpcOptions"],
  },
  "sqs-queue-encrypted": {
    type: "aws:sqs/queue:Queue",
    compliant: { kmsMasterKeyId: KEY_ARN, tags: TAGS },
    violations: [["kmsMasterKeyId", undefined, "Queue subject stores messages unencrypted"]],
    unknown: ["kmsMasterKeyId"],
  },
  "sns-topic-encrypted": {
    type: "aws:sns/topic:Topic",
    compliant: { kmsMasterKeyId: KEY_ARN, tags: TAGS },
    violations: [["kmsMasterKeyId", "", "Topic subject stores messages unencrypted: set kmsMasterKeyId."]],
    unknown: ["kmsMasterKeyId"],
  },
  "lambda-environment-encrypted": {
    type: FUNCTION,
    compliant: COMPLIANT_FUNCTION,
    violations: [["kmsKeyArn", undefined, "Function subject has environment variables but no kmsKeyArn."]],
    unknown: ["kmsKeyArn", "environment"],
  },
  "lambda-tracing-active": {
    type: FUNCTION,
    compliant: COMPLIANT_FUNCTION,
    violations: [
      ["tracingConfig.mode", "PassThrough", 'tracingConfig.mode "PassThrough"; it must be "Active"'],
      ["tracingConfig", undefined, 'tracingConfig.mode "PassThrough"'],
    ],
    unknown: ["tracingConfig.mode"],
  },
  "lambda-no-secrets-in-environment": {
    type: FUNCTION,
    compliant: COMPLIANT_FUNCTION,
    violations: [
      ["environment.variables.DB_PASSWORD", "hunter2", "environment variable DB_PASSWORD looks like a secret (its name announces a credential"],
      ["environment.variables.UPSTREAM", "AKIAABCDEFGHIJKLMNOP", "environment variable UPSTREAM looks like a secret (its value looks like an AWS access key id)"],
    ],
    unknown: ["environment.variables.DB_PASSWORD", "environment"],
  },
  "log-group-encrypted": {
    type: LOG_GROUP,
    compliant: { kmsKeyId: KEY_ARN, retentionInDays: 365, tags: TAGS },
    violations: [["kmsKeyId", undefined, "Log group subject sets no kmsKeyId."]],
    unknown: ["kmsKeyId"],
  },
  "log-group-retention": {
    type: LOG_GROUP,
    compliant: { kmsKeyId: KEY_ARN, retentionInDays: 365, tags: TAGS },
    violations: [["retentionInDays", 30, "Log group subject keeps logs 30 days; keep them at least 365."]],
    unknown: ["retentionInDays"],
  },
  "redshift-serverless-namespace-encrypted": {
    type: "aws:redshiftserverless/namespace:Namespace",
    compliant: { namespaceName: "warehouse", kmsKeyId: KEY_ARN, tags: TAGS },
    violations: [["kmsKeyId", undefined, "Namespace subject sets no kmsKeyId"]],
    unknown: ["kmsKeyId"],
  },
  "redshift-cluster-encrypted": {
    type: REDSHIFT,
    compliant: COMPLIANT_REDSHIFT,
    violations: [
      ["encrypted", false, "Cluster subject disables encryption at rest."],
      ["kmsKeyId", undefined, "Cluster subject sets no kmsKeyId"],
    ],
    unknown: ["encrypted", "kmsKeyId"],
  },
  "redshift-cluster-not-public": {
    type: REDSHIFT,
    compliant: COMPLIANT_REDSHIFT,
    violations: [["publiclyAccessible", true, "Cluster subject is publicly accessible."]],
    unknown: ["publiclyAccessible"],
  },
  "flink-application-encrypted": {
    type: "aws:kinesisanalyticsv2/application:Application",
    compliant: { runtimeEnvironment: "FLINK-1_20", applicationConfiguration: { applicationEncryptionConfiguration: { keyType: "CUSTOMER_MANAGED_KEY", keyId: KEY_ARN } }, tags: TAGS },
    violations: [
      ["applicationConfiguration.applicationEncryptionConfiguration.keyType", "AWS_OWNED_KEY", "encrypts its state with an AWS-owned key"],
      ["applicationConfiguration.applicationEncryptionConfiguration.keyId", undefined, "names no keyId"],
    ],
    unknown: ["applicationConfiguration.applicationEncryptionConfiguration.keyType", "applicationConfiguration"],
  },
  "required-tags": {
    type: "aws:sqs/queue:Queue",
    compliant: { kmsMasterKeyId: KEY_ARN, tags: { ...TAGS, team: "extra tags are fine" } },
    violations: [
      ["tags.owner", undefined, "Queue subject is missing required tag owner on its own tags."],
      ["tags.cost-center", " ", "missing required tag cost-center"],
      ["tags", undefined, "is missing required tags owner, cost-center, environment"],
      ["tags.environment", "production", 'Queue subject has environment tag "production"; allowed: dev, staging, prod.'],
    ],
    unknown: ["tags", "tags.owner", "tags.environment"],
  },
};

// The deployability rules have cases of their own (deployability/).
const resourcePolicies = slipstreamPolicies.filter((p): p is SlipstreamResourcePolicy => "validateResource" in p && p.category !== "deployability");
// The pack's defaults, as the CLI resolves them, so the cases test the policies as configured.
const DEFAULT_CONFIG = (policy: SlipstreamResourcePolicy) =>
  Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {}).map(([key, schema]) => [key, (schema as { default?: unknown }).default]));

const check = (policy: SlipstreamResourcePolicy, type: string, props: Props, config = DEFAULT_CONFIG(policy)) => runResourcePolicy(policy, resource(type, props), config);

it("has a case for every resource policy of the pack", () => {
  expect(Object.keys(CASES).sort()).toEqual(resourcePolicies.map((p) => p.name).sort());
});

describe.each(resourcePolicies.map((p) => [p.name, p] as const))("%s", (name, policy) => {
  const c = CASES[name]!;

  it("passes a compliant resource", async () => {
    const outcome = await check(policy, c.type, c.compliant);
    expect(outcome).toEqual({ violations: [], exemptions: [] });
  });

  it.each(c.violations)("fails when %s is %j", async (path, value, message) => {
    const outcome = await check(policy, c.type, withValue(c.compliant, path, value));
    expect(outcome.violations.map((v) => v.message)).toEqual([expect.stringContaining(message)]);
    expect(outcome.notApplicable).toBeUndefined();
  });

  it.each(c.unknown)("does not fail while %s is unknown", async (path) => {
    // The non-compliant variants with the field unknown: still no violation, no error.
    const outcome = await check(policy, c.type, withValue(c.compliant, path, UNKNOWN));
    expect(outcome.violations).toEqual([]);
    // The policy handles the unknown itself (it would otherwise stop at the first one).
    expect(outcome.unknown).toBeUndefined();
  });

  it("is not applicable to a resource of another type", async () => {
    const outcome = await check(policy, "aws:iam/rolePolicy:RolePolicy", { role: "r", policy: "{}" });
    expect(outcome.violations).toEqual([]);
    expect(outcome.notApplicable).toMatch(/aws:iam\/rolePolicy:RolePolicy|only applies to resources of type/);
    expect(policy.appliesTo("aws:iam/rolePolicy:RolePolicy")).toBe(false);
    expect(policy.appliesTo(c.type)).toBe(true);
  });
});
