import type { PolicyConfigSchema, PolicyResource, ReportViolation, ResourceValidation, StackValidationArgs } from "@pulumi/policy";
import { policyMetadata, type Props, type SlipstreamResourcePolicy, type SlipstreamStackPolicy } from "./slipstream-policy";

/**
 * Deployability rules encode what AWS itself refuses (or silently breaks), the way cfn-lint
 * does for CloudFormation: every rule names the AWS document it comes from, and every
 * violation names the field. They are mandatory like the rest of the pack; the pack config
 * can make one advisory or disable it.
 */
export interface DeployabilityDefinition {
  /** Kebab-case, unique in the pack. */
  name: string;
  description: string;
  /** The AWS document the constraint comes from. */
  document: string;
  remediation: string;
  configSchema?: PolicyConfigSchema;
}

/** What a check sees of one resource. `config` holds the rule's config properties, defaults filled in. */
export interface ResourceContext {
  type: string;
  name: string;
  props: Props;
  config: Record<string, unknown>;
}

/** Reports one broken constraint: the field (a dotted path of the resource's props) and what AWS expects. */
export type ReportFinding = (field: string, message: string) => void;

export type ResourceCheck = (resource: ResourceContext, report: ReportFinding) => void;

// A violation's message starts with its field, so reports can show the field on its own
// (the analyzer protocol carries a message only).
const FIELD_PREFIX = /^([A-Za-z_$][\w$]*(?:(?:\.[\w$:-]+)|(?:\[\d+\]))*): /;

/** The message a deployability rule reports: `<field>: <what AWS expects>`. */
export function findingMessage(field: string, message: string): string {
  return `${field}: ${message}`;
}

/** The field a deployability violation names, and the rest of its message. */
export function splitFinding(message: string): { field?: string; message: string } {
  const match = FIELD_PREFIX.exec(message);
  return match ? { field: match[1]!, message: message.slice(match[0].length) } : { message };
}

const metadata = (definition: DeployabilityDefinition) =>
  policyMetadata({
    name: definition.name,
    description: definition.description,
    controls: { securityHub: [], checkov: [] },
    remediation: definition.remediation,
    category: "deployability",
    url: definition.document,
    ...(definition.configSchema ? { configSchema: definition.configSchema } : {}),
  });

/**
 * A rule over the resources of the given types: each check looks at one resource's props.
 * With a single type the validation carries `__pulumiType`, so the analyzer skips other types
 * without calling it (as `validateResourceOfType` does).
 */
export function resourceRule(definition: DeployabilityDefinition & { types: readonly string[] | ((type: string) => boolean); checks: readonly ResourceCheck[] }): SlipstreamResourcePolicy {
  const applies = typeof definition.types === "function" ? definition.types : (type: string) => (definition.types as readonly string[]).includes(type);
  const validateResource: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) => {
    if (!applies(args.type)) args.notApplicable(`${args.type} is not among the types ${definition.name} checks`);
    const resource: ResourceContext = { type: args.type, name: args.name, props: args.props as Props, config: args.getConfig<Record<string, unknown>>() };
    const report: ReportFinding = (field, message) => reportViolation(findingMessage(field, message));
    for (const check of definition.checks) check(resource, report);
  };
  if (Array.isArray(definition.types) && definition.types.length === 1) validateResource.__pulumiType = definition.types[0];
  return { ...metadata(definition), validateResource, appliesTo: applies };
}

/** Reports one broken constraint of a stack rule against the resource that must change. */
export type ReportStackFinding = (resource: PolicyResource, field: string, message: string) => void;

/**
 * A rule over the whole stack, for constraints between resources (a key and the services that
 * use it, a queue and the function that consumes it) or across them (quotas per account).
 * Under the engine a stack rule sees outputs, offline the plan's inputs: checks read fields
 * both carry.
 */
export function stackRule(
  definition: DeployabilityDefinition & { validate: (resources: readonly PolicyResource[], report: ReportStackFinding, config: Record<string, unknown>) => void },
): SlipstreamStackPolicy {
  return {
    ...metadata(definition),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const report: ReportStackFinding = (resource, field, message) => reportViolation(findingMessage(field, message), resource.urn);
      definition.validate(args.resources, report, args.getConfig<Record<string, unknown>>());
    },
  };
}
