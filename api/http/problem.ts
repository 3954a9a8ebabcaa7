import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, type FieldError } from "../domain/errors";

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
  "not-found": 404,
  conflict: 409,
  "payload-too-large": 413,
  "policy-violation": 422,
  "idempotency-mismatch": 422,
  "engine-unavailable": 503,
};

const TITLE: Record<DomainError["kind"], string> = {
  validation: "Invalid request",
  "not-found": "Not found",
  conflict: "Conflict",
  "payload-too-large": "Request body too large",
  "policy-violation": "Policy violation",
  "idempotency-mismatch": "Idempotency key reused with a different request",
  "engine-unavailable": "Deployment engine unavailable",
};

/**
 * The one place errors become responses. Domain errors say what they may; anything else is
 * a bare 500 with the request id — never a stack trace or raw CLI output.
 */
export function problemFor(err: unknown, c: Context): Problem {
  const requestId = c.get("requestId" as never) as string | undefined;
  const base = { instance: c.req.path, ...(requestId ? { requestId } : {}) };
  if (err instanceof DomainError) {
    const problem: Problem = { type: `https://slipstream.dev/problems/${err.kind}`, title: TITLE[err.kind], status: STATUS[err.kind], detail: err.message, ...base };
    if ("fieldErrors" in err) problem.errors = err.fieldErrors as FieldError[];
    if ("report" in err) problem["report"] = err.report;
    return problem;
  }
  if (err instanceof HTTPException && err.status < 500) {
    return { type: "about:blank", title: err.message || "Bad request", status: err.status, ...base };
  }
  return { type: "about:blank", title: "Internal server error", status: 500, detail: "an unexpected error occurred; quote the request id when reporting it", ...base };
}

export function problemResponse(problem: Problem): Response {
  return new Response(JSON.stringify(problem), { status: problem.status, headers: { "content-type": "application/problem+json" } });
}
