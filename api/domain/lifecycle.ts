import type { Deployment, DeploymentRequest, DeploymentStatus, DriftChange, OperationError, OperationKind, OperationStatus } from "./model";

/**
 * The deployment lifecycle, as pure functions: which operation kinds a deployment admits in
 * which state, and what each step of an operation leaves on it. Every store backend applies
 * these inside its one conditional write, so SQLite and DynamoDB cannot disagree on them.
 *
 *   (none|destroyed) --create--> pending --create ok--> active
 *   pending|active|failed|destroy_failed --update/preview--> (queued; status unchanged)
 *   active|failed|destroy_failed --refresh/drift-check--> (queued; status unchanged; nothing deployed while pending)
 *   pending|active|failed|destroy_failed --destroy--> destroying --destroy ok--> destroyed
 *   destroying --destroy failed, cancelled while running, or interrupted--> destroy_failed
 *   destroying --destroy cancelled while queued--> the status it had before
 *   any other change that fails or is interrupted --> failed (the stack may hold part of it),
 *     but a destroy_failed deployment stays destroy_failed until a change succeeds
 *
 * A destroy that started and did not end well is `destroy_failed` however it ended: a
 * cancelled or interrupted `pulumi destroy` may have deleted any part of the stack, exactly
 * like a failed one, so the deployment must stay listed — never read as `failed` (an ordinary
 * change gone wrong) and never forgotten — until a destroy succeeds. Only a destroy cancelled
 * before it started touched nothing, and gives the deployment back its status.
 */

export type Admission = { ok: true; deployment: Deployment } | { ok: false; reason: string };

type SettledStatus = Exclude<DeploymentStatus, "destroying" | "destroyed">;

/** Whether a new deployment may take this name: free, or held by a destroyed one. */
export function nameIsFree(existing: Deployment | undefined): boolean {
  return existing === undefined || existing.status === "destroyed";
}

/** Admits an operation of `kind` on an existing deployment, with what queuing it does to it. */
export function admit(deployment: Deployment, kind: Exclude<OperationKind, "create">, now: string, expectedUpdatedAt?: string): Admission {
  if (deployment.status === "destroyed") return { ok: false, reason: `deployment "${deployment.name}" was destroyed` };
  if (expectedUpdatedAt !== undefined && deployment.updatedAt !== expectedUpdatedAt) {
    return { ok: false, reason: `deployment "${deployment.name}" changed since the plan was made (at ${expectedUpdatedAt}, now ${deployment.updatedAt}): make a new upgrade plan` };
  }
  if (deployment.status === "destroying") return { ok: false, reason: `deployment "${deployment.name}" is being destroyed; ${kind} is not allowed` };
  if ((kind === "refresh" || kind === "drift-check") && deployment.status === "pending") return { ok: false, reason: `deployment "${deployment.name}" has not been deployed yet; nothing to ${kind === "refresh" ? "refresh" : "check for drift"}` };
  if (kind === "destroy") return { ok: true, deployment: { ...deployment, status: "destroying", statusBeforeDestroy: deployment.status, updatedAt: now } };
  // Any drift check, asked for or scheduled, restarts the drift schedule: the next scheduled
  // one is due an interval after it.
  if (kind === "drift-check") return { ok: true, deployment: { ...deployment, driftScheduleFrom: now, updatedAt: now } };
  return { ok: true, deployment: { ...deployment, updatedAt: now } };
}

/** The deployment once `operationId` holds its running slot. */
export function claim(deployment: Deployment, operationId: string): Deployment {
  return { ...deployment, runningOperation: operationId };
}

/**
 * A preview, refresh or destroy works on what the deployment holds when it starts (the
 * operations before it may have changed that since it was queued); a create or update
 * applies its own request.
 */
export function requestAtStart(kind: OperationKind, queued: DeploymentRequest, deployment: Deployment): DeploymentRequest {
  return kind === "create" || kind === "update" ? queued : deployment.request;
}

export interface SettleInput {
  operationId: string;
  kind: OperationKind;
  /** The request the operation applied. */
  request: DeploymentRequest;
  /** The blueprint version it applied (create and update). */
  blueprintVersion?: string | null;
  status: Exclude<OperationStatus, "queued" | "running">;
  outputs?: Record<string, unknown>;
  /** Why it did not succeed (becomes the deployment's `lastError` for a change). */
  error?: OperationError | null;
  /** A drift-check's findings. */
  drift?: DriftChange[];
}

/**
 * What an operation's end leaves on its deployment, and frees its running slot. Params and
 * tags become the deployment's only through a create or update that succeeded: a failed,
 * cancelled or interrupted one leaves the last applied request (its operation shows what
 * was tried) and the deployment `failed`, since the stack may hold part of the change. A
 * destroy that succeeded marks it destroyed; one that started and did not succeed leaves it
 * `destroy_failed`. Every change that did not succeed records its error as `lastError`; one
 * that succeeded clears it. While a destroy waits behind the operation, the deployment stays
 * `destroying` and the status it would return to is updated instead. An interrupted
 * operation flags the deployment so the next one clears the stale lock and pending
 * operations first; any other end clears that flag.
 *
 * Drift: a drift check that succeeded records what it found (null when nothing); a create,
 * update or refresh that succeeded clears it — the stack and its state were reconciled with
 * the cloud — and a create or update restarts the drift schedule.
 */
export function settle(deployment: Deployment, input: SettleInput, now: string): Deployment {
  const succeeded = input.status === "succeeded";
  const changes = input.kind === "create" || input.kind === "update" || input.kind === "destroy";
  const next: Deployment = { ...deployment, runningOperation: null, needsRecovery: input.status === "interrupted", updatedAt: now };
  if (changes) next.lastError = succeeded ? null : errorOf(input, now);
  if (input.kind === "destroy") {
    return succeeded ? { ...next, status: "destroyed", outputs: {}, drift: null, statusBeforeDestroy: null } : { ...next, status: "destroy_failed", statusBeforeDestroy: null };
  }
  let settled: SettledStatus | undefined;
  if (succeeded && (input.kind === "create" || input.kind === "update")) {
    settled = "active";
    next.request = input.request;
    next.blueprintVersion = input.blueprintVersion ?? deployment.blueprintVersion;
    next.appliedOperation = input.operationId;
    next.outputs = input.outputs ?? {};
    next.drift = null;
    next.driftScheduleFrom = now;
  } else if (succeeded && input.kind === "refresh") {
    if (input.outputs) next.outputs = input.outputs;
    next.drift = null;
  } else if (succeeded && input.kind === "drift-check") {
    const found = input.drift ?? [];
    next.drift = found.length > 0 ? { operationId: input.operationId, foundAt: now, changes: found } : null;
  } else if (!succeeded && changes) {
    // A deployment whose destroy failed stays marked so until a change succeeds: a failed
    // update on top of a half-destroyed stack must not hide that.
    const before = deployment.status === "destroying" ? deployment.statusBeforeDestroy : deployment.status;
    settled = before === "destroy_failed" ? "destroy_failed" : "failed";
  }
  if (settled === undefined) return next;
  return deployment.status === "destroying" ? { ...next, statusBeforeDestroy: settled } : { ...next, status: settled };
}

function errorOf(input: SettleInput, now: string): Deployment["lastError"] {
  const error = input.error ?? { title: `${input.kind} ${input.status}`, detail: `the ${input.kind} ended ${input.status}` };
  return { title: error.title, detail: error.detail, operationId: input.operationId, at: now };
}

/** A queued operation cancelled before it started: a cancelled destroy gives the deployment back the status it had. */
export function cancelQueued(deployment: Deployment, kind: OperationKind, now: string): Deployment {
  if (kind !== "destroy" || deployment.status !== "destroying") return deployment;
  return { ...deployment, status: deployment.statusBeforeDestroy ?? "failed", statusBeforeDestroy: null, updatedAt: now };
}
