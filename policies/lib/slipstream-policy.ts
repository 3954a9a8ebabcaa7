import type { PolicyConfigSchema, ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/** The public control catalogues a policy implements, so a report reads next to Security Hub or Checkov output. */
export interface Controls {
  securityHub: string[];
  checkov: string[];
  /** Other catalogues, e.g. the AWS Config rule `required-tags`. */
  other?: string[];
}

/**
 * What a policy protects, as reports group violations: a control of the security catalogues,
 * the tagging standard, or a hard rule of AWS without which the deployment fails.
 */
export type PolicyCategory = "security" | "tagging" | "deployability";

/** What every Slipstream policy carries besides Pulumi's own fields. */
interface SlipstreamMetadata {
  controls: Controls;
  /** What to change so the resource complies. */
  remediationSteps: string;
  category: PolicyCategory;
  /** The document the rule comes from (Pulumi's own `url` field); deployability rules always name one. */
  url?: string;
}

export type SlipstreamResourcePolicy = ResourceValidationPolicy &
  SlipstreamMetadata & {
    validateResource: ResourceValidation;
    /** The resource types the policy looks at; on others it is not applicable. The analyzer ignores this field. */
    appliesTo: (type: string) => boolean;
  };
export type SlipstreamStackPolicy = StackValidationPolicy & SlipstreamMetadata;
export type SlipstreamPolicy = SlipstreamResourcePolicy | SlipstreamStackPolicy;

/** Every control id of a policy, Security Hub first. */
export function controlIds(controls: Controls): string[] {
  return [...controls.securityHub, ...controls.checkov, ...(controls.other ?? [])];
}

/** Control ids as policy tags: the engine and Pulumi Cloud show tags, not our own fields. */
function controlTags(controls: Controls): string[] {
  return [...controls.securityHub.map((id) => `security-hub:${id}`), ...controls.checkov.map((id) => `checkov:${id}`), ...(controls.other ?? [])];
}

export interface PolicyDefinition {
  /** Kebab-case, unique in the pack. */
  name: string;
  description: string;
  controls: Controls;
  remediation: string;
  configSchema?: PolicyConfigSchema;
  /** Default `security`. */
  category?: PolicyCategory;
  url?: string;
}

/** The shared metadata of a policy; every Slipstream policy is `mandatory` unless the pack config says otherwise. */
export function policyMetadata(definition: PolicyDefinition) {
  const category = definition.category ?? "security";
  return {
    name: definition.name,
    description: definition.description,
    enforcementLevel: "mandatory" as const,
    controls: definition.controls,
    remediationSteps: definition.remediation,
    category,
    // The category leads the tags: the engine and Pulumi Cloud show tags, not our own fields.
    tags: [category, ...controlTags(definition.controls)],
    ...(definition.url ? { url: definition.url } : {}),
    ...(definition.configSchema ? { configSchema: definition.configSchema } : {}),
  };
}

// Inputs as policies see them: plain JSON behind Pulumi's unknown-checking proxy.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;

export type TypedValidation = (props: Props, args: ResourceValidationArgs, reportViolation: ReportViolation) => void;

/**
 * A policy over one resource type, named by its type token rather than its class: the pack
 * runs without @pulumi/aws installed. The function carries `__pulumiType` as
 * `validateResourceOfType` does, so the analyzer skips other types without calling it.
 */
export function resourcePolicy(definition: PolicyDefinition & { type: string; validate: TypedValidation }): SlipstreamResourcePolicy {
  const { type, validate } = definition;
  const validateResource: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) => {
    if (args.type !== type) args.notApplicable(`Policy only applies to resources of type '${type}'`);
    validate(args.props, args, reportViolation);
  };
  validateResource.__pulumiType = type;
  return { ...policyMetadata(definition), validateResource, appliesTo: (candidate) => candidate === type };
}
