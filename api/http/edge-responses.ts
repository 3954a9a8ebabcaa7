import type { RouteConfig } from "@hono/zod-openapi";
import { ProblemSchema } from "./schemas";

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

/** Every response carries the request's id: the access log, the audit entry and a problem's `requestId` name it. */
const REQUEST_ID = { "X-Request-Id": { description: "This request's id (sent back when the client sent one): the access log, the audit entry and any problem document name it", schema: { type: "string" as const } } };
const REPLAYED = { "Idempotent-Replayed": { description: "`true` when this is the stored response of an earlier request with the same Idempotency-Key (its outcome, success or refusal), not a new one", schema: { type: "string" as const, enum: ["true"] } } };

const MUTATING = new Set(["post", "put", "patch", "delete"]);

/**
 * What a route can answer besides its own responses, so the published document lists every
 * status and header the server sends: 400 for any invalid parameter, header or query; 413 and
 * 415 for a request body too large or not JSON; 409 and 422 for an Idempotency-Key still in
 * use or reused for another request; 500 for a failure of the service itself — and the
 * `X-Request-Id` header on every answer, `Idempotent-Replayed` on a mutation's replayable ones.
 */
export function withEdgeResponses<R extends RouteConfig>(route: R): R {
  const mutating = MUTATING.has(route.method);
  const withBody = route.request?.body !== undefined;
  const responses: RouteConfig["responses"] = {
    400: problem("Invalid request: a parameter, header, query or body field (named in `errors`)"),
    ...(withBody ? { 413: problem("The request body is larger than SLIPSTREAM_MAX_BODY_BYTES"), 415: problem("The request body is not `application/json`") } : {}),
    ...(mutating
      ? {
          409: problem("The deployment's state does not allow this now, the name is taken, or a request with this Idempotency-Key is still being handled"),
          422: problem("The Idempotency-Key was used for a different request, or the change violates mandatory policies"),
        }
      : {}),
    500: problem("The service failed; `requestId` names the request in its logs"),
    ...route.responses,
  };
  for (const [status, response] of Object.entries(responses)) {
    if (!("description" in response)) continue;
    // Any answer but a failure of the service is kept for a key's replay: refusals are replayed too.
    const replayable = mutating && Number(status) < 500;
    const own = (response as { headers?: Record<string, unknown> }).headers ?? {};
    responses[status] = { ...response, headers: { ...REQUEST_ID, ...(replayable ? REPLAYED : {}), ...own } } as typeof response;
  }
  return { ...route, responses };
}

/** A route gated by an offline plan (create, update, plan) can be refused while the plan queue is full. */
export const PLAN_QUEUE_FULL = {
  429: {
    ...problem("The plan queue is full (SLIPSTREAM_PLAN_QUEUE): nothing was done; retry after `Retry-After` seconds"),
    headers: { "Retry-After": { description: "Seconds to wait before retrying, from recent plan times", schema: { type: "integer" as const, minimum: 1 } } },
  },
};
