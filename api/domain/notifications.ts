/**
 * What a team can be told about its deployments outside any request: the kinds a webhook
 * subscribes to. A notification is written to the store's outbox in the same write as the
 * state change it reports (an operation's end, a drift record, an expiry reminder), so none is
 * lost to a crash between the change and its delivery; deliveries fan out from there.
 */
export const NOTIFICATION_KINDS = ["operation.succeeded", "operation.failed", "operation.cancelled", "drift.found", "expiry.reminder"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  /** From `newId()`: notifications sort by time; also the delivery's event id (receivers deduplicate on it). */
  id: string;
  kind: NotificationKind;
  /** The team owning the deployment: only that team's webhooks receive it. */
  team: string;
  deployment: string;
  time: string;
  /**
   * What happened, by kind: `operation.*` → `{ operation: { id, kind, status, error, summary } }`;
   * `drift.found` → `{ drift }`; `expiry.reminder` → `{ expiresAt }`.
   */
  data: Record<string, unknown>;
}
