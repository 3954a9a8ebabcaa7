import { createRoute, z } from "@hono/zod-openapi";
import type { HealthService } from "../../service/health-service";
import { withEdgeResponses } from "../edge-responses";
import { routeGroup } from "../route-group";
import { NoQuery } from "../schemas";

const Readiness = z
  .object({
    status: z.enum(["ready", "not-ready"]),
    store: z.enum(["ok", "unavailable"]),
    engine: z.union([z.object({ status: z.literal("ok"), version: z.string() }), z.object({ status: z.literal("unavailable"), reason: z.string() })]),
  })
  .openapi("Readiness");

export function healthRoutes({ health }: { health: HealthService }) {
  const app = routeGroup();
  // Liveness: the process answers.
  return app
    .openapi(
      createRoute(withEdgeResponses({
        method: "get",
        path: "/healthz",
        operationId: "getLiveness",
        tags: ["health"],
        // Public: probes carry no token.
        security: [],
        summary: "Liveness: the process answers (no token needed)",
        request: { query: NoQuery },
        responses: { 200: { description: "Alive", content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } } } },
      })),
      (c) => c.json({ status: "ok" as const }, 200),
    )
    // Readiness: the store answers and the service is not starting or stopping. The engine's
    // absence does not make the service unready: catalogue, plans and checks still work.
    .openapi(
      createRoute(withEdgeResponses({
        method: "get",
        path: "/readyz",
        operationId: "getReadiness",
        tags: ["health"],
        security: [],
        summary: "Readiness: the store answers and the service is not starting or stopping (no token needed)",
        request: { query: NoQuery },
        description: "The engine's state is reported but does not decide readiness: without a Pulumi CLI the catalogue, plans and checks still work, and operations answer 503.",
        responses: {
          200: { description: "Ready", content: { "application/json": { schema: Readiness } } },
          503: { description: "Not ready: starting, shutting down, or the store cannot be reached", content: { "application/json": { schema: Readiness } } },
        },
      })),
      async (c) => {
        const { ready, store, engine } = await health.readiness();
        const body = { status: ready ? ("ready" as const) : ("not-ready" as const), store, engine };
        return ready ? c.json(body, 200) : c.json(body, 503);
      },
    );
}
