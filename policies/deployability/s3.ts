import { atMostItems, documentAtMost, lengthBetween, oneOf, utf8Length } from "../lib/checks";
import { resourceRule, stackRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { entriesAt, listAt, numberAt, stringAt } from "../lib/property-values";
import { ofType, referencedAt } from "../lib/resource-relations";
import type { Props } from "../lib/slipstream-policy";

const BUCKET = "aws:s3/bucket:Bucket";
const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";

// Names that S3 reserves as prefixes and suffixes (access points, Object Lambda, directory and table buckets, ...).
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/**
 * General purpose bucket names: 3–63 lowercase letters, digits, dots and hyphens, a letter or
 * digit at both ends, no `..`, not an IP address, none of S3's reserved prefixes and suffixes.
 * Pulumi lowercases the resource name when it autonames a bucket; `bucketPrefix` leaves room
 * for 26 generated characters.
 */
export const s3BucketName = resourceRule({
  name: "s3-bucket-name",
  description: "S3 bucket names must follow S3's naming rules (3-63 lowercase letters, digits, . and -, no reserved prefixes or suffixes).",
  document: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
  remediation: "Use 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit (a resource name of at most 55 characters when Pulumi names the bucket).",
  types: [BUCKET],
  checks: [
    physicalName({
      path: "bucket",
      min: 3,
      max: 63,
      pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
      rule: "lowercase letters, digits, dots and hyphens, a letter or digit first and last",
      autonamed: true,
      transform: (name) => name.toLowerCase(),
      prefixPath: "bucketPrefix",
    }),
    (resource, report) => {
      const name = stringAt(resource.props, "bucket");
      if (typeof name !== "string") return;
      if (name.includes("..")) report("bucket", `${JSON.stringify(name)} has two adjacent periods.`);
      if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) report("bucket", `${JSON.stringify(name)} is formatted as an IP address.`);
      const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
      if (prefix) report("bucket", `${JSON.stringify(name)} starts with ${prefix}, which S3 reserves.`);
      const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
      if (suffix) report("bucket", `${JSON.stringify(name)} ends with ${suffix}, which S3 reserves.`);
    },
  ],
});

/** A bucket policy is at most 20 KB. */
export const s3BucketPolicySize = resourceRule({
  name: "s3-bucket-policy-size",
  description: "S3 bucket policies must be at most 20 KB.",
  document: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html",
  remediation: "Shorten the bucket policy (merge statements, use prefixes or conditions instead of lists of ARNs).",
  types: ["aws:s3/bucketPolicy:BucketPolicy"],
  checks: [documentAtMost("policy", 20_480, "bucket policy")],
});

/**
 * Lifecycle configurations: at most 1,000 rules with ids of up to 255 characters, day counts of
 * at least 1, and transitions to STANDARD_IA or ONEZONE_IA no earlier than 30 days.
 */
export const s3LifecycleRules = resourceRule({
  name: "s3-lifecycle-rules",
  description: "S3 lifecycle rules must fit S3: at most 1000 rules, ids up to 255 characters, day counts of at least 1, transitions to STANDARD_IA or ONEZONE_IA after at least 30 days.",
  document: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html",
  remediation: "Keep day counts at 1 or more and move objects to STANDARD_IA or ONEZONE_IA no earlier than 30 days after creation (or becoming noncurrent).",
  types: ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"],
  checks: [
    atMostItems("rules", 1000, "rules"),
    (resource, report) => {
      const rules = listAt(resource.props, "rules");
      if (!Array.isArray(rules)) return;
      rules.forEach((_, i) => {
        const at = (path: string) => `rules.${i}.${path}`;
        lengthBetween(at("id"), 1, 255)(resource, (field, message) => report(`rules[${i}].id`, message));
        oneOf(at("status"), ["Enabled", "Disabled"])(resource, (field, message) => report(`rules[${i}].status`, message));
        for (const path of ["expiration.days", "noncurrentVersionExpiration.noncurrentDays", "abortIncompleteMultipartUpload.daysAfterInitiation"]) {
          const days = numberAt(resource.props, at(path));
          if (typeof days === "number" && days < 1) report(`rules[${i}].${path}`, `${days}; lifecycle day counts are at least 1.`);
        }
        for (const [block, daysField] of [
          ["transitions", "days"],
          ["noncurrentVersionTransitions", "noncurrentDays"],
        ] as const) {
          const transitions = listAt(resource.props, at(block));
          if (!Array.isArray(transitions)) continue;
          transitions.forEach((_, j) => {
            const storage = stringAt(resource.props, at(`${block}.${j}.storageClass`));
            const days = numberAt(resource.props, at(`${block}.${j}.${daysField}`));
            if ((storage === "STANDARD_IA" || storage === "ONEZONE_IA") && typeof days === "number" && days < 30) report(`rules[${i}].${block}[${j}].${daysField}`, `${days}; S3 moves objects to ${storage} no earlier than 30 days.`);
          });
        }
      });
    },
  ],
});

/** An object takes at most 10 tags (not 50) and a key of at most 1,024 bytes. */
export const s3ObjectLimits = resourceRule({
  name: "s3-object-limits",
  description: "S3 objects take at most 10 tags and keys of at most 1024 bytes.",
  document: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html",
  remediation: "Keep at most 10 tags on uploaded objects (for example only the deployment's required tags) and object keys under 1024 bytes.",
  types: [OBJECT],
  checks: [
    (resource, report) => {
      const tags = entriesAt(resource.props, "tags");
      if (Array.isArray(tags) && tags.length > 10) report("tags", `${tags.length} tags; an S3 object takes at most 10.`);
      const key = stringAt(resource.props, "key");
      if (typeof key === "string" && utf8Length(key) > 1024) report("key", `${utf8Length(key)} bytes; object keys are at most 1024 bytes.`);
    },
  ],
});

/**
 * S3 server access logging delivers only into buckets encrypted with SSE-S3: a target bucket
 * whose default encryption is SSE-KMS receives no logs (the pack's security rules exempt exactly
 * this bucket from KMS).
 */
export const s3AccessLogTargetEncryption = stackRule({
  name: "s3-access-log-target-encryption",
  description: "The target bucket of S3 server access logging must use SSE-S3 (AES256), not SSE-KMS.",
  document: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
  remediation: 'Encrypt the access-log bucket with sseAlgorithm "AES256".',
  validate: (resources, report) => {
    const buckets = ofType(resources, BUCKET);
    const encryption = ofType(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
    const targets = new Set(ofType(resources, "aws:s3/bucketLogging:BucketLogging").flatMap((logging) => referencedAt(logging, "targetBucket", buckets)));
    for (const target of targets) {
      for (const configuration of encryption.filter((c) => referencedAt(c, "bucket", buckets).includes(target))) {
        const rules = listAt(configuration.props as Props, "rules");
        if (!Array.isArray(rules)) continue;
        rules.forEach((_, i) => {
          const algorithm = stringAt(configuration.props as Props, `rules.${i}.applyServerSideEncryptionByDefault.sseAlgorithm`);
          if (typeof algorithm === "string" && algorithm.startsWith("aws:kms")) {
            report(configuration, `rules[${i}].applyServerSideEncryptionByDefault.sseAlgorithm`, `${algorithm} on ${target.name}, the target of server access logging; S3 delivers access logs only to SSE-S3 (AES256) buckets.`);
          }
        });
      }
    }
  },
});
