import { createRoute, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { callerOf, guarded } from "../access";
import { ValidationError } from "../../domain/errors";
import type { DeploymentService } from "../../service/deployment-service";
import { HEARTBEAT_MS, type OperationEventsService } from "../../service/operation-events-service";
import { refuseBody } from "../refuse-body";
import { routeGroup } from "../route-group";
import { counterParam, EventSchema, IdParam, NoQuery, OperationSchema, ProblemSchema } from "../schemas";
import { operationView } from "../views";

/** The largest page of events a caller may ask for. */
const PAGE = 500;

export function operationRoutes({ deployments, operationEvents }: { deployments: DeploymentService; operationEvents: OperationEventsService }) {
  const app = routeGroup();
  const notFound = {
    400: { description: "Invalid request", content: { "application/problem+json": { schema: ProblemSchema } } },
    404: { description: "Not found", content: { "application/problem+json": { schema: ProblemSchema } } },
  };

  return app
    .openapi(
      createRoute(guarded({
        method: "get",
        path: "/v1/operations/{id}",
        operationId: "getOperation",
        tags: ["operations"],
        summary: "An operation",
        request: { params: IdParam, query: NoQuery },
        responses: { 200: { description: "The operation", content: { "application/json": { schema: OperationSchema } } }, ...notFound },
      }, "read")),
      async (c) => c.json(operationView(await deployments.operation(c.req.valid("param").id, callerOf(c))), 200),
    )
    .openapi(
      createRoute(guarded({
        method: "post",
        path: "/v1/operations/{id}/cancel",
        operationId: "cancelOperation",
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
      async (c) => c.json(operationView(await deployments.cancel(c.req.valid("param").id, callerOf(c))), 202),
    )
    .openapi(
      createRoute(guarded({
        method: "get",
        path: "/v1/operations/{id}/events",
        operationId: "listOperationEvents",
        tags: ["operations"],
        summary: "An operation's events, a page at a time",
        description: "Engine events (prelude, resource steps, diagnostics, policy, summary) and Slipstream's own `slipstream.*` milestones, in sequence order. For a live stream use `/events/stream`.",
        request: { params: IdParam, query: z.object({ after: counterParam("Events after this sequence number").optional(), limit: z.coerce.number().int().min(1).max(PAGE).default(100) }).strict() },
        responses: { 200: { description: "Events", content: { "application/json": { schema: z.object({ events: z.array(EventSchema), next: z.number().int().nullable() }) } } }, ...notFound },
      }, "read")),
      async (c) => {
        const { id } = c.req.valid("param");
        const { after, limit } = c.req.valid("query");
        return c.json(await operationEvents.page(id, Number(after ?? 0), limit, callerOf(c)), 200);
      },
    )
    .openapi(
      createRoute(guarded({
        method: "get",
        path: "/v1/operations/{id}/events/stream",
        operationId: "streamOperationEvents",
        tags: ["operations"],
        summary: "An operation's events as server-sent events",
        description: [
          "Replays from `Last-Event-ID` (or `?after=`) and follows live until the operation ends.",
          "Each engine event and `slipstream.*` milestone is a `message` event (no `event:` field, so `EventSource.onmessage` receives it): `id` is its sequence number and `data` the JSON of the event — `{ sequence, time, type, data }`, where `type` is the engine event's kind or the milestone's name, as in `/events`.",
          "After the last one comes a single `end` event, `data` `{ \"operation\": id, \"status\": <final status> }`, and the stream closes. A client that reconnects after it (`Last-Event-ID` at the last sequence) gets `204 No Content`, which tells an `EventSource` to stop.",
          `While nothing happens, a comment line (\`: keep-alive\`) is sent every ${HEARTBEAT_MS / 1000} s.`,
        ].join("\n\n"),
        request: {
          params: IdParam,
          query: z.object({ after: counterParam("Events after this sequence number (`Last-Event-ID` wins)").optional() }).strict(),
          headers: z.object({ "last-event-id": z.string().optional().openapi({ description: "The id of the last event received: the stream resumes after it" }) }),
        },
        responses: {
          200: { description: "The event stream", content: { "text/event-stream": { schema: z.string() } } },
          204: { description: "The operation has ended and has no event after the one given: nothing to stream" },
          ...notFound,
        },
      }, "read")),
      async (c) => {
        const { id } = c.req.valid("param");
        const after = resumePoint(c.req.header("Last-Event-ID"), c.req.valid("query").after);
        const follow = await operationEvents.follow(id, after, callerOf(c));
        if (!follow) return c.body(null, 204);
        return streamSSE(c, async (stream) => {
          const aborted = new AbortController();
          stream.onAbort(() => aborted.abort());
          for await (const item of follow(aborted.signal)) {
            if (item.kind === "event") await stream.writeSSE({ id: String(item.event.sequence), data: JSON.stringify(item.event) });
            else if (item.kind === "heartbeat") await stream.write(": keep-alive\n\n");
            else await stream.writeSSE({ event: "end", data: JSON.stringify({ operation: id, status: item.status }) });
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
