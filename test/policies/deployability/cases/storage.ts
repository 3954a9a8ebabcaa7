import { TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const LIFECYCLE = {
  bucket: "orders-archive",
  rules: [
    { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    { id: "tier-down", status: "Enabled", filter: {}, transitions: [{ days: 30, storageClass: "STANDARD_IA" }], noncurrentVersionTransitions: [{ noncurrentDays: 30, storageClass: "ONEZONE_IA" }], expiration: { days: 365 } },
  ],
};

export const storageCases: ResourceRuleCase[] = [
  {
    rule: "s3-bucket-name",
    type: "aws:s3/bucket:Bucket",
    compliant: { bucket: "orders-archive.example", tags: TAGS },
    violations: [
      ["bucket", "Orders-Archive", "bucket", "lowercase letters, digits, dots and hyphens"],
      ["bucket", "ab", "bucket", "has 2 characters; AWS takes 3 to 63"],
      ["bucket", "b".repeat(64), "bucket", "has 64 characters; AWS takes 3 to 63"],
      ["bucket", "orders..archive", "bucket", "two adjacent periods"],
      ["bucket", "192.168.10.20", "bucket", "formatted as an IP address"],
      ["bucket", "xn--orders", "bucket", "starts with xn--, which S3 reserves"],
      ["bucket", "orders-s3alias", "bucket", "ends with -s3alias, which S3 reserves"],
    ],
    unknown: ["bucket"],
  },
  {
    // Pulumi lowercases the resource name; 56 characters + 8 overflow 63.
    rule: "s3-bucket-name",
    type: "aws:s3/bucket:Bucket",
    name: "Orders-" + "a".repeat(49),
    compliant: { bucket: "orders-archive", tags: TAGS },
    violations: [["bucket", undefined, "bucket", 'Pulumi names it "orders-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" plus "-" and 7 random characters: 64 characters, over AWS\'s maximum of 63']],
    unknown: [],
  },
  {
    rule: "s3-bucket-name",
    type: "aws:s3/bucket:Bucket",
    compliant: { bucketPrefix: "orders-", tags: TAGS },
    violations: [["bucketPrefix", "p".repeat(38), "bucketPrefix", "plus the provider's 26-character unique id is 64 characters; AWS allows 63"]],
  },
  {
    rule: "s3-bucket-policy-size",
    type: "aws:s3/bucketPolicy:BucketPolicy",
    compliant: { bucket: "orders-archive", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
    violations: [["policy", JSON.stringify({ Statement: [{ Sid: "x".repeat(20_480) }] }), "policy", "the bucket policy is 20506 bytes; AWS allows at most 20480"]],
  },
  {
    rule: "s3-lifecycle-rules",
    type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    compliant: LIFECYCLE,
    violations: [
      ["rules.1.transitions.0.days", 29, "rules[1].transitions[0].days", "29; S3 moves objects to STANDARD_IA no earlier than 30 days"],
      ["rules.1.noncurrentVersionTransitions.0.noncurrentDays", 7, "rules[1].noncurrentVersionTransitions[0].noncurrentDays", "S3 moves objects to ONEZONE_IA no earlier than 30 days"],
      ["rules.1.expiration.days", 0, "rules[1].expiration.days", "0; lifecycle day counts are at least 1"],
      ["rules.0.id", "i".repeat(256), "rules[0].id", "AWS takes 1 to 255"],
      ["rules.0.status", "On", "rules[0].status", '"On" is not a value AWS accepts'],
    ],
    unknown: ["rules", "rules.1.transitions"],
    alsoCompliant: [["rules.1.transitions.0.storageClass", "GLACIER"]],
  },
  {
    rule: "s3-object-limits",
    type: "aws:s3/bucketObjectv2:BucketObjectv2",
    compliant: { bucket: "scripts", key: "glue/job.py", content: "print(1)", tags: { ...TAGS, a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7" } },
    violations: [
      ["tags.h", "8", "tags", "11 tags; an S3 object takes at most 10"],
      ["key", "k".repeat(1025), "key", "1025 bytes; object keys are at most 1024 bytes"],
    ],
    unknown: ["tags", "key"],
  },
];
