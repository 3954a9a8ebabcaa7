import { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import { bodyLimit } from "hono/body-limit";
import { contextStorage } from "hono/context-storage";
import { requestId } from "hono/request-id";
import { PayloadTooLargeError, UnauthenticatedError } from "../domain/errors";
import { WebhookService } from "../service/webhook-service";
import { authenticate, authorize, registerBearerScheme } from "./access";
import type { AppDependencies, AppEnv } from "./app-env";
import { auditTrail } from "./audit";
import { idempotency } from "./idempotency";
import { jsonGuard } from "./json-guard";
import { problemFor, problemResponse } from "./problem";
import { auditRoutes } from "./routes/audit";
import { catalogueRoutes } from "./routes/catalogue";
import { deploymentRoutes } from "./routes/deployments";
import { healthRoutes } from "./routes/health";
import { jobRoutes } from "./routes/jobs";
import { operationRoutes } from "./routes/operations";
import { planRoutes } from "./routes/plans";
import { teamRoutes } from "./routes/teams";
import { webhookRoutes } from "./routes/webhooks";
import { truncate } from "./truncate";
import { validationHook } from "./validation-hook";

export const API_VERSION = "1.0.0";

/**
 * Slipstream's HTTP API. Routes parse with zod, call the domain and serialise; they never
 * run the engine. The OpenAPI 3.1 document is generated from the same schemas.
 *
 * Order of the middleware, and why: the audit trail wraps everything after it, so every
 * outcome of a mutating request is recorded; the caller is authenticated and its role
 * checked against the route before the body is read, so an unauthenticated or too-weak
 * caller costs no parsing, planning or idempotency record; idempotency keys are then
 * scoped to the authenticated token.
 */
export function createApp(deps: AppDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });

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
    deps.log.info({ requestId: c.get("requestId"), method: c.req.method, path: c.req.path, status: c.res.status, actor, ...(refused ? { refused: refused.reason } : {}), ms: Math.round(performance.now() - started) }, "request");
  });
  app.use("*", auditTrail(deps.access, deps.store, deps.log, deps.clock));
  app.use("*", authenticate(deps.access));
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

  catalogueRoutes(app);
  planRoutes(app, deps);
  deploymentRoutes(app, deps);
  jobRoutes(app, deps);
  operationRoutes(app, deps);
  teamRoutes(app, deps);
  // Stateless over the store, so built here rather than passed in: every app gets the same rules.
  webhookRoutes(app, new WebhookService(deps.store, { open: !deps.access.enforced, clock: deps.clock }));
  auditRoutes(app, deps);
  healthRoutes(app, deps);
  registerBearerScheme(app, deps.access.enforced);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Slipstream",
      version: API_VERSION,
      description: "Self-service streaming-analytics architectures on AWS: plan, deploy, update, refresh and destroy blueprint instances.",
    },
  });
  app.get("/docs", swaggerUI({ url: "/openapi.json" }));

  app.notFound((c) => problemResponse({ type: "about:blank", title: "Not found", status: 404, detail: truncate(`no route for ${c.req.method} ${c.req.path}`, 1000), instance: truncate(c.req.path, 1000) }));
  app.onError((err, c) => {
    const problem = problemFor(err, c);
    if (problem.status >= 500 && problem.status !== 503) deps.log.error({ err, requestId: problem.requestId }, "unhandled error");
    return problemResponse(problem);
  });
  return app;
}
