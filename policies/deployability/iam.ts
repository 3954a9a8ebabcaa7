import type { PolicyResource } from "@pulumi/policy";
import { integerBetween, lengthBetween, matches } from "../lib/checks";
import { resourceRule, stackRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { isUnknown, plainAt, valueAt } from "../lib/property-values";
import { namesResource, ofType } from "../lib/resource-relations";
import type { Props } from "../lib/slipstream-policy";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const DOCUMENT = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";

/** IAM measures policy sizes in characters, not counting white space. */
export function policyCharacters(document: unknown): number | undefined {
  if (document === undefined || document === null || isUnknown(document)) return undefined;
  const text = typeof document === "string" ? document : JSON.stringify(document);
  return [...text.replace(/\s/g, "")].length;
}

/** Default trust policy quota; an account may have it raised to 4,096 (pack config `maxTrustPolicyLength`). */
export const DEFAULT_TRUST_POLICY_LENGTH = 2048;
const NAME = /^[\w+=,.@-]+$/;

/**
 * IAM's role quotas: names of up to 64 characters of `\w + = , . @ -` (Pulumi autonames with 8 of
 * them), name prefixes of up to 38, descriptions of up to 1,000 characters, sessions of 1–12
 * hours, and a trust policy of 2,048 characters (4,096 after a quota increase).
 */
export const iamRoleLimits = resourceRule({
  name: "iam-role-limits",
  description: "IAM roles must fit IAM's quotas: names up to 64 characters, descriptions up to 1000, sessions of 1-12 hours, a trust policy up to 2048 characters (configurable up to 4096).",
  document: DOCUMENT,
  remediation: "Shorten the role's (resource) name or trust policy; set maxTrustPolicyLength in the pack config when the account's quota was raised.",
  types: [ROLE],
  configSchema: { properties: { maxTrustPolicyLength: { type: "integer", minimum: 2048, maximum: 4096, default: DEFAULT_TRUST_POLICY_LENGTH } } },
  checks: [
    physicalName({ path: "name", min: 1, max: 64, pattern: NAME, rule: "letters, digits and _ + = , . @ - only", autonamed: true, prefixPath: "namePrefix" }),
    lengthBetween("description", 0, 1000),
    matches("path", /^\/([\x21-\x7e]+\/)?$/, "/ alone, or / ... / with printable ASCII between"),
    integerBetween("maxSessionDuration", 3600, 43_200, "s"),
    (resource, report) => {
      const length = policyCharacters(plainAt(resource.props, "assumeRolePolicy"));
      const max = (resource.config["maxTrustPolicyLength"] as number | undefined) ?? DEFAULT_TRUST_POLICY_LENGTH;
      if (length !== undefined && length > max) report("assumeRolePolicy", `${length} characters (without white space); the account's trust policy quota is ${max}.`);
    },
  ],
});

/** The role an inline policy belongs to: by the engine's dependency or by its name. */
function roleOf(policy: PolicyResource, roles: readonly PolicyResource[]): PolicyResource | undefined {
  const dependencies = new Set((policy.propertyDependencies["role"] ?? []).map((d) => d.urn));
  return roles.find((r) => dependencies.has(r.urn)) ?? roles.find((r) => namesResource(valueAt(policy.props as Props, "role"), r));
}

/**
 * A role's inline policies share one quota: 10,240 characters in total, white space not
 * counted. Each inline policy's name has up to 128 characters (autonamed when unset).
 */
export const iamInlinePolicySize = stackRule({
  name: "iam-inline-policy-size",
  description: "The inline policies of an IAM role must total at most 10240 characters (white space not counted).",
  document: DOCUMENT,
  remediation: "Shorten the role's inline policies (merge statements, use wildcards on exact prefixes) or move some into a managed policy.",
  validate: (resources, report) => {
    const roles = ofType(resources, ROLE);
    const totals = new Map<PolicyResource, { size: number; policies: PolicyResource[] }>();
    for (const policy of ofType(resources, ROLE_POLICY)) {
      const size = policyCharacters(plainAt(policy.props as Props, "policy"));
      if (size === undefined) continue;
      if (size > 10_240) {
        report(policy, "policy", `${size} characters (without white space); a role's inline policies total at most 10240.`);
        continue;
      }
      const role = roleOf(policy, roles);
      if (!role) continue;
      const total = totals.get(role) ?? { size: 0, policies: [] };
      total.size += size;
      total.policies.push(policy);
      totals.set(role, total);
    }
    for (const [role, { size, policies }] of totals) {
      if (size > 10_240 && policies.length > 1) report(policies[policies.length - 1]!, "policy", `the inline policies of ${role.name} (${policies.map((p) => p.name).join(", ")}) total ${size} characters (without white space); IAM allows 10240 per role.`);
    }
  },
});

/** Inline policy names: up to 128 characters of `\w + = , . @ -`. */
export const iamRolePolicyName = resourceRule({
  name: "iam-role-policy-name",
  description: "IAM inline policy names must have up to 128 characters of letters, digits and _ + = , . @ -.",
  document: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html",
  remediation: "Shorten the inline policy's (resource) name.",
  types: [ROLE_POLICY],
  checks: [physicalName({ path: "name", min: 1, max: 128, pattern: NAME, rule: "letters, digits and _ + = , . @ - only", autonamed: true, prefixPath: "namePrefix" })],
});
