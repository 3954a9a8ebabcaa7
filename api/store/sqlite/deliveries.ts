import type { Delivery, DeliveryAttempt, DeliveryEvent, DeliveryStatus } from "../../domain/webhooks";
import type { DeliveryNext, DeliveryStore, Lease } from "../store";
import { conflict, immediate, type Db } from "./rows";

interface DeliveryRow {
  id: string;
  webhook_id: string;
  team: string;
  event: string;
  status: DeliveryStatus;
  attempts: string;
  next_attempt_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  finished_at: string | null;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  webhook: r.webhook_id,
  team: r.team,
  event: JSON.parse(r.event) as DeliveryEvent,
  status: r.status,
  attempts: JSON.parse(r.attempts) as DeliveryAttempt[],
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/**
 * Deliveries on SQLite: a row each, its attempts a JSON list on it. A claim sets the lease
 * (owner, expiry) on the oldest due pending row not under a live lease, in one IMMEDIATE
 * transaction; an attempt is one UPDATE conditioned on that owner, which also clears the lease.
 */
export class SqliteDeliveries implements DeliveryStore {
  constructor(private readonly db: Db) {}

  async create(d: Delivery): Promise<boolean> {
    const inserted = this.db
      .prepare(
        `INSERT INTO deliveries (id, webhook_id, team, event, status, attempts, next_attempt_at, created_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(d.id, d.webhook, d.team, JSON.stringify(d.event), d.status, JSON.stringify(d.attempts), d.nextAttemptAt, d.createdAt, d.finishedAt);
    return inserted.changes === 1;
  }

  async get(webhook: string, id: string): Promise<Delivery | undefined> {
    const row = this.db.prepare(`SELECT * FROM deliveries WHERE webhook_id = ? AND id = ?`).get(webhook, id) as DeliveryRow | undefined;
    return row ? toDelivery(row) : undefined;
  }

  async listByWebhook(webhook: string, before: string | undefined, limit: number): Promise<Delivery[]> {
    const rows =
      before !== undefined
        ? this.db.prepare(`SELECT * FROM deliveries WHERE webhook_id = ? AND id < ? ORDER BY id DESC LIMIT ?`).all(webhook, before, limit)
        : this.db.prepare(`SELECT * FROM deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?`).all(webhook, limit);
    return (rows as DeliveryRow[]).map(toDelivery);
  }

  async claimDue(lease: Lease, now: string): Promise<Delivery | undefined> {
    return immediate(this.db, () => {
      const row = this.db
        .prepare(
          `UPDATE deliveries SET lease_owner = ?, lease_expires_at = ?
           WHERE id = (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?) ORDER BY next_attempt_at, id LIMIT 1)
           RETURNING *`,
        )
        .get(lease.owner, lease.expiresAt, now, now) as DeliveryRow | undefined;
      return row ? toDelivery(row) : undefined;
    });
  }

  async recordAttempt(webhook: string, id: string, owner: string, attempt: DeliveryAttempt, next: DeliveryNext): Promise<Delivery> {
    return immediate(this.db, () => {
      const row = this.db.prepare(`SELECT * FROM deliveries WHERE webhook_id = ? AND id = ? AND status = 'pending' AND lease_owner = ?`).get(webhook, id, owner) as DeliveryRow | undefined;
      if (!row) throw conflict(`delivery ${id} is not pending under ${owner}`, "lease-lost")();
      const attempts = [...(JSON.parse(row.attempts) as DeliveryAttempt[]), attempt];
      const ended = next.status !== "pending";
      const updated = this.db
        .prepare(
          `UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
           WHERE id = ? AND status = 'pending' AND lease_owner = ? RETURNING *`,
        )
        .get(next.status, JSON.stringify(attempts), ended ? null : next.nextAttemptAt, ended ? attempt.time : null, id, owner) as DeliveryRow | undefined;
      if (!updated) throw conflict(`delivery ${id} is not pending under ${owner}`, "lease-lost")();
      return toDelivery(updated);
    });
  }
}
