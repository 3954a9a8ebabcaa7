import type { Logger } from "../../lambda-runtime/json-log";
import type { RoleMappingEntries, SearchAccessPlan } from "../search-access-plan";
import type { HttpMethod, SearchRequester, SearchResponse } from "./security-api";

export interface ApplyOptions {
  readonly request: SearchRequester;
  /** Wait before retry `retry` (1-based). */
  readonly backoff: (retry: number) => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds left before the function must answer. */
  readonly remainingMs: () => number;
  /** Upper bound of one call. */
  readonly requestTimeoutMs: number;
  readonly log: Logger;
}

export interface ApplyResult {
  readonly roles: number;
  readonly mappingsChanged: number;
  readonly indexSettings: number;
  readonly removedRoles: number;
}

/** A call the domain refused for good (or still refused when time ran out); names the call, never a body. */
export class SearchAccessError extends Error {
  override readonly name = "SearchAccessError";
}

const SECURITY_API = "/_plugins/_security/api";

/**
 * Applies a {@link SearchAccessPlan} inside the domain, as its master user:
 *
 * 1. index settings (the index is created with them if missing);
 * 2. Slipstream's own roles, replaced whole (`PUT roles/<name>`);
 * 3. role mappings, read first and written back with Slipstream's principals added — the guide
 *    warns that `PUT rolesmapping` *replaces* a mapping, and `all_access` also holds the master
 *    user and whoever an administrator mapped by hand. Principals the previous plan mapped and
 *    this one does not are taken out again, and roles Slipstream no longer defines are deleted.
 *
 * Every step is idempotent, so the deployment may run it again at any time.
 */
export async function applySearchAccess(plan: SearchAccessPlan, previous: SearchAccessPlan | undefined, options: ApplyOptions): Promise<ApplyResult> {
  const call = (method: HttpMethod, path: string, body: unknown, accept: (response: SearchResponse) => boolean) => callWithRetry(method, path, body, accept, options);

  for (const { index, settings } of plan.indexSettings) {
    const created = await call("PUT", `/${index}`, { settings }, (r) => r.status < 300 || existsAlready(r));
    if (existsAlready(created)) await call("PUT", `/${index}/_settings`, settings, (r) => r.status < 300);
  }

  for (const [name, role] of Object.entries(plan.roles)) {
    await call("PUT", `${SECURITY_API}/roles/${name}`, role, (r) => r.status < 300);
  }

  let mappingsChanged = 0;
  const mapped = new Set([...Object.keys(plan.mappings), ...Object.keys(previous?.mappings ?? {})]);
  for (const role of mapped) {
    if (previous?.roles[role] !== undefined && plan.roles[role] === undefined) continue; // deleted below
    const path = `${SECURITY_API}/rolesmapping/${role}`;
    const current = await call("GET", path, undefined, (r) => r.status < 300 || r.status === 404);
    const existing = current.status === 404 ? undefined : mappingIn(current.body, role);
    const wanted = merged(existing, plan.mappings[role], previous?.mappings[role]);
    if (existing !== undefined && sameEntries(existing, wanted)) continue;
    await call("PUT", path, wanted, (r) => r.status < 300);
    mappingsChanged += 1;
  }

  let removedRoles = 0;
  for (const name of Object.keys(previous?.roles ?? {})) {
    if (plan.roles[name] !== undefined) continue;
    await call("DELETE", `${SECURITY_API}/rolesmapping/${name}`, undefined, (r) => r.status < 300 || r.status === 404);
    await call("DELETE", `${SECURITY_API}/roles/${name}`, undefined, (r) => r.status < 300 || r.status === 404);
    removedRoles += 1;
  }
  return { roles: Object.keys(plan.roles).length, mappingsChanged, indexSettings: plan.indexSettings.length, removedRoles };
}

interface StoredMapping {
  backend_roles: string[];
  users: string[];
  hosts: string[];
  and_backend_roles: string[];
}

/** The mapping as stored, plus Slipstream's principals, minus those only the previous plan wanted. */
function merged(existing: StoredMapping | undefined, wanted: RoleMappingEntries | undefined, before: RoleMappingEntries | undefined): StoredMapping {
  const keep = (field: "backend_roles" | "users") => {
    const dropped = new Set((before?.[field] ?? []).filter((arn) => !(wanted?.[field] ?? []).includes(arn)));
    return [...new Set([...(existing?.[field] ?? []).filter((arn) => !dropped.has(arn)), ...(wanted?.[field] ?? [])])];
  };
  return { backend_roles: keep("backend_roles"), users: keep("users"), hosts: existing?.hosts ?? [], and_backend_roles: existing?.and_backend_roles ?? [] };
}

function sameEntries(a: StoredMapping, b: StoredMapping): boolean {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((v) => y.includes(v));
  return same(a.backend_roles, b.backend_roles) && same(a.users, b.users);
}

/** `GET rolesmapping/<role>` answers `{ "<role>": { backend_roles, users, hosts, ... } }`. */
function mappingIn(body: string, role: string): StoredMapping {
  const parsed = safeJson(body) as Record<string, Partial<Record<keyof StoredMapping, unknown>>> | undefined;
  const entry = parsed?.[role] ?? {};
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  return { backend_roles: list(entry.backend_roles), users: list(entry.users), hosts: list(entry.hosts), and_backend_roles: list(entry.and_backend_roles) };
}

/** Creating an index (or alias) that already exists: its settings are updated instead. */
function existsAlready(response: SearchResponse): boolean {
  if (response.status !== 400) return false;
  const type = (safeJson(response.body) as { error?: { type?: unknown } } | undefined)?.error?.type;
  return type === "resource_already_exists_exception" || type === "invalid_index_name_exception";
}

/**
 * A new domain can answer 401/403 for a while (fine-grained access control initialising, the
 * access policy and IAM propagating), and any domain 429 or 5xx: those are retried with backoff
 * while time remains. Anything else is final.
 */
function isRetryable(status: number): boolean {
  return status === 401 || status === 403 || status === 429 || status >= 500;
}

async function callWithRetry(
  method: HttpMethod,
  path: string,
  body: unknown,
  accept: (response: SearchResponse) => boolean,
  options: ApplyOptions,
): Promise<SearchResponse> {
  for (let attempt = 1; ; attempt += 1) {
    let outcome: string;
    const timeoutMs = Math.min(options.requestTimeoutMs, options.remainingMs());
    if (timeoutMs <= 0) throw new SearchAccessError(`${method} ${path}: no time left to call the domain`);
    try {
      const response = await options.request(method, path, body, AbortSignal.timeout(timeoutMs));
      if (accept(response)) return response;
      const type = (safeJson(response.body) as { error?: { type?: unknown } } | undefined)?.error?.type;
      outcome = `HTTP ${response.status}${typeof type === "string" ? ` ${type}` : ""}`;
      if (!isRetryable(response.status)) throw new SearchAccessError(`${method} ${path} was refused: ${outcome}`);
    } catch (error) {
      if (error instanceof SearchAccessError) throw error;
      outcome = error instanceof Error ? error.name : "request-error";
    }
    const delayMs = options.backoff(attempt);
    if (options.remainingMs() <= delayMs) throw new SearchAccessError(`${method} ${path} still failed after ${attempt} attempts: ${outcome}`);
    options.log("warn", "retrying a domain call", { method, path, attempt, outcome, delayMs });
    await options.sleep(delayMs);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
