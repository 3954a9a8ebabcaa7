import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { ConflictError, IdempotencyMismatchError, ValidationError } from "../domain/errors";
import type { Store } from "../store/store";
import type { AppEnv } from "./app-env";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * `Idempotency-Key` on mutating requests: the first request with a key is handled and its
 * response kept; a retry with the same key and the same request gets that response again
 * (`Idempotent-Replayed: true`) and queues nothing; the same key with a different request
 * is refused with 422. Server errors are not kept, so a retry runs afresh.
 */
export function idempotency(store: Store): MiddlewareHandler<AppEnv> {
  return async function idempotencyKeys(c, next) {
    const key = c.req.header("Idempotency-Key");
    if (!MUTATING.has(c.req.method) || key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ValidationError("invalid Idempotency-Key", [{ field: "Idempotency-Key", message: "1-255 visible ASCII characters" }]);
    const body = await c.req.text();
    const fingerprint = `${c.req.method} ${c.req.path} ${createHash("sha256").update(body).digest("hex")}`;
    const reservation = store.reserveIdempotency(key, fingerprint, new Date().toISOString());
    if (!reservation.reserved) {
      const { existing } = reservation;
      if (existing.fingerprint !== fingerprint) throw new IdempotencyMismatchError(`Idempotency-Key "${key}" was used for a different request`);
      if (existing.status === null || existing.body === null) throw new ConflictError(`a request with Idempotency-Key "${key}" is still being handled`);
      const saved = JSON.parse(existing.body) as { contentType: string; text: string };
      return new Response(saved.text, { status: existing.status, headers: { "content-type": saved.contentType, "idempotent-replayed": "true" } });
    }
    await next();
    if (c.res.status >= 500) {
      store.releaseIdempotency(key);
      return;
    }
    const text = await c.res.clone().text();
    store.completeIdempotency(key, c.res.status, JSON.stringify({ contentType: c.res.headers.get("content-type") ?? "application/json", text }));
  };
}
