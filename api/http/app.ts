import type { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { contextStorage } from "hono/context-storage";
import { requestId } from "hono/request-id";
import { PayloadTooLargeError, UnauthenticatedError } from "../domain/errors";
import { ServiceMetrics } from "../metrics/service-metrics";
import { authenticate, authorize, matchedRoute, registerBearerScheme } from "./access";
import { allowedMethods } from "./allowed-methods";
import type { AppDependencies, AppServices } from "./app-dependencies";
import type { AppEnv } from "./app-env";
import { auditTrail } from "./audit";
import { idempotency } from "./idempotency";
import { jsonGuard } from "./json-guard";
import { openApiDocument } from "./openapi-document";
import { problemFor, problemResponse } from "./problem";
import { auditRoutes } from "./routes/audit";
import { catalogueRoutes } from "./routes/catalogue";
import { consoleRoutes } from "./routes/console";
import { deploymentRoutes } from "./routes/deployments";
import { upgradeRoutes } from "./routes/upgrades";
import { docsRoutes } from "./routes/docs";
import { healthRoutes } from "./routes/health";
import { jobRoutes } from "./routes/jobs";
import { metricsRoutes } from "./routes/metrics";
import { operationRoutes } from "./routes/operations";
import { planRoutes } from "./routes/plans";
import { teamRoutes } from "./routes/teams";
import { webhookRoutes } from "./routes/webhooks";
import { routeGroup } from "./route-group";
import { truncate } from "./truncate";

export const API_VERSION = "1.0.0";

/** The OpenAPI document `GET /openapi.json` publishes for an app. */
export function apiDocument(app: OpenAPIHono<AppEnv>): ReturnType<typeof openApiDocument> {
  return openApiDocument(app, {
    title: "Slipstream",
    version: API_VERSION,
    description: "Self-service streaming-analytics architectures on AWS: plan, deploy, update, refresh and destroy blueprint instances.",
  });
}

/**
 * Slipstream's HTTP API. Routes parse with zod, call the services and serialise; they are
 * never given the store, the engine, the worker or the planner, and eslint.config.mjs keeps
 * them from importing those. The OpenAPI 3.1 document is generated from the same schemas.
 *
 * Order of the middleware, and why: the audit trail wraps everything after it, so every
 * outcome of a mutating request is recorded; the caller is authenticated and its role
 * checked against the route before the body is read, so an unauthenticated or too-weak
 * caller costs no parsing, planning or idempotency record; idempotency keys are then
 * scoped to the authenticated token.
 */
/**
 * The API's routes, one sub-app per route file, chained so that their types add up:
 * `SlipstreamApi` is the type a typed client is derived from (`hc<SlipstreamApi>(url)`).
 */
export function apiRoutes(services: AppServices, metrics: ServiceMetrics, clock?: () => number) {
  return routeGroup()
    .route("/", catalogueRoutes())
    .route("/", planRoutes(services))
    .route("/", deploymentRoutes(services))
    .route("/", upgradeRoutes(services))
    .route("/", jobRoutes(services))
    .route("/", operationRoutes(services))
    .route("/", teamRoutes(services, clock))
    .route("/", webhookRoutes(services))
    .route("/", auditRoutes(services))
    .route("/", healthRoutes(services))
    .route("/", metricsRoutes(metrics));
}

export type SlipstreamApi = ReturnType<typeof apiRoutes>;

export function createApp(deps: AppDependencies): OpenAPIHono<AppEnv> {
  const app = routeGroup();
  const { services } = deps;
  const metrics = deps.metrics ?? new ServiceMetrics();

  app.use("*", requestId());
  // Request handling runs inside hono's AsyncLocalStorage scope; operations must not
  // (pulumi/pulumi#20737) — see OperationWorker.notify.
  app.use("*", contextStorage());
  app.use("*", async function accessLog(c, next) {
    const started = performance.now();
    await next();
    // The caller by token id; a refused token by id too when it is known, with why it was refused (never shown to the caller).
    const refused = c.error instanceof UnauthenticatedError ? c.error : undefined;
    const actor = c.get("actor")?.tokenId ?? refused?.actor?.tokenId;
    const ms = performance.now() - started;
    deps.log.info({ requestId: c.get("requestId"), method: c.req.method, path: c.req.path, status: c.res.status, actor, ...(refused ? { refused: refused.reason } : {}), ms: Math.round(ms) }, "request");
    // By route pattern, never the path itself: names and ids would make a series per request.
    metrics.request(c.req.method, matchedRoute(c)?.path ?? "(unmatched)", c.res.status, ms / 1000);
  });
  app.use("*", auditTrail(services.access, deps.store, deps.log, deps.clock));
  app.use("*", authenticate(services.access));
  app.use("*", authorize(deps.log));
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: () => {
        throw new PayloadTooLargeError(`request bodies are limited to ${deps.maxBodyBytes} bytes`);
      },
    }),
  );
  app.use("/v1/*", jsonGuard());
  app.use("/v1/*", idempotency(deps.store, { ...deps.idempotency, log: deps.log }));

  // Each route file is an app of its own, handed only the services it calls; mounted after
  // the middleware above, which therefore runs for every one of its routes.
  app.route("/", apiRoutes(services, metrics, deps.clock));
  registerBearerScheme(app, services.access.enforced);

  // Built on first request, once every route is registered; the routes never change after.
  let document: ReturnType<typeof apiDocument> | undefined;
  app.get("/openapi.json", (c) => c.json((document ??= apiDocument(app))));
  app.route("/", docsRoutes());
  app.route("/", consoleRoutes());

  let methodsOf: ((path: string) => string[]) | undefined;
  app.notFound((c) => {
    methodsOf ??= allowedMethods(app.routes);
    const allowed = methodsOf(c.req.path);
    // A route that answers this method and found nothing (an unknown docs asset) is a 404.
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      const response = problemResponse({ type: "about:blank", title: "Method not allowed", status: 405, detail: truncate(`${c.req.method} is not allowed on ${c.req.path}; allowed: ${allowed.join(", ")}`, 1000), instance: truncate(c.req.path, 1000) });
      response.headers.set("allow", allowed.join(", "));
      return response;
    }
    return problemResponse({ type: "about:blank", title: "Not found", status: 404, detail: truncate(`no route for ${c.req.method} ${c.req.path}`, 1000), instance: truncate(c.req.path, 1000) });
  });
  app.onError((err, c) => {
    const problem = problemFor(err, c);
    if (problem.status >= 500 && problem.status !== 503) deps.log.error({ err, requestId: problem.requestId }, "unhandled error");
    return problemResponse(problem);
  });
  return app;
}
