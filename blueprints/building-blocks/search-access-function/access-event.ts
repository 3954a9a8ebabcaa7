import type { IndexSettings, RoleMappingEntries, SearchAccessPlan, SecurityRole } from "../search-access-plan";

/**
 * What the deployment sends the access function (an `aws.lambda.Invocation` with the CRUD
 * lifecycle): the domain endpoint, the plan, and Pulumi's lifecycle key `tf` with the action
 * and, on update and delete, the previous input.
 */
export interface AccessEvent {
  readonly endpoint: string;
  readonly plan: SearchAccessPlan;
  readonly action: "create" | "update" | "delete";
  readonly previousPlan?: SearchAccessPlan;
}

/** An event the function cannot act on: a deployment mistake, reported by name, never retried. */
export class AccessEventError extends Error {
  override readonly name = "AccessEventError";
}

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;
// Security plugin role names and index names the plan may carry: no path separators or query.
const NAME = /^[a-zA-Z0-9_.*-]{1,255}$/;

export function parseAccessEvent(raw: unknown): AccessEvent {
  const event = asObject(raw, "the event");
  const endpoint = event["endpoint"];
  if (typeof endpoint !== "string" || !HOST.test(endpoint)) throw new AccessEventError("endpoint must be the domain endpoint host");
  const lifecycle = event["tf"] === undefined ? {} : asObject(event["tf"], "tf");
  const action = lifecycle["action"] ?? "create";
  if (action !== "create" && action !== "update" && action !== "delete") throw new AccessEventError(`tf.action ${JSON.stringify(action)} is not create, update or delete`);
  // The Terraform-based provider sends `prev_input`; its docs also spell it `prevInput`.
  const previous = lifecycle["prev_input"] ?? lifecycle["prevInput"];
  const previousPlan = previous === undefined || previous === null ? undefined : parsePlan(asObject(typeof previous === "string" ? JSON.parse(previous) : previous, "tf.prev_input")["plan"]);
  return { endpoint, plan: parsePlan(event["plan"]), action, ...(previousPlan === undefined ? {} : { previousPlan }) };
}

function parsePlan(raw: unknown): SearchAccessPlan {
  const plan = asObject(raw, "plan");
  const roles: Record<string, SecurityRole> = {};
  for (const [name, role] of Object.entries(asObject(plan["roles"] ?? {}, "plan.roles"))) {
    roles[checkName(name)] = role as SecurityRole;
  }
  const mappings: Record<string, RoleMappingEntries> = {};
  for (const [name, entries] of Object.entries(asObject(plan["mappings"] ?? {}, "plan.mappings"))) {
    const value = asObject(entries, `plan.mappings.${name}`);
    mappings[checkName(name)] = { backend_roles: strings(value["backend_roles"], name), users: strings(value["users"], name) };
  }
  const settings = plan["indexSettings"] ?? [];
  if (!Array.isArray(settings)) throw new AccessEventError("plan.indexSettings must be a list");
  const indexSettings = settings.map((entry: unknown): IndexSettings => {
    const value = asObject(entry, "plan.indexSettings[]");
    if (typeof value["index"] !== "string") throw new AccessEventError("plan.indexSettings[].index must be an index name");
    return { index: checkName(value["index"]), settings: asObject(value["settings"], "plan.indexSettings[].settings") as Record<string, string> };
  });
  return { roles, mappings, indexSettings };
}

function checkName(name: string): string {
  if (!NAME.test(name) || name.startsWith("_")) throw new AccessEventError(`${JSON.stringify(name)} is not a role or index name the access function handles`);
  return name;
}

function strings(value: unknown, role: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) throw new AccessEventError(`plan.mappings.${role} must list strings`);
  return value as string[];
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new AccessEventError(`${what} must be an object`);
  return value as Record<string, unknown>;
}
