import { describe, expect, it } from "vitest";
import type { OfflineResource } from "../../policies/offline/offline-resource";
import { runStackPolicy } from "../../policies/offline/run-policy";
import { ACCESS_LOG_BUCKET_REASON, ALB_LOG_BUCKET_REASON, s3BucketEncryptedWithKms, s3BucketPublicAccessBlocked, s3BucketTlsOnly, s3BucketVersioning } from "../../policies/rules/s3";
import { KEY_ARN, resource, TAGS, UNKNOWN, withValue } from "./policy-harness";

const BUCKET = "aws:s3/bucket:Bucket";
const ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

/** A bucket and its v7 companions, related to it as the engine records it: a property dependency on `bucket`. */
function secureBucket(name: string, options: { sse?: "aws:kms" | "AES256"; logsTo?: OfflineResource } = {}): OfflineResource[] {
  const bucket = resource(BUCKET, { forceDestroy: false, tags: TAGS }, name);
  const companion = (type: string, suffix: string, props: Record<string, unknown>) =>
    resource(type, { bucket: UNKNOWN, ...props }, `${name}-${suffix}`, { propertyDependencies: { bucket: [bucket.urn], ...(props.targetBucket ? { targetBucket: [options.logsTo!.urn] } : {}) } });
  const sse = options.sse ?? "aws:kms";
  return [
    bucket,
    companion(ENCRYPTION, "encryption", {
      rules: [sse === "aws:kms" ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true } : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }),
    companion("aws:s3/bucketVersioning:BucketVersioning", "versioning", { versioningConfiguration: { status: "Enabled" } }),
    companion("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "public-access", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
    companion("aws:s3/bucketPolicy:BucketPolicy", "policy", {
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: ["s3:*"], Resource: ["arn:aws:s3:::x", "arn:aws:s3:::x/*"], Condition: { Bool: { "aws:SecureTransport": false } } }],
      }),
    }),
    ...(options.logsTo ? [companion(LOGGING, "access-logging", { targetBucket: UNKNOWN, targetPrefix: `${name}/` })] : []),
  ];
}

const accessLogs = secureBucket("access-logs", { sse: "AES256" });
const STACK = [...accessLogs, ...secureBucket("lake", { logsTo: accessLogs[0] })];

/** The stack with one companion's prop changed. */
function changed(name: string, path: string, value: unknown): OfflineResource[] {
  const found = STACK.find((r) => r.name === name);
  if (!found) throw new Error(`no ${name} in the stack`);
  return STACK.map((r) => (r === found ? { ...r, props: withValue(r.props, path, value) } : r));
}
const without = (name: string) => STACK.filter((r) => r.name !== name);

const CASES = [
  {
    policy: s3BucketEncryptedWithKms,
    violations: [
      [changed("lake-encryption", "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "AES256"), "Bucket lake encrypts with AES256; it must use aws:kms."],
      [without("lake-encryption"), "Bucket lake has no server-side encryption configuration; S3's default SSE-S3 is not KMS."],
    ],
    unknown: changed("lake-encryption", "rules", UNKNOWN),
  },
  {
    policy: s3BucketPublicAccessBlocked,
    violations: [
      [changed("lake-public-access", "restrictPublicBuckets", false), "Bucket lake's public access block leaves restrictPublicBuckets off."],
      [without("access-logs-public-access"), "Bucket access-logs has no public access block."],
    ],
    unknown: changed("lake-public-access", "blockPublicAcls", UNKNOWN),
  },
  {
    policy: s3BucketTlsOnly,
    violations: [
      [changed("lake-policy", "policy", JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject" }] })), "Bucket lake has no bucket policy statement denying requests without TLS"],
      [without("lake-policy"), "Bucket lake has no bucket policy statement denying requests without TLS"],
      [changed("lake-policy", "policy", "{ not json"), "Bucket lake's bucket policy is not valid JSON."],
    ],
    unknown: changed("lake-policy", "policy", UNKNOWN),
  },
  {
    policy: s3BucketVersioning,
    violations: [
      [changed("lake-versioning", "versioningConfiguration.status", "Suspended"), "Bucket lake does not enable versioning."],
      [without("access-logs-versioning"), "Bucket access-logs does not enable versioning."],
    ],
    unknown: changed("lake-versioning", "versioningConfiguration", UNKNOWN),
  },
] as const;

describe.each(CASES.map((c) => [c.policy.name, c] as const))("%s", (_name, c) => {
  it("passes a stack whose buckets comply", async () => {
    const outcome = await runStackPolicy(c.policy, STACK);
    expect(outcome.violations).toEqual([]);
    expect(outcome.notApplicable).toBeUndefined();
  });

  it.each(c.violations.map(([stack, message]) => [message, stack] as const))("fails with: %s", async (message, stack) => {
    const outcome = await runStackPolicy(c.policy, stack as OfflineResource[]);
    expect(outcome.violations).toEqual([{ message: expect.stringContaining(message), urn: expect.stringMatching(/::aws:s3\/bucket:Bucket::/) }]);
  });

  it("does not fail while a companion's value is unknown", async () => {
    const outcome = await runStackPolicy(c.policy, c.unknown as OfflineResource[]);
    expect(outcome.violations).toEqual([]);
    expect(outcome.unknown).toBeUndefined();
  });

  it("is not applicable to a stack without buckets", async () => {
    const outcome = await runStackPolicy(c.policy, [resource("aws:sqs/queue:Queue", { kmsMasterKeyId: KEY_ARN })]);
    expect(outcome).toEqual({ violations: [], exemptions: [], notApplicable: "the stack has no S3 buckets" });
  });
});

describe("s3-bucket-encrypted-with-kms and the access-log bucket", () => {
  it("exempts exactly the access-logging target, with the reason", async () => {
    const outcome = await runStackPolicy(s3BucketEncryptedWithKms, STACK);
    expect(outcome.exemptions).toEqual([{ urn: accessLogs[0]!.urn, reason: ACCESS_LOG_BUCKET_REASON }]);
  });

  it("requires KMS of an AES256 bucket no logging targets", async () => {
    const stack = [...secureBucket("plain", { sse: "AES256" }), ...STACK];
    const outcome = await runStackPolicy(s3BucketEncryptedWithKms, stack);
    expect(outcome.violations).toEqual([{ message: "Bucket plain encrypts with AES256; it must use aws:kms.", urn: stack[0]!.urn }]);
    expect(outcome.exemptions.map((e) => e.urn)).toEqual([accessLogs[0]!.urn]);
  });

  it("exempts an SSE-S3 bucket whose policy lets ELB deliver ALB access logs, and no other", async () => {
    const albGrant = { Sid: "AlbLogDelivery", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::alb/AWSLogs/111122223333/*" };
    const withPolicy = (statement: Record<string, unknown>) =>
      secureBucket("alb", { sse: "AES256" }).map((r) => (r.type === "aws:s3/bucketPolicy:BucketPolicy" ? { ...r, props: { ...r.props, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) } } : r));
    const alb = withPolicy(albGrant);
    const outcome = await runStackPolicy(s3BucketEncryptedWithKms, alb);
    expect(outcome.violations).toEqual([]);
    expect(outcome.exemptions).toEqual([{ urn: alb[0]!.urn, reason: ALB_LOG_BUCKET_REASON }]);
    // Another principal, or a grant that is not PutObject, earns no exemption.
    for (const statement of [{ ...albGrant, Principal: { Service: "delivery.logs.amazonaws.com" } }, { ...albGrant, Action: "s3:GetObject" }, { ...albGrant, Effect: "Deny" }]) {
      const stack = withPolicy(statement);
      expect((await runStackPolicy(s3BucketEncryptedWithKms, stack)).violations, JSON.stringify(statement)).toEqual([{ message: "Bucket alb encrypts with AES256; it must use aws:kms.", urn: stack[0]!.urn }]);
    }
  });

  it("relates configurations to buckets by value, as stack outputs do", async () => {
    // Outputs after an update: no property dependency needed, the bucket's name links them.
    const bucket = resource(BUCKET, { bucket: "lake-123", tags: TAGS }, "lake");
    const kms = resource(ENCRYPTION, { bucket: "lake-123", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }, "lake-encryption");
    expect((await runStackPolicy(s3BucketEncryptedWithKms, [bucket, kms])).violations).toEqual([]);
    const other = resource(ENCRYPTION, { bucket: "another-bucket", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }, "other-encryption");
    expect((await runStackPolicy(s3BucketEncryptedWithKms, [bucket, other])).violations).toHaveLength(1);
  });
});
