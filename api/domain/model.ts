/** What an operation does to a deployment's stack. */
export const OPERATION_KINDS = ["create", "update", "preview", "refresh", "destroy"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const OPERATION_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const FINISHED_STATUSES: readonly OperationStatus[] = ["succeeded", "failed", "cancelled", "interrupted"];

/**
 * A deployment's state: `pending` until its first up succeeds, `active` after, `failed`
 * when its last change failed (the stack may hold part of it), `destroying` once a destroy
 * is accepted. The record is removed only when a destroy succeeds.
 */
export const DEPLOYMENT_STATUSES = ["pending", "active", "failed", "destroying"] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export interface DeploymentRequest {
  params: Record<string, unknown>;
  tags: Record<string, string>;
}

export interface Deployment {
  name: string;
  blueprint: string;
  region: string;
  request: DeploymentRequest;
  status: DeploymentStatus;
  /** Stack outputs, secrets replaced by "[secret]". */
  outputs: Record<string, unknown>;
  /** Set when an operation was interrupted: the next one clears stale locks and pending operations first. */
  needsRecovery: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Counts of resource changes, as the engine reports them (`create`, `update`, `same`, …). */
export type ChangeSummary = Record<string, number>;

export interface OperationError {
  title: string;
  detail: string;
}

export interface Operation {
  id: string;
  deployment: string;
  kind: OperationKind;
  status: OperationStatus;
  /** The request this operation applies (create/update); the deployment's current one otherwise. */
  request: DeploymentRequest;
  cancelRequested: boolean;
  summary: ChangeSummary | null;
  error: OperationError | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface OperationEvent {
  operationId: string;
  sequence: number;
  time: string;
  /** `slipstream.*` for the service's own milestones; the engine event's kind otherwise. */
  type: string;
  data: unknown;
}
