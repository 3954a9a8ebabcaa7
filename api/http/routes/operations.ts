import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { FINISHED_STATUSES } from "../../domain/model";
import { callerOf, guarded } from "../access";
import type { AppDependencies, AppEnv } from "../app-env";
import { ValidationError } from "../../domain/errors";
import { refuseBody } from "../refuse-body";
import { counterParam, EventSchema, IdParam, NoQuery, OperationSchema, ProblemSchema } from "../schemas";
import { operationView } from "../views";

const PAGE = 500;
const HEARTBEAT_MS = 15_000;

export function operationRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { service, store, bus } = deps;
  const eventPollMs = deps.eventPollMs ?? 1000;
  const notFound = {
    400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
    404: { description: "Not found", content: { "application/problem+json": { schema: ProblemSchema } } },
  };

  app.openapi(
    createRoute(guarded({
      method: "get",
      path: "/v1/operations/{id}",
      tags: ["operations"],
      summary: "An operation",
      request: { params: IdParam, query: NoQuery },
      responses: { 200: { description: "The operation", content: { "application/json": { schema: OperationSchema } } }, ...notFound },
    }, "read")),
    async (c) => c.json(operationView(await service.operation(c.req.valid("param").id, callerOf(c))), 200),
  );

  app.openapi(
    createRoute(guarded({
      method: "post",
      path: "/v1/operations/{id}/cancel",
      tags: ["operations"],
      summary: "Cancel an operation",
      description: "A queued operation is cancelled at once; a running one is asked to stop gracefully (SIGINT to the engine).",
      request: { params: IdParam, query: NoQuery },
      middleware: [refuseBody] as const,
      responses: {
        202: { description: "Cancellation accepted", content: { "application/json": { schema: OperationSchema } } },
        409: { description: "Already finished", content: { "application/problem+json": { schema: ProblemSchema } } },
        ...notFound,
      },
    }, "deploy")),
    async (c) => c.json(operationView(await service.cancel(c.req.valid("param").id, callerOf(c))), 202),
  );

  app.openapi(
    createRoute(guarded({
      method: "get",
      path: "/v1/operations/{id}/events",
      tags: ["operations"],
      summary: "An operation's events, a page at a time",
      description: "Engine events (prelude, resource steps, diagnostics, policy, summary) and Slipstream's own `slipstream.*` milestones, in sequence order. For a live stream use `/events/stream`.",
      request: { params: IdParam, query: z.object({ after: counterParam("Events after this sequence number").optional(), limit: z.coerce.number().int().min(1).max(PAGE).default(100) }).strict() },
      responses: { 200: { description: "Events", content: { "application/json": { schema: z.object({ events: z.array(EventSchema), next: z.number().int().nullable() }) } } }, ...notFound },
    }, "read")),
    async (c) => {
      const { id } = c.req.valid("param");
      const { after, limit } = c.req.valid("query");
      await service.operation(id, callerOf(c));
      const events = await store.events.list(id, Number(after ?? 0), limit + 1);
      const items = events.slice(0, limit);
      return c.json({ events: items.map(({ operationId: _operationId, ...e }) => e), next: events.length > limit ? items[items.length - 1]!.sequence : null }, 200);
    },
  );

  app.openapi(
    createRoute(guarded({
      method: "get",
      path: "/v1/operations/{id}/events/stream",
      tags: ["operations"],
      summary: "An operation's events as server-sent events",
      description: "Replays from `Last-Event-ID` (or `?after=`) and follows live until the operation finishes. Each event's id is its sequence number.",
      request: { params: IdParam, query: z.object({ after: counterParam("Events after this sequence number (`Last-Event-ID` wins)").optional() }).strict() },
      responses: { 200: { description: "text/event-stream", content: { "text/event-stream": { schema: z.string() } } }, ...notFound },
    }, "read")),
    async (c) => {
      const { id } = c.req.valid("param");
      let last = resumePoint(c.req.header("Last-Event-ID"), c.req.valid("query").after);
      await service.operation(id, callerOf(c));
      return streamSSE(c, async (stream) => {
        let wake: (() => void) | undefined;
        // This instance's runs wake the stream at once; another instance's are seen on the
        // next read of the store, every `eventPollMs`.
        const unsubscribe = bus.subscribe(id, () => wake?.());
        stream.onAbort(() => {
          unsubscribe();
          wake?.();
        });
        let lastWrite = Date.now();
        try {
          while (!stream.aborted) {
            const events = await store.events.list(id, last, PAGE);
            for (const { operationId: _operationId, ...event } of events) {
              await stream.writeSSE({ id: String(event.sequence), event: event.type, data: JSON.stringify(event) });
              last = event.sequence;
              lastWrite = Date.now();
            }
            if (events.length === PAGE) continue;
            const operation = await store.operations.get(id);
            if (!operation || FINISHED_STATUSES.includes(operation.status)) {
              // The final event is appended in the same write that finishes the operation.
              if ((await store.events.list(id, last, 1)).length === 0) break;
              continue;
            }
            await new Promise<void>((resolve) => {
              wake = resolve;
              setTimeout(resolve, eventPollMs).unref();
            });
            if (Date.now() - lastWrite >= HEARTBEAT_MS && !stream.aborted) {
              await stream.write(": keep-alive\n\n");
              lastWrite = Date.now();
            }
          }
        } finally {
          unsubscribe();
        }
      });
    },
  );
}

// Event ids are the sequence numbers this stream sent; anything else did not come from it.
function resumePoint(lastEventId: string | undefined, after: string | undefined): number {
  if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId.trim())) {
    throw new ValidationError("invalid Last-Event-ID", [{ field: "Last-Event-ID", message: "the id of an event this stream sent: a non-negative integer" }]);
  }
  return Number(lastEventId?.trim() ?? after ?? 0);
}
