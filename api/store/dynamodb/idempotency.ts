import type { IdempotencyLease, IdempotencyRecord, IdempotencyReservation, IdempotencyStore } from "../store";
import { RETRY, withRetries } from "./conflicts";
import type { Db } from "./db";
import { checkItemSize, idempotencyItem, idempotencyRecord } from "./items";
import { PK, keys } from "./table";

const passed = (expiresAt: string | null, now: string) => expiresAt !== null && Date.parse(expiresAt) <= Date.parse(now);

/**
 * Idempotency records, one item per key. Each carries a `revision`: taking over a key whose
 * lease or retention has passed is a Put conditioned on the revision read, so of several
 * requests racing for a free or expired key exactly one wins. The exact ISO `expiresAt`
 * decides expiry; `expireAtEpoch` only lets DynamoDB's TTL delete the item some time later.
 */
export class DynamoIdempotency implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  async reserve(key: string, fingerprint: string, lease: IdempotencyLease): Promise<IdempotencyReservation> {
    const held: IdempotencyRecord = { key, fingerprint, status: null, body: null, owner: lease.owner, expiresAt: lease.expiresAt };
    return withRetries(`reserving idempotency key "${key}"`, async (): Promise<IdempotencyReservation | typeof RETRY> => {
      const item = await this.db.get(keys.idempotency(key));
      if (!item) {
        const written = await this.db.commit([{ put: checkItemSize(idempotencyItem({ record: held, revision: 1 }), `idempotency key "${key}"`), condition: (x) => x.notExists(PK) }]);
        return written ? { reserved: true } : RETRY;
      }
      const { record, revision } = idempotencyRecord(item);
      if (!passed(record.expiresAt, lease.now)) return { reserved: false, existing: record };
      const written = await this.db.commit([{ put: checkItemSize(idempotencyItem({ record: held, revision: revision + 1 }), `idempotency key "${key}"`), condition: (x) => x.eq("revision", revision) }]);
      return written ? { reserved: true, replaced: record.status === null ? "unfinished" : "expired" } : RETRY;
    });
  }

  async complete(key: string, owner: string, response: { status: number; body: string; expiresAt: string }): Promise<boolean> {
    const item = await this.db.get(keys.idempotency(key));
    if (!item) return false;
    const { record, revision } = idempotencyRecord(item);
    if (record.owner !== owner || record.status !== null) return false;
    const completed: IdempotencyRecord = { ...record, status: response.status, body: response.body, expiresAt: response.expiresAt };
    // Conditioned on the revision read: a takeover since means this request's lease was lost.
    return this.db.commit([{ put: checkItemSize(idempotencyItem({ record: completed, revision: revision + 1 }), `the response kept for idempotency key "${key}"`), condition: (x) => x.eq("revision", revision) }]);
  }

  async release(key: string, owner: string): Promise<void> {
    // Only the holder of an unfinished request frees its key; anyone else's release changes nothing.
    await this.db.commit([{ delete: keys.idempotency(key), condition: (x) => `${x.eq("owner", owner)} AND ${x.notExists("status")}` }]);
  }

  async pruneExpired(_now: string, _limit: number): Promise<number> {
    // DynamoDB's TTL deletes each item after its `expireAtEpoch` (enabled and checked at start,
    // see table.ts); reserve() already treats a passed key as free meanwhile. A scan here would
    // read the whole table to find them.
    return 0;
  }
}
