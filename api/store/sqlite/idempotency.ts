import type { IdempotencyLease, IdempotencyRecord, IdempotencyReservation, IdempotencyStore } from "../store";
import { immediate, type Db } from "./rows";

/** Idempotency-Key records on SQLite; each reservation is a lease (owner, expiry). */
export class SqliteIdempotency implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  async reserve(key: string, fingerprint: string, lease: IdempotencyLease): Promise<IdempotencyReservation> {
    // IMMEDIATE: it reads before it writes, and a deferred transaction could lose its snapshot to another process.
    return immediate(this.db, (): IdempotencyReservation => {
      const existing = this.db.prepare(`SELECT key, fingerprint, status, body, owner, expires_at AS expiresAt FROM idempotency_keys WHERE key = ?`).get(key) as IdempotencyRecord | undefined;
      // One conditional write: a key is taken when free or when its lease or retention has run out.
      const taken = this.db
        .prepare(
          `INSERT INTO idempotency_keys (key, fingerprint, status, body, created_at, owner, expires_at) VALUES (?, ?, NULL, NULL, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL, body = NULL, created_at = excluded.created_at, owner = excluded.owner, expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at IS NULL OR idempotency_keys.expires_at <= excluded.created_at`,
        )
        .run(key, fingerprint, lease.now, lease.owner, lease.expiresAt);
      if (taken.changes === 1) return existing ? { reserved: true, replaced: existing.status === null ? "unfinished" : "expired" } : { reserved: true };
      return { reserved: false, existing: existing! };
    });
  }

  async complete(key: string, owner: string, response: { status: number; body: string; expiresAt: string }): Promise<boolean> {
    return this.db.prepare(`UPDATE idempotency_keys SET status = ?, body = ?, expires_at = ? WHERE key = ? AND owner = ? AND status IS NULL`).run(response.status, response.body, response.expiresAt, key, owner).changes === 1;
  }

  async release(key: string, owner: string): Promise<void> {
    this.db.prepare(`DELETE FROM idempotency_keys WHERE key = ? AND owner = ? AND status IS NULL`).run(key, owner);
  }

  async pruneExpired(now: string, limit: number): Promise<number> {
    // Through idempotency_keys_by_expiry, a bounded batch: one short write, however many expired.
    return this.db.prepare(`DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE expires_at IS NULL OR expires_at <= ? LIMIT ?)`).run(now, limit).changes;
  }
}
