import type { Deployment } from "./model";
import type { Notification } from "./notifications";

/**
 * `drift.found`, written with the drift check's finish when it records drift the deployment did
 * not already carry (none before, or different changes): a check that finds the same drift
 * again, every interval, tells receivers nothing new.
 */
export function driftNotification(id: string, before: Deployment, after: Deployment, time: string): Notification | undefined {
  if (!after.drift) return undefined;
  if (before.drift && JSON.stringify(before.drift.changes) === JSON.stringify(after.drift.changes)) return undefined;
  return { id, kind: "drift.found", team: after.team, deployment: after.name, time, data: { drift: after.drift } };
}

/** `expiry.reminder`, written with the reminder mark: the deployment will be destroyed at `expiresAt`. */
export function expiryReminderNotification(id: string, deployment: Deployment, expiresAt: string, time: string): Notification {
  return { id, kind: "expiry.reminder", team: deployment.team, deployment: deployment.name, time, data: { expiresAt } };
}
