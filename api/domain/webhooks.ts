import { NOTIFICATION_KINDS, type Notification, type NotificationKind } from "./notifications";

/**
 * What a delivery can carry: every notification kind, and `ping` — sent on request to test a
 * receiver, never subscribed to, so it is not a NotificationKind.
 */
export const DELIVERY_KINDS = [...NOTIFICATION_KINDS, "ping"] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** A team's subscription: where to POST which kinds. Its signing secret is not part of it (see NewWebhook). */
export interface Webhook {
  /** From `newId()`. */
  id: string;
  team: string;
  url: string;
  /** The notification kinds delivered to it; at least one. */
  kinds: NotificationKind[];
  createdAt: string;
  /** Token id of who created it. */
  createdBy: string;
}

/**
 * A subscription as created: the webhook and its signing secret (`whsec_` + 32 random bytes,
 * base64url). Deliveries are signed with the secret itself (HMAC), so the store keeps it —
 * unlike an API token, of which only a hash is kept — but hands it back only to the deliverer
 * (WebhookStore.signingSecret), never in a Webhook.
 */
export interface NewWebhook extends Webhook {
  secret: string;
}

/** What a receiver gets as the JSON body: the notification, or a ping, as it happened. */
export interface DeliveryEvent {
  /** The notification's id (or the ping's): receivers deduplicate on it (`Slipstream-Event-Id`). */
  id: string;
  kind: DeliveryKind;
  time: string;
  team: string;
  /** Null for a ping. */
  deployment: string | null;
  data: Record<string, unknown>;
}

/** One POST to the receiver: when, what came back (an HTTP status, or an error when none did), how long it took. */
export interface DeliveryAttempt {
  time: string;
  /** The HTTP status; null when no response came (refused connection, timeout, DNS). */
  status: number | null;
  /** Why it did not count as delivered; null when it did (2xx). */
  error: string | null;
  durationMs: number;
}

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event on its way to one webhook. `pending` until an attempt gets a 2xx (`succeeded`) or
 * the last attempt fails (`failed`); while pending, it is due at `nextAttemptAt`.
 */
export interface Delivery {
  /** Deterministic per (event, webhook): see deliveryId. Sorts by the event's time. */
  id: string;
  webhook: string;
  team: string;
  event: DeliveryEvent;
  status: DeliveryStatus;
  /** Every attempt so far, oldest first. */
  attempts: DeliveryAttempt[];
  /** When it is next due; null once it ended. */
  nextAttemptAt: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The event a notification is delivered as. */
export function eventOf(notification: Notification): DeliveryEvent {
  return { id: notification.id, kind: notification.kind, time: notification.time, team: notification.team, deployment: notification.deployment, data: notification.data };
}
