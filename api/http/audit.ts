import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { Actor, AuditEntry } from "../domain/access";
import { UnauthenticatedError } from "../domain/errors";
import type { AccessService } from "../service/access-service";
import { newId } from "../store/ids";
import type { Store } from "../store/store";
import { matchedRoute } from "./access";
import type { AppEnv } from "./app-env";
import { truncate } from "./truncate";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const PATH_LIMIT = 1000;

/**
 * One audit entry for every mutating request (POST, PUT, PATCH, DELETE), allowed or
 * refused — a 401 with no known caller, a 403, a 404 on another team's deployment, a 409, a
 * 422 are all entries — written to the store and to the log. It sits before
 * authentication, so it sees every outcome; it runs after the response is made but before it
 * is sent, so a caller that got an answer can read its entry.
 *
 * What it records comes from the request and its answer, not from the routes: the matched
 * route pattern and its path parameters (the deployment, the operation), the created
 * operation's id from a 2xx body (idempotent replays included), and the team — a team
 * token's own, or for the service admin the team of what it acted on. Never a body, a
 * header or a secret: the actor is a token's id and name.
 *
 * A failed store write does not change the response (the action already happened or was
 * already refused); the entry is then logged at error level, so the log still holds it.
 */
export function auditTrail(access: AccessService, store: Store, log: Logger, clock: () => number = Date.now): MiddlewareHandler<AppEnv> {
  return async function auditRequest(c, next) {
    if (!MUTATING.has(c.req.method)) return next();
    await next();
    const entry = await entryFor(c, store, clock);
    try {
      await access.record(entry);
      log.info({ audit: entry }, "audit");
    } catch (err) {
      log.error({ err, audit: entry }, "audit entry not stored; this log line is its only record");
    }
  };
}

async function entryFor(c: Context<AppEnv>, store: Store, clock: () => number): Promise<AuditEntry> {
  const route = matchedRoute(c);
  const refused = c.error instanceof UnauthenticatedError ? c.error : undefined;
  const actor: Actor | null = c.get("actor") ?? refused?.actor ?? null;
  const params = route ? paramsOf(route.path, c.req.path) : {};
  const answer = await answerOf(c);
  const onOperations = route?.path.startsWith("/v1/operations/") ?? false;
  const deployment = answer.deployment ?? params["name"] ?? null;
  const operation = answer.operation ?? (onOperations ? (params["id"] ?? null) : null);
  const status = c.res.status;
  return {
    id: newId(),
    time: new Date(clock()).toISOString(),
    actor,
    method: c.req.method,
    route: route?.path ?? "(no route)",
    path: truncate(c.req.path, PATH_LIMIT),
    team: actor?.team ?? answer.team ?? params["team"] ?? (actor ? await teamOf(store, deployment, operation) : null),
    deployment: deployment === null ? null : truncate(deployment),
    operation: operation === null ? null : truncate(operation),
    status,
    outcome: status < 400 ? "succeeded" : status < 500 ? "refused" : "failed",
    requestId: c.get("requestId"),
  };
}

/** Path parameters of a hono pattern (`/v1/deployments/:name`) in a path that matched it. */
function paramsOf(pattern: string, path: string): Record<string, string> {
  const names = pattern.split("/");
  const values = path.split("/");
  if (names.length !== values.length) return {};
  return Object.fromEntries(names.flatMap((name, i) => (name.startsWith(":") ? [[name.slice(1), values[i]!]] : [])));
}

/**
 * What a successful answer names: the deployment (and its team) and the operation of an
 * `Accepted` body, or the team a `POST /v1/teams` created. A body marked `no-store` (it holds
 * a secret) is not read at all.
 */
async function answerOf(c: Context<AppEnv>): Promise<{ deployment?: string; team?: string; operation?: string }> {
  const res = c.res;
  if (res.status >= 300 || !(res.headers.get("content-type") ?? "").startsWith("application/json") || /no-store/.test(res.headers.get("cache-control") ?? "")) return {};
  let body: unknown;
  try {
    body = await res.clone().json();
  } catch {
    return {};
  }
  const get = (value: unknown, key: string): unknown => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined);
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  const deployment = get(body, "deployment");
  // An operation (a cancel's answer) names its deployment; an `Accepted` body holds both.
  if (typeof deployment === "string") return { deployment, operation: text(get(body, "id")) };
  if (deployment !== null && typeof deployment === "object") return { deployment: text(get(deployment, "name")), team: text(get(deployment, "team")), operation: text(get(get(body, "operation"), "id")) };
  if (c.req.path === "/v1/teams") return { team: text(get(body, "name")) };
  return {};
}

/** For the service admin: the team of the deployment it acted on, or of the operation's deployment. */
async function teamOf(store: Store, deployment: string | null, operation: string | null): Promise<string | null> {
  try {
    const name = deployment ?? (operation !== null ? (await store.operations.get(operation))?.deployment : undefined);
    return name === undefined ? null : ((await store.deployments.get(name))?.team ?? null);
  } catch {
    return null;
  }
}
