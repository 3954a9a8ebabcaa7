import type { ChangeSummary, Deployment, DeploymentStatus, Operation, OperationError, OperationEvent, OperationKind, OperationStatus, DeploymentRequest } from "../domain/model";

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
}

/**
 * Persistence for deployments, operations and their events. Every status change is a
 * conditional update that states the status it expects, so two workers on one store can
 * never both run an operation: the loser's update matches no row.
 */
export interface Store {
  /** Creates the deployment and its first operation atomically; false if the name is taken. */
  createDeployment(deployment: Deployment, first: NewOperation): boolean;
  getDeployment(name: string): Deployment | undefined;
  listDeployments(filter: DeploymentFilter): Deployment[];
  /** Records a new request and queues its operation, unless the deployment is destroying. */
  updateDeploymentRequest(name: string, request: DeploymentRequest, operation: NewOperation): boolean;
  /** Queues an operation (preview/refresh/destroy) on an existing deployment not being destroyed. */
  enqueueOperation(operation: NewOperation, markDestroying: boolean): boolean;
  setDeploymentState(name: string, state: Partial<Pick<Deployment, "status" | "outputs" | "needsRecovery">>): void;
  deleteDeployment(name: string): void;

  getOperation(id: string): Operation | undefined;
  listOperations(deployment: string, limit: number, before?: string): Operation[];
  /**
   * Claims the oldest queued operation of a deployment with nothing running, moving it to
   * `running`. Returns undefined when there is none to claim.
   */
  claimNextOperation(now: string, excludeDeployments: readonly string[]): Operation | undefined;
  /** Moves a running operation to a final status; false if it was not running. */
  finishOperation(id: string, status: Exclude<OperationStatus, "queued" | "running">, result: { summary?: ChangeSummary | null; error?: OperationError | null }, now: string): boolean;
  /** Cancels a queued operation outright, or flags a running one; the updated operation. */
  requestCancel(id: string, now: string): Operation | undefined;
  /** Operations left `running` by a process that died: all become `interrupted`. */
  interruptRunning(reason: OperationError, now: string): Operation[];
  countActive(): number;

  appendEvent(operationId: string, type: string, data: unknown, time: string): OperationEvent;
  listEvents(operationId: string, afterSequence: number, limit: number): OperationEvent[];

  /** Reserves a key for a request, or returns the record of the request that reserved it first. */
  reserveIdempotency(key: string, fingerprint: string, now: string): { reserved: true } | { reserved: false; existing: IdempotencyRecord };
  completeIdempotency(key: string, status: number, body: string): void;
  /** Frees a key whose request ended without a response worth replaying. */
  releaseIdempotency(key: string): void;

  close(): void;
}
