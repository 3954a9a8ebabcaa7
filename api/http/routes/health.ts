import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDependencies, AppEnv } from "../app-env";

export function healthRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  // Liveness: the process answers.
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  // Readiness: the store answers and the service is not starting or stopping. The engine's
  // absence does not make the service unready: catalogue, plans and checks still work.
  app.get("/readyz", async (c) => {
    const engine = await deps.engine.availability();
    const ready = deps.ready();
    let store = true;
    try {
      await deps.store.ping();
    } catch {
      store = false;
    }
    const body = { status: ready && store ? "ready" : "not-ready", store: store ? "ok" : "unavailable", engine: engine.ok ? { status: "ok", version: engine.version } : { status: "unavailable", reason: engine.reason } };
    return c.json(body, ready && store ? 200 : 503);
  });
}
