import type { Notification } from "../../domain/notifications";
import type { NotificationStore, OutboxEntry } from "../store";
import { conflict } from "./conflicts";
import { Expr, type Db, type Write } from "./db";
import { checkItemSize } from "./items";
import { PK, UNDISPATCHED, attr, index, keys } from "./table";
import { notificationItem, notificationRecord } from "./webhook-items";

/**
 * The write that adds a notification to the outbox — the DynamoDB half of "a notification is
 * written in the same write as the change it reports". Put it in the change's own
 * `db.commit([...writes, notificationWrite(n)])`: one TransactWriteItems, so the notification
 * exists exactly when the change does. Conditioned on the id being free (ids are `newId()`).
 */
export function notificationWrite(notification: Notification): Write {
  return { put: checkItemSize(notificationItem({ notification, dispatchedAt: null }), `notification ${notification.id}`), condition: (x) => x.notExists(PK) };
}

/**
 * The outbox: one item per notification, in the sparse `outbox-undispatched` index until the
 * dispatcher marks it dispatched (which removes the index key in the same update).
 */
export class DynamoNotifications implements NotificationStore {
  constructor(private readonly db: Db) {}

  async append(notification: Notification): Promise<void> {
    if (!(await this.db.commit([notificationWrite(notification)]))) throw conflict(`notification ${notification.id} already exists`, "exists");
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const item = await this.db.get(keys.notification(id));
    return item ? notificationRecord(item) : undefined;
  }

  async listUndispatched(limit: number): Promise<Notification[]> {
    if (limit <= 0) return [];
    const x = new Expr();
    // The index lags a dispatch by a moment on AWS: a notification read here may be dispatched
    // already, and marking it then fails — which the dispatcher expects.
    const page = await this.db.query({ IndexName: index.outbox, KeyConditionExpression: x.eq(attr.outbox, UNDISPATCHED), ...x.params(), Limit: limit });
    return page.items.map((item) => notificationRecord(item).notification);
  }

  async markDispatched(id: string, now: string): Promise<void> {
    const marked = await this.db.commit([{ update: keys.notification(id), set: { dispatchedAt: now }, remove: [attr.outbox, attr.outboxId], condition: (x) => `${x.exists(PK)} AND ${x.notExists("dispatchedAt")}` }]);
    if (marked) return;
    const exists = (await this.db.get(keys.notification(id))) !== undefined;
    throw conflict(exists ? `notification ${id} is already dispatched` : `notification ${id} not found`, exists ? "not-queued" : "not-found");
  }
}
