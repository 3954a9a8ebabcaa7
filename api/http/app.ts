import { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import { bodyLimit } from "hono/body-limit";
import { contextStorage } from "hono/context-storage";
import { requestId } from "hono/request-id";
import { PayloadTooLargeError } from "../domain/errors";
import type { AppDependencies, AppEnv } from "./app-env";
import { idempotency } from "./idempotency";
import { jsonGuard } from "./json-guard";
import { problemFor, problemResponse } from "./problem";
import { catalogueRoutes } from "./routes/catalogue";
import { deploymentRoutes } from "./routes/deployments";
import { healthRoutes } from "./routes/health";
import { operationRoutes } from "./routes/operations";
import { planRoutes } from "./routes/plans";
import { truncate } from "./truncate";
import { validationHook } from "./validation-hook";

export const API_VERSION = "1.0.0";

/**
 * Slipstream's HTTP API. Routes parse with zod, call the domain and serialise; they never
 * run the engine. The OpenAPI 3.1 document is generated from the same schemas.
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
    deps.log.info({ requestId: c.get("requestId"), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, "request");
  });
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
  operationRoutes(app, deps);
  healthRoutes(app, deps);

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
