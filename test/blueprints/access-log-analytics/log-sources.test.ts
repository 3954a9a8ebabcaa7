import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../policies/offline/evaluate";
import { resourcesFromPlan } from "../../../policies/offline/from-plan";
import { renderPlan, type Plan } from "../../../programs/offline-plan/render-plan";
import { exampleOf } from "../../support/blueprint-requests";
import { inputs, ofType, one, statementsOf, wiredTo } from "../../support/plan-queries";
import { expectCatalogueDefaults, expectLeastPrivilege, expectTagged } from "../../support/secure-defaults";

// Where logs land (deploy-review B6 and M7): a bucket the deployment creates admits exactly the
// AWS service that produces the chosen log format; a caller's bucket is read through EventBridge
// and its notification configuration never written.

const BLUEPRINT = "access-log-analytics";
const { example, withParams } = exampleOf(BLUEPRINT);
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const KEY = "aws:kms/key:Key";
const ACCOUNT = "000000000000";

const render = (params: Record<string, unknown>, name = "edge", region?: string) => renderPlan(BLUEPRINT, withParams(params), { name, ...(region ? { region } : {}) });
const logBucketPolicy = (plan: Plan) => statementsOf(one(plan, BUCKET_POLICY, `${plan.deployment}-logs-policy`));
const logBucketSse = (plan: Plan) => inputs(one(plan, ENCRYPTION, `${plan.deployment}-logs-encryption`)).rules[0];
const keyStatement = (plan: Plan, sid: string) => statementsOf(one(plan, KEY)).find((s) => s.Sid === sid);
const policyViolations = async (plan: Plan) => (await evaluatePolicies(resourcesFromPlan(plan))).violations;

describe("a log bucket each producer can deliver into (B6)", () => {
  it("ALB: SSE-S3, the only encryption ALB delivers into, and a grant to Elastic Load Balancing under AWSLogs/<account>/", async () => {
    const plan = await render({ logFormat: "alb", source: { prefix: "alb/", suffix: ".log.gz" } });
    expect(logBucketSse(plan)).toEqual({ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } });
    const objects = `arn:aws:s3:::edge-logs/alb/AWSLogs/${ACCOUNT}/*`;
    expect(logBucketPolicy(plan)).toContainEqual({ Sid: "ElbLogDelivery", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: ["s3:PutObject"], Resource: [objects] });
    // us-east-1 predates August 2022: its ELB account is named as well.
    expect(logBucketPolicy(plan)).toContainEqual({ Sid: "ElbRegionalLogDelivery", Effect: "Allow", Principal: { AWS: "arn:aws:iam::127311923021:root" }, Action: ["s3:PutObject"], Resource: [objects] });
    expect(keyStatement(plan, "LogDeliveryEncrypts")).toBeUndefined();
    // Everything else stays KMS-encrypted.
    for (const sse of ofType(plan, ENCRYPTION).filter((r) => !r.name.endsWith("-logs-encryption") && !r.name.endsWith("-access-logs-encryption"))) {
      expect(inputs(sse).rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, sse.name).toBe("aws:kms");
    }
    expectTagged(plan, example.tags);
    expectLeastPrivilege(plan);
    // The ALB bucket is the pack's documented second SSE-S3 exception, recognised by its ELB grant.
    expect(await policyViolations(plan)).toEqual([]);
  });

  it("ALB: the Region's ELB account follows the Region", async () => {
    const plan = await render({ logFormat: "alb" }, "edge", "eu-west-1");
    expect(logBucketPolicy(plan)).toContainEqual(expect.objectContaining({ Sid: "ElbRegionalLogDelivery", Principal: { AWS: "arn:aws:iam::156460612806:root" } }));
  });

  it("VPC Flow Logs: delivery.logs may write (bucket-owner-full-control) and check the ACL for this account's logs, and use the key", async () => {
    const plan = await render({ logFormat: "vpc-flow", source: { prefix: "flows/" } });
    expect(logBucketSse(plan)).toMatchObject({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true });
    const confined = { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:logs:*:${ACCOUNT}:*` } };
    expect(logBucketPolicy(plan)).toContainEqual({
      Sid: "AWSLogDeliveryWrite",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["s3:PutObject"],
      Resource: [`arn:aws:s3:::edge-logs/flows/AWSLogs/${ACCOUNT}/*`],
      Condition: { ...confined, StringEquals: { "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control" } },
    });
    expect(logBucketPolicy(plan)).toContainEqual({
      Sid: "AWSLogDeliveryAclCheck",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: ["arn:aws:s3:::edge-logs"],
      Condition: confined,
    });
    expect(keyStatement(plan, "LogDeliveryEncrypts")).toEqual({
      Sid: "LogDeliveryEncrypts",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: ["*"],
      Condition: confined,
    });
    expect(ofType(plan, OWNERSHIP)).toHaveLength(0);
    expectCatalogueDefaults(plan, example.tags);
    expect(await policyViolations(plan)).toEqual([]);
  });

  it("CloudFront v2 (the default): delivery.logs under the notification prefix, ACLs off", async () => {
    const plan = await render({});
    expect(logBucketPolicy(plan)).toContainEqual(expect.objectContaining({ Sid: "AWSLogDeliveryWrite", Resource: ["arn:aws:s3:::edge-logs/cloudfront/*"] }));
    expect(keyStatement(plan, "LogDeliveryEncrypts")).toBeDefined();
    expect(ofType(plan, OWNERSHIP)).toHaveLength(0);
  });

  it("CloudFront legacy: ACLs enabled (BucketOwnerPreferred) for CloudFront's own grant, no policy grant, the key open to log delivery", async () => {
    const plan = await render({ source: { prefix: "cf/", cloudFrontLogging: "legacy" } });
    const ownership = one(plan, OWNERSHIP);
    expect(inputs(ownership).rule).toEqual({ objectOwnership: "BucketOwnerPreferred" });
    expect(wiredTo(ownership, "bucket", one(plan, "aws:s3/bucket:Bucket", "edge-logs"))).toBe(true);
    expect(logBucketPolicy(plan).map((s) => s.Sid)).toEqual(["DenyInsecureTransport"]);
    expect(keyStatement(plan, "LogDeliveryEncrypts")).toBeDefined();
    // The public-access block still refuses any public grant.
    expect(inputs(one(plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "edge-logs-public-access"))).toMatchObject({ blockPublicAcls: true, ignorePublicAcls: true });
    expectCatalogueDefaults(plan, example.tags);
    expect(await policyViolations(plan)).toEqual([]);
  });

  it("JSON lines: applications write with their own credentials; no service grant, no key grant", async () => {
    const plan = await render({ logFormat: "json-lines" });
    expect(logBucketPolicy(plan).map((s) => s.Sid)).toEqual(["DenyInsecureTransport"]);
    expect(keyStatement(plan, "LogDeliveryEncrypts")).toBeUndefined();
  });
});

describe("a caller's bucket through EventBridge (M7)", () => {
  it("adds a rule for its Object Created events with the queue as target; writes no notification configuration", async () => {
    const plan = await render({ logFormat: "alb", source: { existing: { bucketName: "corp-alb-logs" }, prefix: "prod/", suffix: ".log.gz" } }, "corp");
    expect(ofType(plan, NOTIFICATION)).toHaveLength(0);
    expect(ofType(plan, "aws:s3/bucket:Bucket").map((b) => b.name).sort()).toEqual(["corp-access-logs", "corp-archive"]);
    const rule = one(plan, "aws:cloudwatch/eventRule:EventRule", "object-created-rule");
    expect(JSON.parse(inputs(rule).eventPattern)).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["corp-alb-logs"] }, object: { key: [{ wildcard: "prod/*.log.gz" }] } },
    });
    const queue = one(plan, "aws:sqs/queue:Queue", "object-events");
    const target = one(plan, "aws:cloudwatch/eventTarget:EventTarget");
    expect(wiredTo(target, "rule", rule)).toBe(true);
    expect(wiredTo(target, "arn", queue)).toBe(true);
    const queuePolicy = one(plan, "aws:sqs/queuePolicy:QueuePolicy", "object-events-policy");
    expect(target.dependencies).toContain(queuePolicy.urn);
    expect(statementsOf(queuePolicy)).toContainEqual({
      Sid: "EventBridgeSendsObjectEvents",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["sqs:SendMessage"],
      Resource: [inputs(queue).arn ?? expect.stringContaining("object-events")],
      Condition: { ArnEquals: { "aws:SourceArn": expect.stringContaining("object-created-rule") } },
    });
    expect(statementsOf(queuePolicy).map((s) => s.Sid)).not.toContain("S3SendsObjectEvents");
    // EventBridge encrypts into the queue with the deployment key; no log-delivery grant for a bucket it does not own.
    expect(keyStatement(plan, "ServicesPublishEncrypted")?.Principal).toEqual({ Service: ["s3.amazonaws.com", "cloudwatch.amazonaws.com", "events.amazonaws.com"] });
    expect(keyStatement(plan, "LogDeliveryEncrypts")).toBeUndefined();
    expectCatalogueDefaults(plan, example.tags);
    expect(await policyViolations(plan)).toEqual([]);
  });

  it("a bucket the deployment creates keeps its direct S3 notification and no EventBridge rule", async () => {
    const plan = await render({ source: { prefix: "" } });
    expect(ofType(plan, "aws:cloudwatch/eventRule:EventRule")).toHaveLength(0);
    expect(inputs(one(plan, NOTIFICATION)).queues).toEqual([expect.not.objectContaining({ filterPrefix: expect.anything() })]);
    expect(JSON.stringify(statementsOf(one(plan, KEY)))).not.toContain("events.amazonaws.com");
  });
});
