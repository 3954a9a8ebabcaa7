import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Logger } from "pino";
import type { Actor } from "../domain/access";
import { ForbiddenError, UnauthenticatedError } from "../domain/errors";
import { demand, type Permission } from "../domain/permissions";
import type { AccessService } from "../service/access-service";
import type { AppEnv } from "./app-env";
import { withEdgeResponses } from "./edge-responses";
import { ProblemSchema } from "./schemas";

/** Paths anyone may read: liveness, readiness and the API's own description. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/openapi.json", "/docs"]);

/**
 * Public: the paths above, the docs page's own assets (a stylesheet and a script), and the
 * web console's page and assets — static files holding no data; the console asks for a token
 * when the API it calls answers 401.
 */
export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path) || path.startsWith("/docs/assets/") || path === "/console" || path.startsWith("/console/assets/");
}

export const BEARER_SCHEME = "bearerAuth";

/**
 * The permission of every API route, by `METHOD /hono/:pattern`, filled in by `guarded` as
 * routes are declared — so a route's access rule sits next to its definition and is written
 * into the OpenAPI document from the same call. A matched route missing here is refused
 * (fail closed), and a test holds every documented route to having one.
 */
const ROUTE_PERMISSIONS = new Map<string, Permission>();

const accessProblems = {
  401: { description: "No token, or one that is unknown, malformed, expired or revoked (one answer for all)", content: { "application/problem+json": { schema: ProblemSchema } } },
  403: { description: "The token's role does not allow this", content: { "application/problem+json": { schema: ProblemSchema } } },
};

const WHO: Record<Permission, string> = {
  read: "any token (viewer or above); a team token sees its own team only",
  plan: "any token (viewer or above): a plan reads and changes nothing",
  deploy: "a deployer or admin token of the deployment's team, or the service admin",
  "manage-tokens": "an admin token of the team, or the service admin",
  "manage-webhooks": "an admin token of the team, or the service admin",
  "read-audit": "an admin token (its team's entries), or the service admin (every team's)",
  "manage-teams": "the service admin (the bootstrap token)",
  "read-metrics": "the service admin (the bootstrap token): Prometheus sends it as its bearer token",
};

/**
 * A route that needs a token with `permission`: registered for the authorization
 * middleware, and documented — bearer security, 401 and 403, and who may call it.
 */
export function guarded<R extends RouteConfig>(route: R, permission: Permission): R {
  ROUTE_PERMISSIONS.set(`${route.method.toUpperCase()} ${route.path.replaceAll(/\/{(.+?)}/g, "/:$1")}`, permission);
  const who = `**Who:** ${WHO[permission]}.`;
  return withEdgeResponses({
    ...route,
    security: [{ [BEARER_SCHEME]: [] }],
    description: route.description ? `${route.description}\n\n${who}` : who,
    responses: { ...route.responses, ...accessProblems },
  });
}

/** The permission a documented route needs (`GET /v1/deployments/{name}`), for tests and docs. */
export function routePermission(method: string, openApiPath: string): Permission | undefined {
  return ROUTE_PERMISSIONS.get(`${method.toUpperCase()} ${openApiPath.replaceAll(/\/{(.+?)}/g, "/:$1")}`);
}

export function registerBearerScheme(app: OpenAPIHono<AppEnv>, enforced: boolean): void {
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER_SCHEME, {
    type: "http",
    scheme: "bearer",
    description:
      "An API token (`sst_…`) created with POST /v1/teams/{team}/tokens, or the service admin's SLIPSTREAM_BOOTSTRAP_TOKEN. " +
      (enforced ? "Access control is on: every route but /healthz, /readyz and the docs needs one." : "This service runs open (loopback, no SLIPSTREAM_BOOTSTRAP_TOKEN): tokens are ignored and every caller acts as the service admin in team `default`."),
  });
}

/** The route a request matched (`{ method, path }` with hono's `:param` pattern), if any. */
export function matchedRoute(c: Context): { method: string; path: string } | undefined {
  // `app.use` middleware is registered for every method; a route for its own.
  const routes = matchedRoutes(c).filter((r) => r.method !== "ALL");
  const route = routes[routes.length - 1];
  return route ? { method: route.method, path: route.path } : undefined;
}

/** The authenticated caller; routes run only after `authenticate`, so it is always there. */
export function callerOf(c: Context<AppEnv>): Actor {
  const actor = c.get("actor");
  if (!actor) throw new UnauthenticatedError("missing");
  return actor;
}

/**
 * Who is calling: before anything reads the body. Public paths pass without a token; every
 * other path — unknown ones included, so routes cannot be probed — needs one when access
 * control is on.
 */
export function authenticate(access: AccessService): MiddlewareHandler<AppEnv> {
  return async function authenticateCaller(c, next) {
    if (isPublicPath(c.req.path)) return next();
    c.set("actor", await access.authenticate(c.req.header("authorization")));
    return next();
  };
}

/**
 * Whether the caller's role allows the matched route — before the body is read, planned or
 * replayed: a viewer's destroy is a 403 whatever its body and whether or not the deployment
 * exists. Which team it may act in is the service's check (404 for another team's).
 */
export function authorize(log: Pick<Logger, "error">): MiddlewareHandler<AppEnv> {
  return async function authorizeRoute(c, next) {
    const actor = c.get("actor");
    const route = matchedRoute(c);
    if (!actor || !route) return next();
    const permission = ROUTE_PERMISSIONS.get(`${route.method} ${route.path}`);
    if (!permission) {
      log.error({ method: route.method, route: route.path }, "a route has no access rule; refusing it");
      throw new ForbiddenError("this route has no access rule");
    }
    demand(actor, permission);
    return next();
  };
}
