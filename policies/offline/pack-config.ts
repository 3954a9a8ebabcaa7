import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { SlipstreamPolicy } from "../lib/slipstream-policy";

/** Pack config as `pulumi --policy-pack-config` takes it: `{"all": "mandatory", "policy-name": {"enforcementLevel": ..., ...}}`. */
export type PackConfig = Record<string, unknown>;

/** A pack config that names an unknown policy, an unknown level or a property its schema refuses. */
export class PackConfigError extends Error {
  constructor(message: string) {
    super(`invalid policy pack config: ${message}`);
    this.name = "PackConfigError";
  }
}

/** What a policy runs with: its enforcement level and its config properties, defaults filled in. */
export interface EffectivePolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function level(value: unknown, where: string): EnforcementLevel | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (LEVELS as readonly string[]).includes(value)) return value as EnforcementLevel;
  throw new PackConfigError(`${where}: enforcement level must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(value)}`);
}

/**
 * Resolves the config of every policy the way the CLI does before it configures the
 * analyzer: a policy's own level, else `all`, else the policy's default; properties are
 * checked against the policy's config schema and its defaults filled in.
 */
export function resolvePackConfig(policies: readonly SlipstreamPolicy[], config: PackConfig = {}): Map<string, EffectivePolicyConfig> {
  if (config === null || typeof config !== "object" || Array.isArray(config)) throw new PackConfigError("expected a JSON object");
  const names = new Set(policies.map((p) => p.name));
  for (const key of Object.keys(config)) {
    if (key !== "all" && !names.has(key)) throw new PackConfigError(`unknown policy "${key}"; the pack has: ${[...names].join(", ")}`);
  }
  const all = config["all"];
  const allLevel = typeof all === "object" && all !== null ? level((all as Record<string, unknown>)["enforcementLevel"], "all") : level(all, "all");

  const resolved = new Map<string, EffectivePolicyConfig>();
  for (const policy of policies) {
    const own = config[policy.name];
    let ownLevel: EnforcementLevel | undefined;
    let given: Record<string, unknown> = {};
    if (typeof own === "string") ownLevel = level(own, policy.name);
    else if (own !== undefined) {
      if (own === null || typeof own !== "object" || Array.isArray(own)) throw new PackConfigError(`${policy.name}: expected an enforcement level or an object`);
      const { enforcementLevel, ...rest } = own as Record<string, unknown>;
      ownLevel = level(enforcementLevel, policy.name);
      given = rest;
    }
    resolved.set(policy.name, {
      enforcementLevel: ownLevel ?? allLevel ?? policy.enforcementLevel ?? "mandatory",
      properties: propertiesFor(policy.name, policy.configSchema, given),
    });
  }
  return resolved;
}

function propertiesFor(policy: string, schema: PolicyConfigSchema | undefined, given: Record<string, unknown>): Record<string, unknown> {
  const declared = schema?.properties ?? {};
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    const propertySchema = declared[key];
    if (!propertySchema) throw new PackConfigError(`${policy}: unknown property "${key}"${Object.keys(declared).length ? `; it takes ${Object.keys(declared).join(", ")}` : "; it takes none"}`);
    const problem = schemaProblem(value, propertySchema);
    if (problem) throw new PackConfigError(`${policy}.${key}: ${problem}`);
    properties[key] = value;
  }
  for (const [key, propertySchema] of Object.entries(declared)) {
    if (!(key in properties) && propertySchema.default !== undefined) properties[key] = structuredClone(propertySchema.default);
  }
  for (const key of schema?.required ?? []) {
    if (!(key in properties)) throw new PackConfigError(`${policy}: "${key}" is required`);
  }
  return properties;
}

/** The subset of JSON Schema the pack's config schemas use; the first problem, or undefined. */
function schemaProblem(value: unknown, schema: PolicyConfigJSONSchema): string | undefined {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const typeOf = Array.isArray(value) ? "array" : value === null ? "null" : Number.isInteger(value) ? "integer" : typeof value;
  if (types.length > 0 && !types.some((t) => t === typeOf || (t === "number" && typeOf === "integer"))) return `expected ${types.join(" or ")}, got ${typeOf}`;
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`;
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return `must be at least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `must be at most ${schema.maximum}`;
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) return `must be at least ${schema.minLength} characters`;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return `must be at most ${schema.maxLength} characters`;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) return `must match ${schema.pattern}`;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return `needs at least ${schema.minItems} items`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `takes at most ${schema.maxItems} items`;
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) return "items must be unique";
    if (schema.items && !Array.isArray(schema.items) && typeof schema.items === "object") {
      for (const [i, item] of value.entries()) {
        const problem = schemaProblem(item, schema.items);
        if (problem) return `[${i}]: ${problem}`;
      }
    }
  }
  return undefined;
}
