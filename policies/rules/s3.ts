import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { asArray, read, statementsOf, type PolicyDocumentStatement, type Unknown } from "../lib/known";
import { policyMetadata, type Controls, type Props, type SlipstreamStackPolicy } from "../lib/slipstream-policy";
import { exempt, refersTo } from "../lib/stack-relations";

// @pulumi/aws v7 keeps the deprecated V2 names as aliases of the same resources.
const withV2 = (module: string, name: string) => [`aws:s3/${module}:${name}`, `aws:s3/${module}V2:${name}V2`];
const BUCKET = withV2("bucket", "Bucket");
const ENCRYPTION = withV2("bucketServerSideEncryptionConfiguration", "BucketServerSideEncryptionConfiguration");
const LOGGING = withV2("bucketLogging", "BucketLogging");
const VERSIONING = withV2("bucketVersioning", "BucketVersioning");
const PUBLIC_ACCESS_BLOCK = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"];
const BUCKET_POLICY = ["aws:s3/bucketPolicy:BucketPolicy"];

/** Why an access-log bucket may use SSE-S3 (architectures.md, S3 defaults). */
export const ACCESS_LOG_BUCKET_REASON =
  "the target bucket of S3 server access logging must use SSE-S3 (AES256): S3 server access logging cannot deliver into SSE-KMS buckets";

/** Why an ALB access-log bucket may use SSE-S3 (ELB user guide, "Enable access logs for your Application Load Balancer"). */
export const ALB_LOG_BUCKET_REASON =
  "the bucket receives Application Load Balancer access logs, which ELB delivers only into SSE-S3 buckets (\"the only server-side encryption option that's supported is Amazon S3-managed keys (SSE-S3)\")";
const ELB_LOG_DELIVERY = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Whether a bucket policy lets Elastic Load Balancing's log delivery write objects; unknown while its policy is. */
function grantsAlbLogDelivery(policies: PolicyResource[]): boolean | Unknown {
  return read(() =>
    policies.some((policy) =>
      statementsOf(policy.props["policy"]).some((statement: PolicyDocumentStatement) => {
        const principal = statement.Principal as { Service?: string | string[] } | undefined;
        return statement.Effect === "Allow" && asArray(statement.Action).includes("s3:PutObject") && asArray(principal?.Service).includes(ELB_LOG_DELIVERY);
      }),
    ),
  );
}

const ofTypes = (args: StackValidationArgs, types: string[]) => args.resources.filter((r) => types.includes(r.type));

interface BucketCheck {
  name: string;
  description: string;
  controls: Controls;
  remediation: string;
  /** Checks one bucket; `related(types, property)` finds the resources of those types that point at it. */
  check: (bucket: PolicyResource, related: (types: string[], property?: string) => PolicyResource[], args: StackValidationArgs, report: (message: string) => void) => void;
}

/**
 * A stack policy over every S3 bucket: in @pulumi/aws v7 a bucket's encryption, versioning,
 * public access block and policy are separate resources, so only the whole stack shows
 * whether a bucket has them.
 */
function bucketPolicy(definition: BucketCheck): SlipstreamStackPolicy {
  return {
    ...policyMetadata(definition),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const buckets = ofTypes(args, BUCKET);
      if (buckets.length === 0) args.notApplicable("the stack has no S3 buckets");
      for (const bucket of buckets) {
        const related = (types: string[], property = "bucket") => ofTypes(args, types).filter((r) => refersTo(r, property, bucket));
        definition.check(bucket, related, args, (message) => reportViolation(message, bucket.urn));
      }
    },
  };
}

const isUnknown = (value: unknown): value is Unknown => typeof value === "symbol";

/**
 * Every bucket has default encryption with KMS, except the two whose producers can only write
 * SSE-S3: the bucket S3 server access logging writes into, and a bucket ALB access logs are
 * delivered to (recognised by its policy's grant to ELB's log delivery).
 */
export const s3BucketEncryptedWithKms = bucketPolicy({
  name: "s3-bucket-encrypted-with-kms",
  description: "S3 buckets must encrypt by default with SSE-KMS (a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms).",
  controls: { securityHub: ["S3.17"], checkov: ["CKV_AWS_145", "CKV_AWS_19"] },
  remediation:
    'Add a BucketServerSideEncryptionConfiguration for the bucket with `applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: <key ARN> }` and `bucketKeyEnabled: true`.',
  check: (bucket, related, args, report) => {
    const configurations = related(ENCRYPTION);
    if (configurations.length === 0) {
      report(`Bucket ${bucket.name} has no server-side encryption configuration; S3's default SSE-S3 is not KMS.`);
      return;
    }
    const algorithms = read(() => configurations.flatMap((c) => asArray<Props>(c.props["rules"]).map((rule) => rule.applyServerSideEncryptionByDefault?.sseAlgorithm as string | undefined)));
    if (isUnknown(algorithms)) return;
    if (algorithms.length > 0 && algorithms.every((a) => a === "aws:kms" || a === "aws:kms:dsse")) return;
    if (related(LOGGING, "targetBucket").length > 0 && algorithms.every((a) => a === "AES256")) {
      exempt(args, bucket, ACCESS_LOG_BUCKET_REASON);
      return;
    }
    if (algorithms.every((a) => a === "AES256")) {
      const alb = grantsAlbLogDelivery(related(BUCKET_POLICY));
      if (isUnknown(alb)) return;
      if (alb) {
        exempt(args, bucket, ALB_LOG_BUCKET_REASON);
        return;
      }
    }
    report(`Bucket ${bucket.name} encrypts with ${algorithms.map((a) => a ?? "no algorithm").join(", ")}; it must use aws:kms.`);
  },
});

const BLOCKS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** Every bucket blocks public access with all four flags. */
export const s3BucketPublicAccessBlocked = bucketPolicy({
  name: "s3-bucket-public-access-blocked",
  description: "S3 buckets must have a public access block with all four settings on.",
  controls: { securityHub: ["S3.8"], checkov: ["CKV2_AWS_6"] },
  remediation: "Add a BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
  check: (bucket, related, _args, report) => {
    const blocks = related(PUBLIC_ACCESS_BLOCK);
    if (blocks.length === 0) {
      report(`Bucket ${bucket.name} has no public access block.`);
      return;
    }
    const off = read(() => BLOCKS.filter((flag) => !blocks.some((b) => b.props[flag] === true)));
    if (!isUnknown(off) && off.length > 0) report(`Bucket ${bucket.name}'s public access block leaves ${off.join(", ")} off.`);
  },
});

function deniesInsecureTransport(statement: PolicyDocumentStatement): boolean {
  if (statement.Effect !== "Deny") return false;
  const condition = statement.Condition?.["Bool"] ?? statement.Condition?.["BoolIfExists"];
  const secure = condition?.["aws:SecureTransport"];
  const principal = statement.Principal;
  const anyone = principal === "*" || asArray((principal as { AWS?: unknown } | undefined)?.AWS).includes("*");
  return (secure === false || secure === "false") && anyone && asArray(statement.Action).some((a) => a === "s3:*" || a === "*");
}

/** Every bucket refuses requests that do not use TLS. */
export const s3BucketTlsOnly = bucketPolicy({
  name: "s3-bucket-tls-only",
  description: "S3 buckets must have a bucket policy that denies every request made without TLS (aws:SecureTransport false).",
  controls: { securityHub: ["S3.5"], checkov: ["CKV_AWS_379"] },
  remediation:
    'Add a BucketPolicy statement `{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, bucketArn + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }`.',
  check: (bucket, related, _args, report) => {
    const policies = related(BUCKET_POLICY);
    let tlsOnly: boolean | Unknown;
    try {
      tlsOnly = read(() => policies.some((p) => statementsOf(p.props["policy"]).some(deniesInsecureTransport)));
    } catch {
      report(`Bucket ${bucket.name}'s bucket policy is not valid JSON.`);
      return;
    }
    if (tlsOnly === false) report(`Bucket ${bucket.name} has no bucket policy statement denying requests without TLS (aws:SecureTransport false).`);
  },
});

/** Every bucket keeps object versions. */
export const s3BucketVersioning = bucketPolicy({
  name: "s3-bucket-versioning",
  description: "S3 buckets must enable versioning.",
  controls: { securityHub: ["S3.14"], checkov: ["CKV_AWS_21"] },
  remediation: 'Add a BucketVersioning for the bucket with `versioningConfiguration: { status: "Enabled" }`.',
  check: (bucket, related, _args, report) => {
    const enabled = read(() => related(VERSIONING).some((v) => v.props["versioningConfiguration"]?.status === "Enabled"));
    if (enabled === false) report(`Bucket ${bucket.name} does not enable versioning.`);
  },
});
