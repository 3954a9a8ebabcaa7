import { z } from "zod";
import { environmentSchema, type Environment } from "./environment";

/** Tag keys every request must carry (AWS Config `required-tags`, Security Hub tagging controls). */
export const REQUIRED_TAG_KEYS = ["owner", "cost-center", "environment"] as const;

/** Keys Slipstream sets itself; a request may not set them. */
export const MANAGED_TAG_KEYS = ["managed-by", "slipstream:blueprint", "slipstream:deployment"] as const;

// AWS allows 50 user tags per resource; Slipstream uses three of them.
const MAX_REQUEST_TAGS = 50 - MANAGED_TAG_KEYS.length;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

const tagValue = z.string().regex(TAG_VALUE, "tag values are at most 256 letters, digits, spaces and _.:/=+-@");

export const tagsSchema = z
  .object({
    owner: tagValue.min(1, "owner must not be empty"),
    "cost-center": tagValue.min(1, "cost-center must not be empty"),
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
      }
    }
  })
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

export function environmentOf(tags: Record<string, string>): Environment {
  return environmentSchema.parse(tags["environment"]);
}
