import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, OverloadedError, type FieldError } from "../domain/errors";
import { truncate } from "./truncate";

/** RFC 9457 problem details, the body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const STATUS: Record<DomainError["kind"], number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "payload-too-large": 413,
  "policy-violation": 422,
  "idempotency-mismatch": 422,
  "engine-unavailable": 503,
  "upstream-failure": 502,
  overloaded: 429,
};

const TITLE: Record<DomainError["kind"], string> = {
  validation: "Invalid request",
  unauthenticated: "Unauthenticated",
  forbidden: "Forbidden",
  "not-found": "Not found",
  conflict: "Conflict",
  "payload-too-large": "Request body too large",
  "policy-violation": "Policy violation",
  "idempotency-mismatch": "Idempotency key reused with a different request",
  "engine-unavailable": "Deployment engine unavailable",
  "upstream-failure": "AWS refused or did not answer",
  overloaded: "Too many requests",
};

/**
 * The one place errors become responses. Domain errors say what they may; anything else is
 * a bare 500 with the request id — never a stack trace or raw CLI output.
 */
export function problemFor(err: unknown, c: Context): Problem {
  const requestId = c.get("requestId" as never) as string | undefined;
  const base = { instance: truncate(c.req.path, DETAIL_LIMIT), ...(requestId ? { requestId } : {}) };
  if (err instanceof DomainError) {
    const problem: Problem = { type: `https://slipstream.dev/problems/${err.kind}`, title: TITLE[err.kind], status: STATUS[err.kind], detail: truncate(err.message, DETAIL_LIMIT), ...base };
    if ("fieldErrors" in err) problem.errors = echoSafe(err.fieldErrors as FieldError[]);
    if ("report" in err) problem["report"] = err.report;
    if (err instanceof OverloadedError) problem["retryAfter"] = err.retryAfterSeconds;
    return problem;
  }
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own refusals: its JSON validator (an empty or unreadable body) and media-type check.
    const field = err.status === 415 ? "Content-Type" : err.status === 400 ? "(body)" : undefined;
    const title = err.message || "Bad request";
    return { type: "about:blank", title, status: err.status, ...base, ...(field ? { errors: [{ field, message: err.status === 415 ? "send application/json" : title }] } : {}) };
  }
  return { type: "about:blank", title: "Internal server error", status: 500, detail: "an unexpected error occurred; quote the request id when reporting it", ...base };
}

// A detail may quote several fields; field errors carry the rest.
const DETAIL_LIMIT = 1000;
const MAX_FIELD_ERRORS = 50;

/** Field errors as an error body may show them: bounded in number, each echo shortened. */
function echoSafe(errors: readonly FieldError[]): FieldError[] {
  const shown = errors.slice(0, MAX_FIELD_ERRORS).map((e) => ({ field: truncate(e.field), message: truncate(e.message) }));
  if (errors.length > MAX_FIELD_ERRORS) shown.push({ field: "(more)", message: `${errors.length - MAX_FIELD_ERRORS} more errors not shown` });
  return shown;
}

export function problemResponse(problem: Problem): Response {
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  // The body of a refused upload was not read: Node closes the socket after this response,
  // so say so rather than promise keep-alive (clients would reuse a dead connection).
  if (problem.status === 413) headers["connection"] = "close";
  // RFC 6750: how to authenticate. The same header for every 401, as the body is the same.
  if (problem.status === 401) headers["www-authenticate"] = 'Bearer realm="slipstream"';
  // RFC 9110 §10.2.3: when to try again, in seconds.
  if (problem.status === 429 && typeof problem["retryAfter"] === "number") headers["retry-after"] = String(problem["retryAfter"]);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
