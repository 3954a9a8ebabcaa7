import type { Actor } from "./access";

/**
 * What an operation does to a deployment's stack. A `drift-check` is a preview-only refresh:
 * it changes neither the stack nor its state, and records what the cloud holds that the
 * state does not (the deployment's `drift`).
 */
export const OPERATION_KINDS = ["create", "update", "preview", "refresh", "destroy", "drift-check"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const OPERATION_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const FINISHED_STATUSES: readonly OperationStatus[] = ["succeeded", "failed", "cancelled", "interrupted"];

/**
 * A deployment's state: `pending` until its first up succeeds, `active` after, `failed`
 * when its last change failed (the stack may hold part of it), `destroying` once a destroy
 * is accepted, `destroy_failed` when a destroy started and did not finish (failed, cancelled
 * or interrupted: the cloud may still hold any part of the stack, so the deployment stays
 * listed with its `lastError` until a destroy succeeds), `destroyed` when one succeeded: the
 * record stays for its operations' history and the name is free for a new deployment.
 */
export const DEPLOYMENT_STATUSES = ["pending", "active", "failed", "destroying", "destroy_failed", "destroyed"] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
/** The statuses of deployments that still exist (what lists and lookups show). */
export const LIVE_DEPLOYMENT_STATUSES = ["pending", "active", "failed", "destroying", "destroy_failed"] as const satisfies readonly DeploymentStatus[];

export interface DeploymentRequest {
  params: Record<string, unknown>;
  tags: Record<string, string>;
}

export interface Deployment {
  /** Names are unique across teams: each is one Pulumi stack. */
  name: string;
  /** The team that owns it; only that team's tokens (and the service admin) see it. */
  team: string;
  blueprint: string;
  region: string;
  /**
   * The params and tags the stack was last brought to: those of the last create or update
   * that succeeded (the create's until then). A failed or pending update leaves them alone;
   * its own request is on its operation.
   */
  request: DeploymentRequest;
  /**
   * The blueprint version the stack was last brought to (the create's until its first up
   * succeeds): the request above is resolved — every default filled in — by that version, so
   * a release with other defaults or building blocks changes nothing here until a reviewed
   * upgrade moves it (versions.ts). Deployments from before versions read as the first version.
   */
  blueprintVersion: string;
  /**
   * The create or update whose plan the stack holds: its rendered plan is kept (compacted)
   * under that operation's id, what an upgrade plan is diffed against. Null until one succeeds,
   * and for deployments from before applied plans were kept.
   */
  appliedOperation: string | null;
  status: DeploymentStatus;
  /** Stack outputs, secrets replaced by "[secret]". */
  outputs: Record<string, unknown>;
  /** Set when an operation was interrupted: the next one clears stale locks and pending operations first. */
  needsRecovery: boolean;
  /** The operation holding the deployment's one running slot, if any. */
  runningOperation: string | null;
  /**
   * While `destroying`: the status the deployment goes back to if the destroy is cancelled
   * before it starts (changes that finish meanwhile update it). Null otherwise.
   */
  statusBeforeDestroy: Exclude<DeploymentStatus, "destroying" | "destroyed"> | null;
  /** The error of the last change (create, update, destroy) that did not succeed; cleared when one succeeds. */
  lastError: DeploymentError | null;
  /** What the last drift check found, while the stack differs from the cloud; null when none found or reconciled since. */
  drift: DriftRecord | null;
  /**
   * When the drift schedule counts from: the last drift check queued, or the last create or
   * update that succeeded (the stack was reconciled then). The next scheduled check is due
   * one SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS later.
   */
  driftScheduleFrom: string;
  /** When the deployment is destroyed on its own, and how far that went; null when it never expires. */
  expiry: Expiry | null;
  createdAt: string;
  updatedAt: string;
}

/** Why a deployment's last change did not succeed. */
export interface DeploymentError {
  title: string;
  detail: string;
  /** The operation that failed. */
  operationId: string;
  at: string;
}

/**
 * A deployment's time to live. Setting a new time re-arms both steps (its reminder and its
 * destroy); clearing it stops them.
 */
export interface Expiry {
  /** When the destroy is queued. */
  at: string;
  /** When the reminder was recorded (SLIPSTREAM_EXPIRY_REMINDER_MS before `at`); null until then. */
  remindedAt: string | null;
  /**
   * When the expiry queued its destroy; null until then. Set once: a destroy that fails leaves
   * the deployment `destroy_failed` and is not queued again by the expiry.
   */
  destroyQueuedAt: string | null;
}

/** One resource whose cloud state differs from the stack's, as a preview-only refresh reports it. */
export interface DriftChange {
  urn: string;
  /** The resource type token, e.g. `aws:sqs/queue:Queue`. */
  type: string;
  /** `update`: properties differ in the cloud; `delete`: the resource is gone from the cloud. */
  change: "update" | "delete";
  /** Top-level property names that differ (empty for `delete`, or when the engine does not say). */
  properties: string[];
}

/** What the last drift check that found differences reported. */
export interface DriftRecord {
  /** The drift-check operation that found it. */
  operationId: string;
  foundAt: string;
  changes: DriftChange[];
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
  /**
   * The request this operation applies (create/update); for a preview, refresh or destroy,
   * the deployment's applied request when the operation started (when queued, until then).
   */
  request: DeploymentRequest;
  /** The blueprint version a create or update applies (an upgrade's target); null for the other kinds, which run no new version. */
  blueprintVersion: string | null;
  cancelRequested: boolean;
  /** Who requested it. */
  requestedBy: Actor;
  /** The service instance that claimed it (hostname/pid/random), kept once it ends: whose logs tell its story. */
  runner: string | null;
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
