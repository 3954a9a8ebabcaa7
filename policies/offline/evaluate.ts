import type { EnforcementLevel } from "@pulumi/policy";
import { slipstreamPolicies } from "../all-policies";
import { splitFinding } from "../lib/deployability";
import { controlIds, type PolicyCategory, type SlipstreamPolicy } from "../lib/slipstream-policy";
import type { OfflineResource } from "./offline-resource";
import { resolvePackConfig, type PackConfig } from "./pack-config";
import { copiedProps, runResourcePolicy, runStackPolicy, type PolicyOutcome } from "./run-policy";

export interface ResourceRef {
  type: string;
  name: string;
}

export interface ReportedViolation {
  policy: string;
  /** `security` and `tagging` controls, or `deployability`: a rule AWS itself enforces. */
  category: PolicyCategory;
  enforcementLevel: Exclude<EnforcementLevel, "disabled" | "remediate">;
  controls: string[];
  /** Null when a stack policy reports against the stack as a whole. */
  resource: ResourceRef | null;
  /** The property the violation is about, when the policy names one (deployability rules always do). */
  field?: string;
  message: string;
  /** The AWS document the rule comes from (deployability rules). */
  document?: string;
}

export interface ReportedNotApplicable {
  policy: string;
  /** Null when the policy does not apply to the stack at all. */
  resource: ResourceRef | null;
  reason: string;
}

/** The result of checking a set of resources against the pack. */
export interface CheckReport {
  /** No mandatory violation. */
  passed: boolean;
  violations: ReportedViolation[];
  /** Policies that looked at a resource of their type (or the stack) and do not apply, with why; type mismatches are not listed. */
  notApplicable: ReportedNotApplicable[];
  evaluated: { resources: number; policies: number };
}

export interface EvaluateOptions {
  config?: PackConfig;
  /** Default: the whole pack. */
  policies?: readonly SlipstreamPolicy[];
}

const isStackPolicy = (policy: SlipstreamPolicy): policy is Extract<SlipstreamPolicy, { validateStack: unknown }> => "validateStack" in policy && typeof policy.validateStack === "function";

/**
 * Runs the pack's own policy objects over a list of resources, offline, the way the analyzer
 * would during a preview: each resource policy on each resource, each stack policy once.
 * Throws PackConfigError for a bad config; a policy that throws is a bug and propagates.
 */
export async function evaluatePolicies(resources: readonly OfflineResource[], options: EvaluateOptions = {}): Promise<CheckReport> {
  const policies = options.policies ?? slipstreamPolicies;
  const configs = resolvePackConfig(policies, options.config);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const ref = (urn: string | undefined): ResourceRef | null => {
    const resource = urn === undefined ? undefined : byUrn.get(urn);
    return resource ? { type: resource.type, name: resource.name } : null;
  };
  const violations: ReportedViolation[] = [];
  const notApplicable: ReportedNotApplicable[] = [];
  let evaluatedPolicies = 0;
  const props = copiedProps(resources);

  for (const policy of policies) {
    const { enforcementLevel, properties } = configs.get(policy.name)!;
    if (enforcementLevel === "disabled") continue;
    evaluatedPolicies++;
    // Remediation is not something an offline check can do: as the analyzer, report as mandatory.
    const level = enforcementLevel === "remediate" ? "mandatory" : enforcementLevel;
    const record = (outcome: PolicyOutcome, subject: OfflineResource | null) => {
      for (const v of outcome.violations) {
        const { field, message } = policy.category === "deployability" ? splitFinding(v.message) : { field: undefined, message: v.message };
        violations.push({
          policy: policy.name,
          category: policy.category,
          enforcementLevel: level,
          controls: controlIds(policy.controls),
          resource: ref(v.urn ?? subject?.urn),
          ...(field !== undefined ? { field } : {}),
          message,
          ...(policy.url !== undefined ? { document: policy.url } : {}),
        });
      }
      const reason = outcome.notApplicable ?? (outcome.unknown !== undefined ? `not checked: ${outcome.unknown}` : undefined);
      if (reason !== undefined) notApplicable.push({ policy: policy.name, resource: subject ? { type: subject.type, name: subject.name } : null, reason });
      for (const e of outcome.exemptions) notApplicable.push({ policy: policy.name, resource: ref(e.urn), reason: e.reason });
    };
    if (isStackPolicy(policy)) {
      record(await runStackPolicy(policy, resources, properties, props), null);
    } else {
      for (const [i, resource] of resources.entries()) {
        if (!policy.appliesTo(resource.type)) continue;
        record(await runResourcePolicy(policy, resource, properties, props[i]), resource);
      }
    }
  }
  return {
    passed: !violations.some((v) => v.enforcementLevel === "mandatory"),
    violations,
    notApplicable,
    evaluated: { resources: resources.length, policies: evaluatedPolicies },
  };
}
