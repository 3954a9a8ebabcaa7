import { describe, expect, it } from "vitest";
import { catalogue, exampleRequest } from "../../blueprints/catalogue";
import { slipstreamPolicies } from "../../policies/all-policies";
import { evaluatePolicies } from "../../policies/offline/evaluate";
import { PLAN_UNKNOWN, resourcesFromPlan } from "../../policies/offline/from-plan";
import { parseResources, ResourcesFileError } from "../../policies/offline/load-resources";
import { KINESIS_SOURCE_REASON } from "../../policies/rules/firehose";
import { ACCESS_LOG_BUCKET_REASON } from "../../policies/rules/s3";
import { renderPlan } from "../../programs/offline-plan/render-plan";
import { KEY_ARN, TAGS, UNKNOWN } from "./policy-harness";

// Rendering runs Pulumi's process-global mock runtime: one plan at a time, in this file's process.
describe("blueprint examples", () => {
  it.each([...catalogue.keys()])("%s passes every mandatory policy", async (id) => {
    const report = await evaluatePolicies(resourcesFromPlan(await renderPlan(id, exampleRequest(id))));
    expect(report.violations).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.evaluated.resources).toBeGreaterThan(10);
    for (const n of report.notApplicable) expect(n.reason, n.policy).not.toMatch(/^not checked/);
  });

  it("access-log-analytics: the access-log bucket alone is exempt from KMS, with the reason", async () => {
    const report = await evaluatePolicies(resourcesFromPlan(await renderPlan("access-log-analytics", exampleRequest("access-log-analytics"))));
    expect(report.notApplicable.filter((n) => n.policy === "s3-bucket-encrypted-with-kms")).toEqual([
      { policy: "s3-bucket-encrypted-with-kms", resource: { type: "aws:s3/bucket:Bucket", name: "example-access-logs" }, reason: ACCESS_LOG_BUCKET_REASON },
    ]);
  });

  it("dynamodb-search with a Kinesis backup: Firehose SSE is not applicable, with the reason", async () => {
    const request = { ...(exampleRequest("dynamodb-search") as object), params: { changeCapture: "kinesis", backup: { enabled: true } } };
    const report = await evaluatePolicies(resourcesFromPlan(await renderPlan("dynamodb-search", request)));
    expect(report.passed).toBe(true);
    const firehose = report.notApplicable.filter((n) => n.resource?.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
    expect(firehose).toEqual([{ policy: "firehose-server-side-encryption", resource: { type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", name: expect.any(String) }, reason: KINESIS_SOURCE_REASON }]);
  });
});

describe("evaluatePolicies", () => {
  const stream = (props: Record<string, unknown>, name = "clicks") => ({ type: "aws:kinesis/stream:Stream", name, props: { shardCount: 1, tags: TAGS, ...props } });

  it("reports a violation with its policy, category, level, controls, resource and message", async () => {
    const report = await evaluatePolicies(parseResources([stream({ encryptionType: "NONE" })]));
    expect(report.passed).toBe(false);
    expect(report.violations).toEqual([
      {
        policy: "kinesis-stream-encrypted",
        category: "security",
        enforcementLevel: "mandatory",
        controls: ["Kinesis.1", "CKV_AWS_43", "CKV_AWS_185"],
        resource: { type: "aws:kinesis/stream:Stream", name: "clicks" },
        message: 'Stream clicks has encryptionType "NONE"; it must be "KMS".',
      },
    ]);
    expect(report.evaluated).toEqual({ resources: 1, policies: slipstreamPolicies.length });
  });

  it("reports a deployability violation with its field and the AWS document it comes from", async () => {
    const report = await evaluatePolicies(parseResources([stream({ encryptionType: "KMS", kmsKeyId: KEY_ARN, retentionPeriod: 9000 })]));
    expect(report.violations).toEqual([
      {
        policy: "kinesis-stream-limits",
        category: "deployability",
        enforcementLevel: "mandatory",
        controls: [],
        resource: { type: "aws:kinesis/stream:Stream", name: "clicks" },
        field: "retentionPeriod",
        message: "9000 hours is outside AWS's range of 24 to 8760 hours.",
        document: "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html",
      },
    ]);
  });

  it("labels the tagging controls with their category", async () => {
    const report = await evaluatePolicies(parseResources([stream({ encryptionType: "KMS", kmsKeyId: KEY_ARN, tags: { owner: "o", environment: "dev" } })]));
    expect(report.violations).toEqual([expect.objectContaining({ policy: "required-tags", category: "tagging", message: expect.stringContaining("cost-center") })]);
    expect(report.violations[0]).not.toHaveProperty("field");
    expect(report.violations[0]).not.toHaveProperty("document");
  });

  it("passes with advisory violations only, and skips disabled policies", async () => {
    const resources = parseResources([stream({ encryptionType: "NONE" })]);
    const advisory = await evaluatePolicies(resources, { config: { "kinesis-stream-encrypted": "advisory" } });
    expect(advisory.passed).toBe(true);
    expect(advisory.violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    const disabled = await evaluatePolicies(resources, { config: { "kinesis-stream-encrypted": { enforcementLevel: "disabled" } } });
    expect(disabled.violations).toEqual([]);
    expect(disabled.evaluated.policies).toBe(slipstreamPolicies.length - 1);
  });

  it("treats a plan's unknown values as unknown", async () => {
    const plan = {
      resources: [{ type: "aws:kinesis/stream:Stream", name: "s", urn: "urn:s", parent: null, inputs: { encryptionType: PLAN_UNKNOWN, shardCount: 1, tags: TAGS }, dependencies: [], propertyDependencies: {} }],
    };
    expect(resourcesFromPlan(plan)[0]!.props.encryptionType).toBe(UNKNOWN);
    expect((await evaluatePolicies(resourcesFromPlan(plan))).passed).toBe(true);
  });
});

describe("parseResources", () => {
  it("relates a bucket's configurations by the bucket's name or resource name", async () => {
    const resources = parseResources([
      { type: "aws:s3/bucket:Bucket", name: "lake", props: { bucket: "acme-lake", tags: TAGS } },
      { type: "aws:s3/bucket:Bucket", name: "logs", props: { tags: TAGS } },
      { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "lake-sse", props: { bucket: "acme-lake", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } }] } },
      { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "logs-sse", props: { bucket: "logs", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } },
      { type: "aws:s3/bucketLogging:BucketLogging", name: "lake-logging", props: { bucket: "acme-lake", targetBucket: "logs" } },
    ]);
    expect(resources[2]!.propertyDependencies).toEqual({ bucket: [resources[0]!.urn] });
    expect(resources[4]!.propertyDependencies).toEqual({ bucket: [resources[0]!.urn], targetBucket: [resources[1]!.urn] });
    const report = await evaluatePolicies(resources);
    expect(report.violations.filter((v) => v.policy === "s3-bucket-encrypted-with-kms")).toEqual([]);
    expect(report.notApplicable).toContainEqual({ policy: "s3-bucket-encrypted-with-kms", resource: { type: "aws:s3/bucket:Bucket", name: "logs" }, reason: ACCESS_LOG_BUCKET_REASON });
  });

  it("reads `pulumi preview --json`: new states, unknowns and secrets", async () => {
    const urn = "urn:pulumi:dev::lake::aws:kinesis/stream:Stream::clicks";
    const preview = {
      steps: [
        { op: "create", urn, newState: { type: "aws:kinesis/stream:Stream", urn, custom: true, inputs: { encryptionType: "KMS", kmsKeyId: UNKNOWN, shardCount: 1, tags: { ...TAGS, owner: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "x" } } } } },
        { op: "delete", urn: "urn:pulumi:dev::lake::aws:sqs/queue:Queue::old", oldState: { type: "aws:sqs/queue:Queue" } },
      ],
      changeSummary: { create: 1, delete: 1 },
    };
    const resources = parseResources(preview);
    expect(resources).toEqual([expect.objectContaining({ type: "aws:kinesis/stream:Stream", name: "clicks", urn, props: { encryptionType: "KMS", kmsKeyId: UNKNOWN, shardCount: 1, tags: { ...TAGS, owner: "[secret]" } } })]);
    expect((await evaluatePolicies(resources)).passed).toBe(true);
  });

  it.each([
    [{ resource: [] }, "expected one of:"],
    [[{ name: "x", props: {} }], 'resource [0]: "type" must be a Pulumi type token'],
    [[{ type: "aws:sqs/queue:Queue", name: "q", props: [] }], 'resource [0] (aws:sqs/queue:Queue q): "props" must be an object'],
    [[{ type: "aws:sqs/queue:Queue", name: "q", props: {} }, { type: "aws:sqs/queue:Queue", name: "q", props: {} }], "two resources share the urn"],
  ])("refuses %j", (document, message) => {
    expect(() => parseResources(document)).toThrow(ResourcesFileError);
    expect(() => parseResources(document)).toThrow(message);
  });
});
