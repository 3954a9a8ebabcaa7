import type { NotificationKind } from "../../domain/notifications";
import type { NewWebhook, Webhook } from "../../domain/webhooks";
import type { WebhookStore } from "../store";
import { conflict, immediate, type Db } from "./rows";

interface WebhookRow {
  id: string;
  team: string;
  url: string;
  kinds: string;
  secret: string;
  created_at: string;
  created_by: string;
}

/** Field by field, without the secret: nothing added to the row later reaches a reader by default. */
const toWebhook = (r: WebhookRow): Webhook => ({ id: r.id, team: r.team, url: r.url, kinds: JSON.parse(r.kinds) as NotificationKind[], createdAt: r.created_at, createdBy: r.created_by });

/**
 * Webhook subscriptions on SQLite, one row each. The row holds the signing secret (HMAC needs
 * it, not a hash of it); only `signingSecret` selects that column.
 */
export class SqliteWebhooks implements WebhookStore {
  constructor(private readonly db: Db) {}

  async create(webhook: NewWebhook): Promise<void> {
    const inserted = this.db
      .prepare(`INSERT INTO webhooks (id, team, url, kinds, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
      .run(webhook.id, webhook.team, webhook.url, JSON.stringify(webhook.kinds), webhook.secret, webhook.createdAt, webhook.createdBy);
    if (inserted.changes !== 1) throw conflict(`webhook ${webhook.id} already exists`, "exists")();
  }

  async get(team: string, id: string): Promise<Webhook | undefined> {
    const row = this.db.prepare(`SELECT * FROM webhooks WHERE team = ? AND id = ?`).get(team, id) as WebhookRow | undefined;
    return row ? toWebhook(row) : undefined;
  }

  async list(team: string, after: string | undefined, limit: number): Promise<Webhook[]> {
    const rows = after !== undefined ? this.db.prepare(`SELECT * FROM webhooks WHERE team = ? AND id > ? ORDER BY id LIMIT ?`).all(team, after, limit) : this.db.prepare(`SELECT * FROM webhooks WHERE team = ? ORDER BY id LIMIT ?`).all(team, limit);
    return (rows as WebhookRow[]).map(toWebhook);
  }

  async delete(team: string, id: string): Promise<Webhook> {
    return immediate(this.db, () => {
      const row = this.db.prepare(`SELECT * FROM webhooks WHERE team = ? AND id = ?`).get(team, id) as WebhookRow | undefined;
      if (!row) throw conflict(`team "${team}" has no webhook ${id}`, "not-found")();
      this.db.prepare(`DELETE FROM webhooks WHERE id = ?`).run(id);
      return toWebhook(row);
    });
  }

  async signingSecret(team: string, id: string): Promise<string | undefined> {
    return (this.db.prepare(`SELECT secret FROM webhooks WHERE team = ? AND id = ?`).get(team, id) as { secret: string } | undefined)?.secret;
  }
}
