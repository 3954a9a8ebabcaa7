import type { Logger } from "pino";
import type { Store } from "../store/store";

/**
 * Deletes a batch of Idempotency-Key records whose lease or retention has passed, on every
 * scheduler poll in every instance: a bounded write each time, so the store keeps about a
 * day's keys however many requests carried one. Deleting an expired key is safe from any
 * instance: a request reserving it would have taken it over anyway.
 */
export async function pruneExpiredIdempotencyKeys(store: Store, { now, batch, log }: { now: number; batch: number; log: Logger }): Promise<{ acted: string[] }> {
  const pruned = await store.idempotency.pruneExpired(new Date(now).toISOString(), batch);
  if (pruned > 0) log.debug({ pruned }, "expired idempotency keys deleted");
  return { acted: [] };
}
