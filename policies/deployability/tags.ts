import type { ResourceCheck } from "../lib/deployability";
import { resourceRule } from "../lib/deployability";
import { entriesAt } from "../lib/property-values";
import { isTaggable } from "../rules/tagging";

/** Services whose own tag quota is lower than the general 50 have their own rule (opensearch-tag-limit, s3-object-limits). */
const OWN_TAG_COUNT_RULE = new Set(["aws:opensearch/domain:Domain", "aws:s3/bucketObjectv2:BucketObjectv2"]);

// EC2 (and the VPC rule resources) accept any character in tags; elsewhere AWS's common set applies.
const ANY_CHARACTER = (type: string) => type.startsWith("aws:ec2/") || type.startsWith("aws:vpc/");

const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Checks a resource's tags against the limits a service sets: how many, key and value lengths
 * with the reserved `aws:` prefix, and a character set. Provider default tags are not in `tags`
 * and count against the same quota: a stack that adds them must keep room.
 */
export function tagLimits(options: { maxTags?: number; lengths?: boolean; characters?: { pattern: RegExp; rule: string } }): ResourceCheck {
  const { maxTags, lengths = false, characters } = options;
  return (resource, report) => {
    const entries = entriesAt(resource.props, "tags");
    if (entries === undefined || typeof entries === "symbol") return;
    if (maxTags !== undefined && entries.length > maxTags) report("tags", `${entries.length} tags; AWS allows at most ${maxTags} on this resource.`);
    for (const [key, value] of entries) {
      if (lengths) {
        const keyLength = [...key].length;
        if (keyLength < 1 || keyLength > 128) report("tags", `key ${JSON.stringify(key)} has ${keyLength} characters; tag keys take 1 to 128.`);
        if (key.toLowerCase().startsWith("aws:")) report("tags", `key ${JSON.stringify(key)} uses the aws: prefix, which AWS reserves for its own tags.`);
        if (typeof value === "string" && [...value].length > 256) report("tags", `the value of ${JSON.stringify(key)} has ${[...value].length} characters; tag values take at most 256.`);
      }
      if (!characters) continue;
      if (!characters.pattern.test(key)) report("tags", `key ${JSON.stringify(key)} has characters AWS refuses here; ${characters.rule}.`);
      if (typeof value === "string" && !characters.pattern.test(value)) report("tags", `the value of ${JSON.stringify(key)} has characters AWS refuses here; ${characters.rule}.`);
    }
  };
}

/**
 * AWS's general tag rules: at most 50 user tags per resource, keys of 1–128 and values of up
 * to 256 characters, no `aws:` prefix, letters, digits, spaces and `_ . : / = + - @`. EC2
 * allows any character; services with a lower count (OpenSearch) have their own rule.
 */
export const awsTagLimits = resourceRule({
  name: "aws-tag-limits",
  description: "Tags must fit AWS's general tag rules: at most 50 per resource, keys 1-128 and values up to 256 characters, no aws: prefix, letters, digits, spaces and _ . : / = + - @.",
  document: "https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html",
  remediation: "Drop tags beyond 50 (provider default tags count too), shorten long keys and values, and use only letters, digits, spaces and _ . : / = + - @.",
  types: (type) => isTaggable(type),
  checks: [
    (resource, report) => {
      const anyCharacter = ANY_CHARACTER(resource.type);
      tagLimits({
        lengths: true,
        ...(OWN_TAG_COUNT_RULE.has(resource.type) ? {} : { maxTags: 50 }),
        ...(anyCharacter ? {} : { characters: { pattern: TAG_CHARACTERS, rule: "use letters, digits, spaces and _ . : / = + - @" } }),
      })(resource, report);
    },
  ],
});
