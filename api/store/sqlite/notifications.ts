import type { Notification, NotificationKind } from "../../domain/notifications";
import type { NotificationStore, OutboxEntry } from "../store";
import { conflict, immediate, type Db } from "./rows";

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  team: string;
  deployment: string;
  time: string;
  data: string;
  dispatched_at: string | null;
}

const toNotification = (r: NotificationRow): Notification => ({ id: r.id, kind: r.kind, team: r.team, deployment: r.deployment, time: r.time, data: JSON.parse(r.data) as Record<string, unknown> });

/**
 * Adds a notification to the outbox inside the caller's transaction — the SQLite half of
 * "a notification is written in the same write as the change it reports". Call it inside
 * `immediate(db, () => { …the change…; insertNotification(db, n); })`: if the change throws,
 * the notification is rolled back with it. Throws `StoreConflictError("exists")` for a taken id.
 */
export function insertNotification(db: Db, notification: Notification): void {
  const inserted = db
    .prepare(`INSERT INTO notifications (id, kind, team, deployment, time, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
    .run(notification.id, notification.kind, notification.team, notification.deployment, notification.time, JSON.stringify(notification.data));
  if (inserted.changes !== 1) throw conflict(`notification ${notification.id} already exists`, "exists")();
}

/** The outbox on SQLite: one row per notification, `dispatched_at` set once fanned out. */
export class SqliteNotifications implements NotificationStore {
  constructor(private readonly db: Db) {}

  async append(notification: Notification): Promise<void> {
    immediate(this.db, () => insertNotification(this.db, notification));
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const row = this.db.prepare(`SELECT * FROM notifications WHERE id = ?`).get(id) as NotificationRow | undefined;
    return row ? { notification: toNotification(row), dispatchedAt: row.dispatched_at } : undefined;
  }

  async listUndispatched(limit: number): Promise<Notification[]> {
    return (this.db.prepare(`SELECT * FROM notifications WHERE dispatched_at IS NULL ORDER BY id LIMIT ?`).all(limit) as NotificationRow[]).map(toNotification);
  }

  async markDispatched(id: string, now: string): Promise<void> {
    const marked = this.db.prepare(`UPDATE notifications SET dispatched_at = ? WHERE id = ? AND dispatched_at IS NULL`).run(now, id);
    if (marked.changes === 1) return;
    const exists = this.db.prepare(`SELECT 1 FROM notifications WHERE id = ?`).get(id);
    throw conflict(exists ? `notification ${id} is already dispatched` : `notification ${id} not found`, exists ? "not-queued" : "not-found")();
  }
}
