import { createHash, randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import { ConflictError, IdempotencyMismatchError, ValidationError } from "../domain/errors";
import type { Store } from "../store/store";
import type { AppEnv } from "./app-env";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface IdempotencyOptions {
  /**
   * How long a request may hold its key while it runs. A key still held after this — its
   * process died, or it hung — is released, and a retry is handled as a fresh request.
   * Default 60 s: the longest request (validate, plan, queue) takes a few seconds even
   * with the plan pool saturated.
   */
  inFlightMs?: number;
  /** How long a finished request's response is replayed. Default 24 h. */
  retainMs?: number;
  /** Milliseconds since the epoch; tests move it. */
  clock?: () => number;
  log?: Pick<Logger, "warn">;
}

/**
 * `Idempotency-Key` on mutating requests: the first request with a key is handled and its
 * response kept; a retry with the same key and the same request gets that response again
 * (`Idempotent-Replayed: true`) and queues nothing; the same key with a different request
 * is refused with 422; a retry while the first is still running is refused with 409.
 * Server errors are not kept, so a retry runs afresh. Each reservation is a lease with its
 * own owner id and expiry, so nothing here lives in this process's memory: another
 * instance on the same store sees the same keys, and a dead owner's keys come free.
 * Keys are scoped to the token that sent them.
 */
export function idempotency(store: Store, { inFlightMs = 60_000, retainMs = 24 * 60 * 60_000, clock = Date.now, log }: IdempotencyOptions = {}): MiddlewareHandler<AppEnv> {
  const iso = (ms: number) => new Date(ms).toISOString();
  return async function idempotencyKeys(c, next) {
    const key = c.req.header("Idempotency-Key");
    if (!MUTATING.has(c.req.method) || key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ValidationError("invalid Idempotency-Key", [{ field: "Idempotency-Key", message: "1-255 visible ASCII characters" }]);
    const body = await c.req.text();
    const fingerprint = `${c.req.method} ${c.req.path} ${createHash("sha256").update(body).digest("hex")}`;
    const owner = randomUUID();
    const started = clock();
    // Keys are the caller's own: the same key from another token is another key, so a
    // response is never replayed to anyone but the token that caused it (another team's
    // deployment, or a deployer's answer to a viewer). A token id is not a secret.
    const scoped = `${c.get("actor")?.tokenId ?? "anonymous"}/${key}`;
    const reservation = await store.idempotency.reserve(scoped, fingerprint, { owner, now: iso(started), expiresAt: iso(started + inFlightMs) });
    if (!reservation.reserved) {
      const { existing } = reservation;
      if (existing.fingerprint !== fingerprint) throw new IdempotencyMismatchError(`Idempotency-Key "${key}" was used for a different request`);
      if (existing.status === null || existing.body === null) throw new ConflictError(`a request with Idempotency-Key "${key}" is still being handled; retry after it finishes (a key held by a request that never finishes is released ${Math.ceil(inFlightMs / 1000)} s after it was taken)`);
      const saved = JSON.parse(existing.body) as { contentType: string; text: string };
      return new Response(saved.text, { status: existing.status, headers: { "content-type": saved.contentType, "idempotent-replayed": "true" } });
    }
    if (reservation.replaced === "unfinished") log?.warn({ key, requestId: c.get("requestId") }, "an earlier request with this Idempotency-Key never finished (its process stopped or it hung); handling the retry afresh");
    await next();
    if (c.res.status >= 500) {
      await store.idempotency.release(scoped, owner);
      return;
    }
    // A response holding a secret (a new token) is never stored: its route says what a retry gets instead.
    const instead = c.get("replayInstead");
    const saved = instead ? { status: instead.status, contentType: instead.contentType, text: instead.text } : { status: c.res.status, contentType: c.res.headers.get("content-type") ?? "application/json", text: await c.res.clone().text() };
    const kept = await store.idempotency.complete(scoped, owner, { status: saved.status, body: JSON.stringify({ contentType: saved.contentType, text: saved.text }), expiresAt: iso(clock() + retainMs) });
    // The request outlived its lease and a retry took the key over: that retry's response is the one kept.
    if (!kept) log?.warn({ key, requestId: c.get("requestId") }, "this request held its Idempotency-Key past its lease; a retry took the key over, so this response is not replayed");
  };
}
