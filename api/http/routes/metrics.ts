import { createRoute, z } from "@hono/zod-openapi";
import type { ServiceMetrics } from "../../metrics/service-metrics";
import { guarded } from "../access";
import { routeGroup } from "../route-group";
import { NoQuery } from "../schemas";

export function metricsRoutes(metrics: ServiceMetrics) {
  const app = routeGroup();
  return app
    .openapi(
      createRoute(
        guarded(
          {
            method: "get",
            path: "/metrics",
            operationId: "getMetrics",
            tags: ["health"],
            summary: "Prometheus metrics of this instance",
            description:
              "Prometheus text exposition: `slipstream_http_requests_total` and `slipstream_http_request_duration_seconds` (by method, route pattern, status), `slipstream_operations_total` and `slipstream_operation_duration_seconds` (by kind and outcome, for the operations this instance ran), `slipstream_plan_duration_seconds` (by outcome, and whether the plan was memoized), `slipstream_operations_active` (queued and running across every instance sharing the store), and Node's own `slipstream_nodejs_*`/`slipstream_process_*` metrics, event-loop lag among them.",
            request: { query: NoQuery },
            responses: { 200: { description: "The metrics", content: { "text/plain": { schema: z.string() } } } },
          },
          "read-metrics",
        ),
      ),
      async (c) => {
        const { body, contentType } = await metrics.scrape();
        return c.text(body, 200, { "content-type": contentType });
      },
    );
}
