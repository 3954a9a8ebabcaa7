import type { Deployment, DeploymentRequest, DeploymentStatus, OperationKind, OperationStatus } from "./model";

/**
 * The deployment lifecycle, as pure functions: which operation kinds a deployment admits in
 * which state, and what each step of an operation leaves on it. Every store backend applies
 * these inside its one conditional write, so SQLite and DynamoDB cannot disagree on them.
 *
 *   (none|destroyed) --create--> pending --create ok--> active
 *   pending|active|failed --update/preview/refresh--> (queued; status unchanged)
 *   pending|active|failed --destroy--> destroying --destroy ok--> destroyed
 *   any change that fails or is interrupted --> failed (the stack may hold part of it)
 */

export type Admission = { ok: true; deployment: Deployment } | { ok: false; reason: string };

type SettledStatus = Exclude<DeploymentStatus, "destroying" | "destroyed">;

/** Whether a new deployment may take this name: free, or held by a destroyed one. */
export function nameIsFree(existing: Deployment | undefined): boolean {
  return existing === undefined || existing.status === "destroyed";
}

/** Admits an operation of `kind` on an existing deployment, with what queuing it does to it. */
export function admit(deployment: Deployment, kind: Exclude<OperationKind, "create">, now: string): Admission {
  if (deployment.status === "destroyed") return { ok: false, reason: `deployment "${deployment.name}" was destroyed` };
  if (deployment.status === "destroying") return { ok: false, reason: `deployment "${deployment.name}" is being destroyed; ${kind} is not allowed` };
  if (kind === "refresh" && deployment.status === "pending") return { ok: false, reason: `deployment "${deployment.name}" has not been deployed yet; nothing to refresh` };
  if (kind === "destroy") return { ok: true, deployment: { ...deployment, status: "destroying", statusBeforeDestroy: deployment.status, updatedAt: now } };
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
  kind: OperationKind;
  /** The request the operation applied. */
  request: DeploymentRequest;
  status: Exclude<OperationStatus, "queued" | "running">;
  outputs?: Record<string, unknown>;
}

/**
 * What an operation's end leaves on its deployment, and frees its running slot. Params and
 * tags become the deployment's only through a create or update that succeeded: a failed,
 * cancelled or interrupted one leaves the last applied request (its operation shows what
 * was tried) and the deployment `failed`, since the stack may hold part of the change. A
 * destroy that succeeded marks it destroyed. While a destroy waits behind the operation,
 * the deployment stays `destroying` and the status it would return to is updated instead.
 * An interrupted operation flags the deployment so the next one clears the stale lock and
 * pending operations first; any other end clears that flag.
 */
export function settle(deployment: Deployment, input: SettleInput, now: string): Deployment {
  const succeeded = input.status === "succeeded";
  const changes = input.kind === "create" || input.kind === "update" || input.kind === "destroy";
  const next: Deployment = { ...deployment, runningOperation: null, needsRecovery: input.status === "interrupted", updatedAt: now };
  if (input.kind === "destroy") {
    return succeeded ? { ...next, status: "destroyed", outputs: {}, statusBeforeDestroy: null } : { ...next, status: "failed", statusBeforeDestroy: null };
  }
  let settled: SettledStatus | undefined;
  if (succeeded && (input.kind === "create" || input.kind === "update")) {
    settled = "active";
    next.request = input.request;
    next.outputs = input.outputs ?? {};
  } else if (succeeded && input.kind === "refresh" && input.outputs) {
    next.outputs = input.outputs;
  } else if (!succeeded && changes) {
    settled = "failed";
  }
  if (settled === undefined) return next;
  return deployment.status === "destroying" ? { ...next, statusBeforeDestroy: settled } : { ...next, status: settled };
}

/** A queued operation cancelled before it started: a cancelled destroy gives the deployment back the status it had. */
export function cancelQueued(deployment: Deployment, kind: OperationKind, now: string): Deployment {
  if (kind !== "destroy" || deployment.status !== "destroying") return deployment;
  return { ...deployment, status: deployment.statusBeforeDestroy ?? "failed", statusBeforeDestroy: null, updatedAt: now };
}
