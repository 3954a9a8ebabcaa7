import type { ChangeSummary, Deployment, DeploymentRequest, DeploymentStatus, Operation, OperationError, OperationEvent, OperationKind, OperationStatus } from "../domain/model";

export interface DeploymentFilter {
  blueprint?: string;
  status?: DeploymentStatus;
  environment?: string;
  owner?: string;
  /** Names after this one (cursor pagination, by name). */
  after?: string;
  limit: number;
}

export interface NewOperation {
  id: string;
  deployment: string;
  kind: OperationKind;
  request: DeploymentRequest;
}

export interface IdempotencyRecord {
  key: string;
  /** Method, path and body hash of the request that first used the key. */
  fingerprint: string;
  /** The response status; null while that request is still being handled. */
  status: number | null;
  body: string | null;
  /** The lease of the request holding the key: only it may complete or release it. */
  owner: string | null;
  /** While in flight, when the key is released if never completed; once completed, when the replay expires. */
  expiresAt: string | null;
}

export interface IdempotencyLease {
  owner: string;
  now: string;
  /** When the key comes free if the request never completes (its process died). */
  expiresAt: string;
}

export type IdempotencyReservation =
  /** `replaced`: the key was held before, by a request that never finished or a record past its retention. */
  { reserved: true; replaced?: "unfinished" | "expired" } | { reserved: false; existing: IdempotencyRecord };

/** What a finished operation does to its deployment. */
export interface DeploymentEffect {
  /** Not applied over `destroying` unless the operation is the destroy itself. */
  status?: DeploymentStatus;
  outputs?: Record<string, unknown>;
  needsRecovery?: boolean;
  /** The operation's request becomes the deployment's: a create or update that succeeded. */
  applyRequest?: boolean;
}

export interface OperationOutcome {
  status: Exclude<OperationStatus, "queued" | "running">;
  summary?: ChangeSummary | null;
  error?: OperationError | null;
  deployment?: DeploymentEffect;
  /** The operation's last event, appended with the outcome. */
  event: { type: string; data: unknown };
}

/**
 * Persistence for deployments, operations and their events. Every status change is a
 * conditional update that states the status it expects, so two workers on one store can
 * never both run an operation: the loser's update matches no row.
 */
export interface Store {
  /**
   * Creates the deployment and its first operation atomically; false if the name is taken.
   * A destroyed deployment's name is free: the new deployment replaces its record, and its
   * operations join the name's history.
   */
  createDeployment(deployment: Deployment, first: NewOperation): boolean;
  /** The deployment, destroyed ones included (they keep their record for their history). */
  getDeployment(name: string): Deployment | undefined;
  /** Deployments that are not destroyed. */
  listDeployments(filter: DeploymentFilter): Deployment[];
  /**
   * Queues an operation on a deployment that is neither destroying nor destroyed. An update
   * carries its request; it becomes the deployment's only when the update succeeds.
   */
  enqueueOperation(operation: NewOperation, markDestroying: boolean): boolean;

  getOperation(id: string): Operation | undefined;
  listOperations(deployment: string, limit: number, before?: string): Operation[];
  /**
   * Claims the oldest queued operation of a deployment with nothing running, moving it to
   * `running`; a preview, refresh or destroy takes the deployment's request as it is then.
   * Returns undefined when there is none to claim.
   */
  claimNextOperation(now: string, excludeDeployments: readonly string[]): Operation | undefined;
  /**
   * Moves a running operation to its final status, applies its effect on the deployment and
   * appends its last event, in one transaction: the appended event, or undefined (nothing
   * changed) if the operation was not running.
   */
  finishOperation(id: string, outcome: OperationOutcome, now: string): OperationEvent | undefined;
  /**
   * Cancels a queued operation outright (a cancelled destroy gives the deployment back the
   * state its last change left), or flags a running one; the updated operation.
   */
  requestCancel(id: string, now: string): Operation | undefined;
  /** Operations left `running` by a process that died: all become `interrupted`. */
  interruptRunning(reason: OperationError, now: string): Operation[];
  countActive(): number;

  appendEvent(operationId: string, type: string, data: unknown, time: string): OperationEvent;
  listEvents(operationId: string, afterSequence: number, limit: number): OperationEvent[];

  /**
   * Reserves a key for a request under a lease, or returns the record of the request holding
   * it. A key whose lease or retention has expired is taken over as if free.
   */
  reserveIdempotency(key: string, fingerprint: string, lease: IdempotencyLease): IdempotencyReservation;
  /** Keeps the response of the lease's request until `expiresAt`; false if the lease was lost. */
  completeIdempotency(key: string, owner: string, response: { status: number; body: string; expiresAt: string }): boolean;
  /** Frees a key whose request ended without a response worth replaying. */
  releaseIdempotency(key: string, owner: string): void;

  close(): void;
}
