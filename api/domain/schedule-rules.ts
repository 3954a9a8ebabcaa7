import { admit, type Admission } from "./lifecycle";
import type { Deployment, DeploymentStatus } from "./model";

/**
 * When scheduled work is due on a deployment, and what acting on it leaves there, as pure
 * functions. The stores find candidates through indexes (which may lag, on DynamoDB) and
 * decide again with these on the record they read, inside the write that acts: a deployment
 * no longer due — another instance acted first, or its owner changed it — is left alone.
 */

/** Deployments a scheduled drift check runs on: deployed and not on their way out. */
export const DRIFT_CHECK_STATUSES = ["active", "failed", "destroy_failed"] as const satisfies readonly DeploymentStatus[];

/** Deployments whose expiry still acts: every live one but those already being destroyed. */
export const EXPIRY_STATUSES = ["pending", "active", "failed", "destroy_failed"] as const satisfies readonly DeploymentStatus[];

const among = (statuses: readonly DeploymentStatus[], d: Deployment) => statuses.includes(d.status);

/** A scheduled drift check is due once the drift schedule started at or before `cutoff` (now − interval). */
export function driftCheckDue(d: Deployment, cutoff: string): boolean {
  return among(DRIFT_CHECK_STATUSES, d) && d.driftScheduleFrom <= cutoff;
}

/** The reminder is due once the expiry is at or before `remindBefore` (now + the reminder's lead), if not given yet. */
export function reminderDue(d: Deployment, remindBefore: string): boolean {
  return among(EXPIRY_STATUSES, d) && d.expiry !== null && d.expiry.remindedAt === null && d.expiry.destroyQueuedAt === null && d.expiry.at <= remindBefore;
}

/** The expiry's destroy is due at its time, once. */
export function expiryDue(d: Deployment, now: string): boolean {
  return among(EXPIRY_STATUSES, d) && d.expiry !== null && d.expiry.destroyQueuedAt === null && d.expiry.at <= now;
}

/** The deployment once its reminder is recorded. */
export function remind(d: Deployment & { expiry: NonNullable<Deployment["expiry"]> }, now: string): Deployment {
  return { ...d, expiry: { ...d.expiry, remindedAt: now }, updatedAt: now };
}

/** Admits the expiry's destroy: the deployment `destroying`, with the expiry marked as acted on. */
export function expire(d: Deployment, now: string): Admission {
  const admission = admit(d, "destroy", now);
  if (!admission.ok || d.expiry === null) return admission;
  return { ok: true, deployment: { ...admission.deployment, expiry: { ...d.expiry, destroyQueuedAt: now } } };
}

/**
 * Sets (or, with null, clears) a deployment's expiry. A new time re-arms the reminder and the
 * destroy, even if both acted on an earlier one; a deployment being destroyed, or destroyed,
 * takes none.
 */
export function setExpiry(d: Deployment, at: string | null, now: string): Admission {
  if (d.status === "destroyed") return { ok: false, reason: `deployment "${d.name}" was destroyed` };
  if (d.status === "destroying") return { ok: false, reason: `deployment "${d.name}" is being destroyed; its expiry cannot change` };
  return { ok: true, deployment: { ...d, expiry: at === null ? null : { at, remindedAt: null, destroyQueuedAt: null }, updatedAt: now } };
}
