import { describe, expect, it } from "vitest";
import { runResourcePolicy } from "../../policies/offline/run-policy";
import { glueJobVersion } from "../../policies/rules/glue";
import { firehoseS3DestinationEncrypted, firehoseServerSideEncryption, KINESIS_SOURCE_REASON } from "../../policies/rules/firehose";
import { flinkApplicationEncrypted } from "../../policies/rules/flink";
import { kinesisStreamEncrypted } from "../../policies/rules/kinesis";
import { kmsKeyRotation } from "../../policies/rules/kms";
import { lambdaEnvironmentEncrypted } from "../../policies/rules/lambda";
import { logGroupRetention } from "../../policies/rules/cloudwatch-logs";
import { opensearchRestrictedAccess } from "../../policies/rules/opensearch";
import { sqsQueueEncrypted } from "../../policies/rules/sqs";
import { requiredTags } from "../../policies/rules/tagging";
import { KEY_ARN, resource, TAGS, UNKNOWN } from "./policy-harness";

const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const STREAM_ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/changes";
const s3 = (kmsKeyArn?: string) => ({ bucketArn: "arn:aws:s3:::backup", roleArn: "arn:aws:iam::000000000000:role/r", ...(kmsKeyArn ? { kmsKeyArn } : {}) });

describe("Firehose with a Kinesis source", () => {
  const fromKinesis = { destination: "extended_s3", kinesisSourceConfiguration: { kinesisStreamArn: STREAM_ARN, roleArn: "arn:aws:iam::000000000000:role/r" }, extendedS3Configuration: s3(KEY_ARN), tags: TAGS };

  it("is not applicable for server-side encryption, with the reason", async () => {
    const outcome = await runResourcePolicy(firehoseServerSideEncryption, resource(FIREHOSE, fromKinesis));
    expect(outcome).toEqual({ violations: [], exemptions: [], notApplicable: KINESIS_SOURCE_REASON });
  });

  it("still needs kmsKeyArn on its S3 destination", async () => {
    expect((await runResourcePolicy(firehoseS3DestinationEncrypted, resource(FIREHOSE, fromKinesis))).violations).toEqual([]);
    const unencrypted = { ...fromKinesis, extendedS3Configuration: s3() };
    expect((await runResourcePolicy(firehoseS3DestinationEncrypted, resource(FIREHOSE, unencrypted))).violations).toEqual([
      { message: "Delivery stream subject writes to S3 without kmsKeyArn at extendedS3Configuration." },
    ]);
  });
});

describe("firehose-s3-destination-encrypted", () => {
  it("checks the staging and backup buckets of other destinations", async () => {
    const redshift = { destination: "redshift", redshiftConfiguration: { s3Configuration: s3(KEY_ARN), s3BackupConfiguration: s3() }, tags: TAGS };
    const outcome = await runResourcePolicy(firehoseS3DestinationEncrypted, resource(FIREHOSE, redshift));
    expect(outcome.violations.map((v) => v.message)).toEqual(["Delivery stream subject writes to S3 without kmsKeyArn at redshiftConfiguration.s3BackupConfiguration."]);
  });

  it("is not applicable to a stream with no S3 destination", async () => {
    const outcome = await runResourcePolicy(firehoseS3DestinationEncrypted, resource(FIREHOSE, { destination: "http_endpoint", httpEndpointConfiguration: { url: "https://x" } }));
    expect(outcome.notApplicable).toBe("the delivery stream writes to no S3 destination");
  });
});

describe("configurable policies", () => {
  it("kinesis-stream-encrypted accepts the AWS-managed key when CMKs are not required", async () => {
    const stream = resource("aws:kinesis/stream:Stream", { encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
    expect((await runResourcePolicy(kinesisStreamEncrypted, stream, { requireCustomerManagedKey: true })).violations).toHaveLength(1);
    expect((await runResourcePolicy(kinesisStreamEncrypted, stream, { requireCustomerManagedKey: false })).violations).toEqual([]);
  });

  it("flink-application-encrypted is not applicable when CMKs are not required", async () => {
    const app = resource("aws:kinesisanalyticsv2/application:Application", { applicationConfiguration: { applicationEncryptionConfiguration: { keyType: "AWS_OWNED_KEY" } } });
    expect((await runResourcePolicy(flinkApplicationEncrypted, app, { requireCustomerManagedKey: false })).notApplicable).toMatch(/not required/);
  });

  it("log-group-retention takes a minimum, and never-expiring groups pass", async () => {
    const group = (retentionInDays?: number) => resource("aws:cloudwatch/logGroup:LogGroup", { kmsKeyId: KEY_ARN, ...(retentionInDays === undefined ? {} : { retentionInDays }) });
    expect((await runResourcePolicy(logGroupRetention, group(365), { minimumDays: 731 })).violations).toEqual([{ message: "Log group subject keeps logs 365 days; keep them at least 731." }]);
    expect((await runResourcePolicy(logGroupRetention, group(0))).violations).toEqual([]);
    expect((await runResourcePolicy(logGroupRetention, group())).violations).toEqual([]);
  });

  it("glue-job-version takes minimum versions", async () => {
    const job = resource("aws:glue/job:Job", { command: { name: "glueetl" }, glueVersion: "4.0" });
    expect((await runResourcePolicy(glueJobVersion, job, { minimumVersion: "5.0" })).violations).toEqual([{ message: "Glue job subject runs on Glue 4.0; use 5.0 or later." }]);
  });

  it("required-tags takes the required keys and the allowed environments", async () => {
    const queue = resource("aws:sqs/queue:Queue", { tags: { ...TAGS, environment: "sandbox" } });
    const config = { requiredKeys: ["owner", "data-classification"], allowedEnvironments: ["sandbox"] };
    expect((await runResourcePolicy(requiredTags, queue, config)).violations).toEqual([{ message: "Queue subject is missing required tag data-classification on its own tags." }]);
  });
});

describe("other documented cases", () => {
  it("kms-key-rotation is not applicable to asymmetric keys", async () => {
    const outcome = await runResourcePolicy(kmsKeyRotation, resource("aws:kms/key:Key", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }));
    expect(outcome.notApplicable).toBe("RSA_2048 keys cannot rotate automatically; only symmetric encryption keys can");
  });

  it("sqs-queue-encrypted accepts SQS-managed encryption", async () => {
    expect((await runResourcePolicy(sqsQueueEncrypted, resource("aws:sqs/queue:Queue", { sqsManagedSseEnabled: true }))).violations).toEqual([]);
  });

  it("lambda-environment-encrypted needs no key without environment variables", async () => {
    expect((await runResourcePolicy(lambdaEnvironmentEncrypted, resource("aws:lambda/function:Function", { runtime: "nodejs24.x" }))).violations).toEqual([]);
  });

  it("opensearch-restricted-access accepts an open policy inside a VPC", async () => {
    const domain = { vpcOptions: { subnetIds: ["subnet-a"] }, accessPolicies: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "es:*" }] }) };
    expect((await runResourcePolicy(opensearchRestrictedAccess, resource("aws:opensearch/domain:Domain", domain))).violations).toEqual([]);
  });

  it("required-tags is not applicable to components, with the reason", async () => {
    const outcome = await runResourcePolicy(requiredTags, resource("slipstream:building-blocks:SecureBucket", {}));
    expect(outcome.notApplicable).toBe("slipstream:building-blocks:SecureBucket is not an AWS resource that takes tags");
  });

  it("an unknown value stops only its own check", async () => {
    const stream = resource("aws:kinesis/stream:Stream", { encryptionType: UNKNOWN, tags: TAGS });
    expect((await runResourcePolicy(kinesisStreamEncrypted, stream)).violations).toEqual([]);
    const unencrypted = resource("aws:kinesis/stream:Stream", { encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis", retentionPeriod: UNKNOWN });
    expect((await runResourcePolicy(kinesisStreamEncrypted, unencrypted, { requireCustomerManagedKey: true })).violations).toHaveLength(1);
  });
});
