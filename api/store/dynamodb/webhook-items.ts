import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Notification } from "../../domain/notifications";
import type { Delivery, NewWebhook, Webhook } from "../../domain/webhooks";
import type { Lease, OutboxEntry } from "../store";
import type { Item } from "./items";
import { DUE, UNDISPATCHED, attr, keys } from "./table";

/**
 * Codecs of the webhook records: outbox notifications, subscriptions and deliveries. Each
 * record is JSON text in one attribute — its fields must not become index keys (a field named
 * `deployment` beside `id` would put it in the operations index) — beside the few attributes
 * that conditions and the sparse indexes read, derived here from the record.
 */

const json = (value: unknown) => JSON.stringify(value ?? null);

export function notificationItem({ notification, dispatchedAt }: OutboxEntry): Item {
  return marshall(
    {
      ...keys.notification(notification.id),
      type: "notification",
      notification: json(notification),
      dispatchedAt: dispatchedAt ?? undefined,
      // In the outbox index until dispatched.
      [attr.outbox]: dispatchedAt === null ? UNDISPATCHED : undefined,
      [attr.outboxId]: dispatchedAt === null ? notification.id : undefined,
    },
    { removeUndefinedValues: true },
  );
}

export function notificationRecord(item: Item): OutboxEntry {
  const raw = unmarshall(item);
  return { notification: JSON.parse(String(raw.notification)) as Notification, dispatchedAt: (raw.dispatchedAt as string | undefined) ?? null };
}

/** The subscription's public fields, field by field: the secret is an attribute of its own, read only by `signingSecret`. */
const publicWebhook = (w: Webhook): Webhook => ({ id: w.id, team: w.team, url: w.url, kinds: [...w.kinds], createdAt: w.createdAt, createdBy: w.createdBy });

export function webhookItem(webhook: NewWebhook): Item {
  return marshall({ ...keys.webhook(webhook.team, webhook.id), type: "webhook", webhook: json(publicWebhook(webhook)), secret: webhook.secret });
}

export function webhookRecord(item: Item): Webhook {
  return publicWebhook(JSON.parse(String(unmarshall(item).webhook)) as Webhook);
}

/** A delivery as stored: the record, its lease while an instance attempts it, and the version every write to it is conditioned on. */
export interface DeliveryRecord {
  delivery: Delivery;
  lease: Lease | null;
  version: number;
}

/** When a pending delivery may next be claimed: when it is due, or when the lease on it lapses if that is later. */
export function claimableAt(delivery: Delivery, lease: Lease | null): string | undefined {
  if (delivery.status !== "pending" || delivery.nextAttemptAt === null) return undefined;
  return lease !== null && lease.expiresAt > delivery.nextAttemptAt ? lease.expiresAt : delivery.nextAttemptAt;
}

export function deliveryItem({ delivery, lease, version }: DeliveryRecord): Item {
  const dueAt = claimableAt(delivery, lease);
  return marshall(
    {
      ...keys.delivery(delivery.webhook, delivery.id),
      type: "delivery",
      delivery: json(delivery),
      status: delivery.status,
      leaseOwner: lease?.owner,
      leaseUntil: lease?.expiresAt,
      version,
      [attr.due]: dueAt !== undefined ? DUE : undefined,
      [attr.dueAt]: dueAt,
    },
    { removeUndefinedValues: true },
  );
}

export function deliveryRecord(item: Item): DeliveryRecord {
  const raw = unmarshall(item);
  const lease = raw.leaseOwner !== undefined && raw.leaseUntil !== undefined ? { owner: raw.leaseOwner as string, expiresAt: raw.leaseUntil as string } : null;
  return { delivery: JSON.parse(String(raw.delivery)) as Delivery, lease, version: Number(raw.version) };
}
