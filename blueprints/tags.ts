import { z } from "zod";
import type { AwsService } from "./aws-services";
import { environmentSchema, type Environment } from "./environment";
import { publish, type JsonSchema, type PublishedRule } from "./json-schema/published-rules";

/** Tag keys every request must carry (AWS Config `required-tags`, Security Hub tagging controls). */
export const REQUIRED_TAG_KEYS = ["owner", "cost-center", "environment"] as const;

/** Keys Slipstream sets itself; a request may not set them. */
export const MANAGED_TAG_KEYS = ["managed-by", "slipstream:blueprint", "slipstream:deployment"] as const;

/**
 * Keys the Pulumi runtime cannot pass on in a `tags` map: it formats the map as a string, which
 * a "toString" entry breaks. (A "__proto__" key never gets this far: parsing drops it.)
 */
const UNCARRIED_TAG_KEYS = ["toString"] as const;

// AWS allows 50 user tags per resource ("Tagging AWS resources", Tagging best practices
// whitepaper; each service's TagResource API); Slipstream uses three of them.
const AWS_MAX_TAGS = 50;
const MAX_REQUEST_TAGS = AWS_MAX_TAGS - MANAGED_TAG_KEYS.length;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

const tagValue = z.string().regex(TAG_VALUE, "tag values are at most 256 letters, digits, spaces and _.:/=+-@");
// AWS takes a value of spaces only, but a required tag that is blank is missing: AWS Config's
// required-tags (and Slipstream's policy of the same name) reads it as absent.
// Within TAG_VALUE's characters, a value is blank when it holds only \p{Z} (all of which trim()
// removes): the published pattern asks for one character of the others.
const requiredTagValue = (key: string) =>
  tagValue
    .min(1, `${key} must not be empty`)
    .refine((value) => value.trim() !== "", `${key} must not be blank`)
    .apply(publish, { expressed: { pattern: "[\\p{L}\\p{N}_.:/=+\\-@]" } });

/** The key checks of `tagsSchema`'s refinement below, for the published schema. */
const tagKeyRules: PublishedRule = {
  expressed: {
    type: "object",
    maxProperties: MAX_REQUEST_TAGS,
    propertyNames: {
      type: "string",
      allOf: [
        { pattern: TAG_KEY.source },
        { not: { pattern: "^[aA][wW][sS]:" } },
        { not: { enum: [...MANAGED_TAG_KEYS, ...UNCARRIED_TAG_KEYS] } },
      ],
    },
  },
};

export const tagsSchema = z
  .object({
    owner: requiredTagValue("owner"),
    "cost-center": requiredTagValue("cost-center"),
    environment: environmentSchema,
  })
  .catchall(tagValue)
  .superRefine((tags, ctx) => {
    const keys = Object.keys(tags);
    if (keys.length > MAX_REQUEST_TAGS) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_REQUEST_TAGS} tags are allowed`, path: [] });
    }
    for (const key of keys) {
      if (!TAG_KEY.test(key)) {
        ctx.addIssue({ code: "custom", message: "tag keys are 1-128 letters, digits, spaces and _.:/=+-@", path: [key] });
      } else if (key.toLowerCase().startsWith("aws:")) {
        ctx.addIssue({ code: "custom", message: "the aws: prefix is reserved by AWS", path: [key] });
      } else if ((MANAGED_TAG_KEYS as readonly string[]).includes(key)) {
        ctx.addIssue({ code: "custom", message: `${key} is set by Slipstream`, path: [key] });
      } else if ((UNCARRIED_TAG_KEYS as readonly string[]).includes(key)) {
        ctx.addIssue({ code: "custom", message: `AWS takes a tag named ${key}, but Pulumi's Node.js runtime cannot carry it to AWS (it formats the tag map as a string)`, path: [key] });
      }
    }
  })
  .apply(publish, tagKeyRules)
  .describe("Tags put on every resource. owner, cost-center and environment are required.");

export type RequestTags = z.infer<typeof tagsSchema>;

/** The tags every resource of a deployment carries, explicitly on its own `tags` input. */
export function deploymentTags(tags: RequestTags, blueprint: string, deployment: string): Record<string, string> {
  return {
    ...tags,
    "managed-by": "slipstream",
    "slipstream:blueprint": blueprint,
    "slipstream:deployment": deployment,
  };
}

/**
 * Where a service's tag rules are stricter than AWS's general ones (at most 50 tags; keys of
 * 1-128 letters, digits, spaces and `_ . : / = + - @`). A request is checked against the rules
 * of every service its deployment creates (`serviceTagIssues`), since every resource carries
 * every tag.
 */
export interface ServiceTagRule {
  /** Most tags one resource of the service takes, Slipstream's own included. */
  readonly maxTags?: number;
  /** Characters a key may hold, and how the message says so. */
  readonly key?: { readonly pattern: RegExp; readonly allowed: string };
  /** Characters a value may hold, and how the message says so. */
  readonly value?: { readonly pattern: RegExp; readonly allowed: string };
  /** The AWS document the rule comes from. */
  readonly source: string;
}

export const SERVICE_TAG_RULES: Partial<Record<AwsService, ServiceTagRule>> = {
  // OpenSearch Service API reference, AddTags: "A domain can have up to 10 tags"
  // (CreateDomain's TagList obeys the same limit; more fails the whole create).
  opensearch: { maxTags: 10, source: "OpenSearch Service API reference, AddTags" },
  // Redshift Serverless keys (deploy-review m16, from the Redshift Serverless tagging overview):
  // letters, digits, white space and + - = . _ : / — unlike most services, no "@". The Redshift
  // management guide's provisioned-cluster page also allows "@"; until a first deploy settles
  // it, "@" is refused rather than failing CreateNamespace.
  // The redshift-tag-characters deployability rule holds values to the same set: a value with
  // "@" fails the create as a key would.
  "redshift-serverless": {
    key: { pattern: /^[\p{L}\p{N}\p{Z}+\-=._:/]+$/u, allowed: "letters, digits, spaces and + - = . _ : /" },
    value: { pattern: /^[\p{L}\p{N}\p{Z}+\-=._:/]*$/u, allowed: "letters, digits, spaces and + - = . _ : /" },
    source: "Amazon Redshift management guide, Tagging resources in Amazon Redshift Serverless",
  },
};

const SERVICE_LABELS: Partial<Record<AwsService, string>> = { opensearch: "an OpenSearch domain", "redshift-serverless": "Redshift Serverless" };

/** A tag problem for one service; `key` names the offending tag, or none when it is the whole set. */
export interface TagIssue {
  readonly key?: string;
  readonly message: string;
}

/**
 * What the services a deployment creates refuse in its request's tags: more tags than the
 * strictest service takes (with Slipstream's own counted), or keys with characters a service
 * does not accept.
 */
export function serviceTagIssues(tags: Readonly<Record<string, string>>, services: readonly AwsService[]): TagIssue[] {
  const issues: TagIssue[] = [];
  const keys = Object.keys(tags);
  for (const service of new Set(services)) {
    const rule = SERVICE_TAG_RULES[service];
    if (rule === undefined) continue;
    const label = SERVICE_LABELS[service] ?? service;
    if (rule.maxTags !== undefined && keys.length + MANAGED_TAG_KEYS.length > rule.maxTags) {
      const room = rule.maxTags - MANAGED_TAG_KEYS.length;
      issues.push({
        message: `${label} takes at most ${rule.maxTags} tags and Slipstream sets ${MANAGED_TAG_KEYS.length} (${MANAGED_TAG_KEYS.join(", ")}): at most ${room} tags may be requested, got ${keys.length} (${rule.source})`,
      });
    }
    if (rule.key !== undefined) {
      for (const key of keys) {
        if (!rule.key.pattern.test(key)) issues.push({ key, message: `${label} tag keys may hold only ${rule.key.allowed} (${rule.source})` });
      }
    }
    if (rule.value !== undefined) {
      for (const [key, value] of Object.entries(tags)) {
        if (!rule.value.pattern.test(value)) issues.push({ key, message: `${label} tag values may hold only ${rule.value.allowed} (${rule.source})` });
      }
    }
  }
  return issues;
}

/**
 * `serviceTagIssues` for one service, for the published schema: a rule on the request's `tags`,
 * which a blueprint publishes under the condition that its deployment creates the service
 * (always, or when an option is on).
 */
export function serviceTagSchema(service: AwsService): JsonSchema {
  const rule = SERVICE_TAG_RULES[service];
  if (rule === undefined) throw new Error(`${service} has no tag rules`);
  return {
    type: "object",
    ...(rule.maxTags === undefined ? {} : { maxProperties: rule.maxTags - MANAGED_TAG_KEYS.length }),
    ...(rule.key === undefined ? {} : { propertyNames: { type: "string", pattern: rule.key.pattern.source } }),
    ...(rule.value === undefined ? {} : { additionalProperties: { type: "string", pattern: rule.value.pattern.source } }),
  };
}

export function environmentOf(tags: Record<string, string>): Environment {
  return environmentSchema.parse(tags["environment"]);
}

/** S3 takes at most 10 tags on an object, against 50 on most resources. */
export const MAX_OBJECT_TAGS = 10;

/**
 * The deployment's tags as an S3 object can carry them: "You can associate up to 10 tags with
 * an object" (S3 user guide, "Categorizing your storage using tags"). The required and
 * Slipstream's own tags always come first, so policies still find them; the request's other
 * tags fill what is left, in the order given.
 */
export function objectTags(tags: Record<string, string>): Record<string, string> {
  const first: readonly string[] = [...REQUIRED_TAG_KEYS, ...MANAGED_TAG_KEYS];
  const keys = [...first.filter((k) => k in tags), ...Object.keys(tags).filter((k) => !first.includes(k))].slice(0, MAX_OBJECT_TAGS);
  return Object.fromEntries(keys.map((k) => [k, tags[k]!]));
}
