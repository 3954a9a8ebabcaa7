import * as fs from "node:fs";
import * as path from "node:path";
import type { PlannedResource } from "../../programs/offline-plan/render-plan";

type Resources = PlannedResource[] | { resources: PlannedResource[] };
type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A resource's captured inputs, for reading nested values in assertions. */
export const inputs = (r: PlannedResource) => r.inputs as Inputs;
const list = (r: Resources) => (Array.isArray(r) ? r : r.resources);

export function ofType(resources: Resources, type: string): PlannedResource[] {
  return list(resources).filter((r) => r.type === type);
}

/** The one resource of a type (optionally with a name suffix); fails loudly otherwise. */
export function one(resources: Resources, type: string, nameSuffix?: string): PlannedResource {
  const found = ofType(resources, type).filter((r) => nameSuffix === undefined || r.name.endsWith(nameSuffix));
  if (found.length !== 1) throw new Error(`expected one ${type}${nameSuffix ? ` named *${nameSuffix}` : ""}, found ${found.map((r) => r.name).join(", ") || "none"}`);
  return found[0]!;
}

/** Whether `resource` takes `property` from `target` by reference (a property dependency the engine sees). */
export function wiredTo(resource: PlannedResource, property: string, target: PlannedResource): boolean {
  return (resource.propertyDependencies[property] ?? []).includes(target.urn);
}

/** Pulumi type tokens of @pulumi/aws resources whose args take `tags`, read from the provider's own typings. */
export function isTaggable(type: string): boolean {
  const cached = taggable.get(type);
  if (cached !== undefined) return cached;
  const match = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):(\w+)$/.exec(type);
  let result = false;
  if (match) {
    const file = path.join(AWS_TYPINGS, match[1]!, `${match[2]}.d.ts`);
    const source = fs.readFileSync(file, "utf8");
    const args = new RegExp(`export interface ${match[3]}Args \\{([\\s\\S]*?)\\n\\}`).exec(source);
    if (!args) throw new Error(`no ${match[3]}Args in ${file}`);
    result = /\n\s+tags\?:/.test(args[1]!);
  }
  taggable.set(type, result);
  return result;
}
const AWS_TYPINGS = path.dirname(require.resolve("@pulumi/aws/package.json"));
const taggable = new Map<string, boolean>();

export interface FoundStatement {
  resource: PlannedResource;
  property: string;
  statement: { Effect: string; Action: string | string[]; Resource?: string | string[]; Principal?: unknown; Condition?: unknown; Sid?: string };
}

// Where IAM-style policy documents live in the resources the blueprints create.
const POLICY_PROPERTIES: Record<string, string> = {
  "aws:iam/role:Role": "assumeRolePolicy",
  "aws:iam/rolePolicy:RolePolicy": "policy",
  "aws:iam/policy:Policy": "policy",
  "aws:s3/bucketPolicy:BucketPolicy": "policy",
  "aws:sqs/queuePolicy:QueuePolicy": "policy",
  "aws:sns/topicPolicy:TopicPolicy": "policy",
  "aws:kms/key:Key": "policy",
  "aws:opensearch/domain:Domain": "accessPolicies",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyDocument",
};

/** Every statement of every policy document in a plan. */
export function policyStatements(resources: Resources): FoundStatement[] {
  const found: FoundStatement[] = [];
  for (const resource of list(resources)) {
    const property = POLICY_PROPERTIES[resource.type];
    if (!property) continue;
    const value = resource.inputs[property];
    if (typeof value !== "string") throw new Error(`${resource.name}.${property} is not a rendered policy document`);
    const doc = JSON.parse(value) as { Statement: FoundStatement["statement"][] };
    for (const statement of doc.Statement) found.push({ resource, property, statement });
  }
  return found;
}

/** The statements of one resource's policy document. */
export function statementsOf(resource: PlannedResource): FoundStatement["statement"][] {
  return policyStatements([resource]).map((s) => s.statement);
}

export const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
