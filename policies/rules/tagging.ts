import type { ResourceValidation } from "@pulumi/policy";
import taggableTypes from "../taggable-types.json";
import { read } from "../lib/known";
import { policyMetadata, type SlipstreamResourcePolicy } from "../lib/slipstream-policy";

/** Tag keys required by default: the same keys every Slipstream request carries. */
export const DEFAULT_REQUIRED_TAG_KEYS = ["owner", "cost-center", "environment"];
/** Values the `environment` tag may take by default. */
export const DEFAULT_ALLOWED_ENVIRONMENTS = ["dev", "staging", "prod"];

// Generated from the provider's typings (policies/scripts/taggable-types.ts): the pack may
// run where @pulumi/aws is not installed.
const TAGGABLE = new Set<string>(taggableTypes.types);

/** Whether resources of `type` take a `tags` input. */
export function isTaggable(type: string): boolean {
  return TAGGABLE.has(type);
}

export interface RequiredTagsConfig {
  requiredKeys?: string[];
  allowedEnvironments?: string[];
}

const validateResource: ResourceValidation = (args, report) => {
  if (!isTaggable(args.type)) {
    args.notApplicable(args.type.startsWith("aws:") ? `${args.type} takes no tags` : `${args.type} is not an AWS resource that takes tags`);
  }
  const { requiredKeys = DEFAULT_REQUIRED_TAG_KEYS, allowedEnvironments = DEFAULT_ALLOWED_ENVIRONMENTS } = args.getConfig<RequiredTagsConfig>();
  const tags = read(() => (args.props["tags"] ?? {}) as Record<string, unknown>);
  if (typeof tags === "symbol") return;
  // An unknown value is set, just not known yet.
  const missing = requiredKeys.filter((key) => {
    const value = read(() => tags[key]);
    return typeof value !== "symbol" && (typeof value !== "string" || value.trim() === "");
  });
  if (missing.length > 0) report(`${args.type.split(":").pop()} ${args.name} is missing required tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")} on its own tags.`);
  const environment = read(() => tags["environment"]);
  if (typeof environment === "string" && environment.trim() !== "" && !allowedEnvironments.includes(environment)) {
    report(`${args.type.split(":").pop()} ${args.name} has environment tag "${environment}"; allowed: ${allowedEnvironments.join(", ")}.`);
  }
};

/**
 * Every taggable AWS resource carries the required tags on its own `tags` input — provider
 * default tags reach neither the policy nor the resource's `tags` (pulumi-notes.md).
 */
export const requiredTags: SlipstreamResourcePolicy = {
  ...policyMetadata({
    name: "required-tags",
    category: "tagging",
    description: "Taggable AWS resources must carry the required tags (default owner, cost-center, environment) with an allowed environment.",
    controls: {
      securityHub: ["Kinesis.2", "DynamoDB.5", "Opensearch.9", "SQS.2", "SNS.3", "Lambda.6", "Glue.1"],
      checkov: [],
      other: ["aws-config:required-tags"],
    },
    remediation: "Pass the deployment's tags explicitly in each resource's own `tags` (provider defaultTags do not count), with environment one of the allowed values.",
    configSchema: {
      properties: {
        requiredKeys: {
          type: "array",
          items: { type: "string", minLength: 1, maxLength: 128 },
          minItems: 1,
          // The AWS Config rule takes at most six keys.
          maxItems: 6,
          uniqueItems: true,
          default: DEFAULT_REQUIRED_TAG_KEYS,
        },
        allowedEnvironments: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1, uniqueItems: true, default: DEFAULT_ALLOWED_ENVIRONMENTS },
      },
    },
  }),
  validateResource,
  appliesTo: isTaggable,
};
