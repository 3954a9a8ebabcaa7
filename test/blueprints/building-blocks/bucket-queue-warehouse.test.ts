import { describe, expect, it } from "vitest";
import { accountContext } from "../../../blueprints/building-blocks/account";
import { SecureBucket } from "../../../blueprints/building-blocks/bucket";
import { queueEventSource, SQS_EVENT_SOURCE_DEFAULTS } from "../../../blueprints/building-blocks/event-source";
import { keyPolicyRequirements } from "../../../blueprints/building-blocks/kms-key";
import { SecureFunction } from "../../../blueprints/building-blocks/lambda-function";
import { consumerVisibilityTimeout, SecureQueue } from "../../../blueprints/building-blocks/queue";
import { ServerlessWarehouse } from "../../../blueprints/building-blocks/serverless-warehouse";
import { failsInHost, renderInHost, type Host } from "../../support/component-host";
import { inputs, ofType, one } from "../../support/plan-queries";

// The building blocks access-log-analytics changed: each new default or option with no props,
// an override, and each invalid combination with its message.

const TAGS = { owner: "o", "cost-center": "c", environment: "dev" };
const KEY = "arn:aws:kms:us-east-1:000000000000:key/k";

describe("SecureQueue's visibility timeout (m6)", () => {
  it("is six times the consumer's timeout plus its batching window", () => {
    expect(consumerVisibilityTimeout({ timeoutSeconds: 120, maximumBatchingWindowSeconds: 5 })).toBe(725);
    expect(consumerVisibilityTimeout({ timeoutSeconds: 900, maximumBatchingWindowSeconds: 300 })).toBe(5700);
  });
  it("refuses what SQS cannot hold (43,200 seconds at most)", () => {
    expect(() => consumerVisibilityTimeout({ timeoutSeconds: 7200, maximumBatchingWindowSeconds: 1 })).toThrow("exceeds SQS's maximum of 43200 s");
  });
  it("keeps SQS's 30-second default for a queue no Lambda function consumes", async () => {
    const resources = await renderInHost((host) => new SecureQueue("events", { kmsKeyArn: KEY, tags: TAGS }, { parent: host }));
    expect(inputs(one(resources, "aws:sqs/queue:Queue", "events")).visibilityTimeoutSeconds).toBe(30);
  });
  it("derives it from the consumer when one is named", async () => {
    const resources = await renderInHost((host) => new SecureQueue("events", { kmsKeyArn: KEY, tags: TAGS, consumer: { timeoutSeconds: 30, maximumBatchingWindowSeconds: 20 } }, { parent: host }));
    expect(inputs(one(resources, "aws:sqs/queue:Queue", "events")).visibilityTimeoutSeconds).toBe(200);
  });
});

describe("queueEventSource", () => {
  const fn = (host: Host) =>
    new SecureFunction("f", { entry: `${__dirname}/../../../blueprints/access-log-analytics/functions/log-forwarder/handler.ts`, description: "d", account: accountContext(host), kmsKeyArn: KEY, tags: TAGS, logRetentionDays: 365, statements: [] }, { parent: host });

  it("applies SQS_EVENT_SOURCE_DEFAULTS without props, and the caller's values over them", async () => {
    const defaults = await renderInHost((host) => queueEventSource("m", { function: fn(host), queueArn: "arn:aws:sqs:us-east-1:000000000000:q", tags: TAGS }, { parent: host }));
    expect(inputs(one(defaults, "aws:lambda/eventSourceMapping:EventSourceMapping"))).toMatchObject({ batchSize: SQS_EVENT_SOURCE_DEFAULTS.batchSize, maximumBatchingWindowInSeconds: SQS_EVENT_SOURCE_DEFAULTS.maximumBatchingWindowSeconds });
    const custom = await renderInHost((host) => queueEventSource("m", { function: fn(host), queueArn: "q", tags: TAGS, batchSize: 100, maximumBatchingWindowInSeconds: 1 }, { parent: host }));
    expect(inputs(one(custom, "aws:lambda/eventSourceMapping:EventSourceMapping"))).toMatchObject({ batchSize: 100, maximumBatchingWindowInSeconds: 1 });
  });
  it("refuses a batch over 10 without a batching window, as CreateEventSourceMapping does", async () => {
    await failsInHost((host) => queueEventSource("m", { function: fn(host), queueArn: "q", tags: TAGS, batchSize: 11, maximumBatchingWindowInSeconds: 0 }, { parent: host }), "a `batchSize` over 10 needs `maximumBatchingWindowInSeconds` of at least 1");
    await failsInHost((host) => queueEventSource("m", { function: fn(host), queueArn: "q", tags: TAGS, maximumBatchingWindowInSeconds: 301 }, { parent: host }), "`maximumBatchingWindowInSeconds` must be 0-300");
  });
});

describe("SecureBucket's encryption and ownership options", () => {
  it("is SSE-KMS with a bucket key and no ownership resource by default", async () => {
    const resources = await renderInHost((host) => new SecureBucket("b", { purpose: "data", kmsKeyArn: KEY, tags: TAGS, forceDestroy: true }, { parent: host }));
    expect(inputs(one(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")).rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true },
    ]);
    expect(ofType(resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")).toHaveLength(0);
  });
  it("uses SSE-S3 for a stated exception, and enables ACLs when asked", async () => {
    const resources = await renderInHost(
      (host) => new SecureBucket("b", { purpose: "data", sseS3: { reason: "ALB access logs" }, objectOwnership: "BucketOwnerPreferred", tags: TAGS, forceDestroy: true }, { parent: host }),
    );
    expect(inputs(one(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")).rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(inputs(one(resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")).rule).toEqual({ objectOwnership: "BucketOwnerPreferred" });
  });
  it("refuses SSE-S3 without a reason, or with a key", async () => {
    await failsInHost((host) => new SecureBucket("b", { purpose: "data", sseS3: { reason: " " }, tags: TAGS, forceDestroy: true }, { parent: host }), "`sseS3` is for data buckets without `kmsKeyArn`, with a `reason`");
    await failsInHost((host) => new SecureBucket("b", { purpose: "data", sseS3: { reason: "r" }, kmsKeyArn: KEY, tags: TAGS, forceDestroy: true }, { parent: host }), "`sseS3` is for data buckets without `kmsKeyArn`");
  });
  it("adds policy statements known only at deployment (an output list)", async () => {
    const { output } = await import("@pulumi/pulumi");
    const resources = await renderInHost(
      (host) =>
        new SecureBucket(
          "b",
          { purpose: "data", kmsKeyArn: KEY, tags: TAGS, forceDestroy: true, policyStatements: (arn) => output([{ Sid: "Late", Effect: "Allow" as const, Principal: { Service: "x.amazonaws.com" }, Action: ["s3:PutObject"], Resource: [arn] }]) },
          { parent: host },
        ),
    );
    expect(JSON.parse(inputs(one(resources, "aws:s3/bucketPolicy:BucketPolicy")).policy).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["DenyInsecureTransport", "Late"]);
  });
});

describe("ServerlessWarehouse's network and integrations", () => {
  const base = { deployment: "w", kmsKeyArn: KEY, tags: TAGS, database: "db", baseCapacity: 8, subnetIds: ["subnet-1", "subnet-2", "subnet-3"], securityGroupIds: ["sg-1"] };
  it("runs in the subnets and groups it is given, with no namespace policy unless integrations are admitted", async () => {
    const resources = await renderInHost((host) => new ServerlessWarehouse("w", base, { parent: host }));
    expect(inputs(one(resources, "aws:redshiftserverless/workgroup:Workgroup"))).toMatchObject({ subnetIds: base.subnetIds, securityGroupIds: ["sg-1"], publiclyAccessible: false });
    expect(ofType(resources, "aws:redshift/resourcePolicy:ResourcePolicy")).toHaveLength(0);
  });
  it("admits inbound integrations from exactly the named sources", async () => {
    const resources = await renderInHost((host) => new ServerlessWarehouse("w", { ...base, inboundIntegrations: { account: accountContext(host), sourceArns: ["arn:aws:s3:::archive"] } }, { parent: host }));
    const statements = JSON.parse(inputs(one(resources, "aws:redshift/resourcePolicy:ResourcePolicy")).policy).Statement;
    expect(statements[0]).toMatchObject({ Action: "redshift:AuthorizeInboundIntegration", Condition: { StringEquals: { "aws:SourceArn": ["arn:aws:s3:::archive"] } } });
    await failsInHost((host) => new ServerlessWarehouse("w", { ...base, inboundIntegrations: { account: accountContext(host), sourceArns: [] } }, { parent: host }), "must name at least one source");
  });
});

describe("the key policy requirements of the new services", () => {
  it("names EventBridge and AWS log delivery for a brought key", () => {
    const needs = keyPolicyRequirements(["sqs", "events", "delivery-logs"]);
    expect(needs).toContain("EventBridge (events.amazonaws.com) sending S3 events into encrypted queues");
    expect(needs).toContain("AWS log delivery (delivery.logs.amazonaws.com");
    // Both act as service principals, not through kms:ViaService.
    expect(needs).not.toMatch(/through [^;]*events/);
  });
});
