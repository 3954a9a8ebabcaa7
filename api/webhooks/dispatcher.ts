import type { Logger } from "pino";
import type { Notification } from "../domain/notifications";
import { eventOf, type Delivery, type DeliveryEvent, type Webhook } from "../domain/webhooks";
import { StoreConflictError, type Store } from "../store/store";
import { deliveryId } from "./delivery-id";

/** Notifications read from the outbox per pass. */
const OUTBOX_PAGE = 100;
/** Webhooks read per page of a team's list. */
const WEBHOOK_PAGE = 100;

/** A new delivery of `event` to `webhook`, due at once. */
export function newDelivery(event: DeliveryEvent, webhook: Webhook, now: string): Delivery {
  return { id: deliveryId(event.id, webhook.id), webhook: webhook.id, team: webhook.team, event, status: "pending", attempts: [], nextAttemptAt: now, createdAt: now, finishedAt: null };
}

/**
 * Fans the outbox out: each undispatched notification becomes one delivery per webhook of its
 * team that subscribes to its kind and existed when it happened, then is marked dispatched.
 * Every instance runs it; it is idempotent rather than exclusive — a delivery's id is derived
 * from the notification and the webhook and created only if absent, and the mark is a
 * conditional write — so two instances, or one that crashed between the two steps and runs
 * again, create each delivery once.
 */
export class NotificationDispatcher {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /** One pass over the outbox; returns how many deliveries it created. */
  async dispatchPending(now: string): Promise<number> {
    let created = 0;
    for (const notification of await this.store.notifications.listUndispatched(OUTBOX_PAGE)) {
      created += await this.dispatch(notification, now);
    }
    return created;
  }

  private async dispatch(notification: Notification, now: string): Promise<number> {
    const event = eventOf(notification);
    let created = 0;
    for (const webhook of await this.subscribers(notification)) {
      if (await this.store.deliveries.create(newDelivery(event, webhook, now))) created++;
    }
    try {
      await this.store.notifications.markDispatched(notification.id, now);
    } catch (err) {
      // Another instance fanned it out at the same time: its deliveries are the same ones.
      if (!(err instanceof StoreConflictError)) throw err;
    }
    if (created > 0) this.log.info({ notification: notification.id, kind: notification.kind, team: notification.team, deliveries: created }, "notification dispatched to webhooks");
    return created;
  }

  /** The team's webhooks for this kind, created no later than the notification's time (a new subscription hears what happens after it). */
  private async subscribers(notification: Notification): Promise<Webhook[]> {
    const matching: Webhook[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.store.webhooks.list(notification.team, after, WEBHOOK_PAGE);
      matching.push(...page.filter((w) => w.kinds.includes(notification.kind) && w.createdAt <= notification.time));
      if (page.length < WEBHOOK_PAGE) return matching;
      after = page[page.length - 1]!.id;
    }
  }
}
