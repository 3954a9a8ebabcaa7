import type Database from "better-sqlite3";
import type { Actor } from "../../domain/access";
import type { ChangeSummary, Deployment, DeploymentRequest, DriftRecord, Operation, OperationError, OperationEvent } from "../../domain/model";
import { FIRST_BLUEPRINT_VERSION } from "../legacy";
import { StoreConflictError, type Lease } from "../store";

/**
 * Rows and the reads and writes every aggregate file shares. Writes here are conditional:
 * each states the row it expects to replace and throws `StoreConflictError` when the row
 * is not that one. Callers run them inside an IMMEDIATE transaction that read the row
 * first, so a failed condition rolls back everything the transaction did.
 */
export type Db = Database.Database;

/** Runs `fn` as one IMMEDIATE transaction: the write lock is taken before the first read. */
export function immediate<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

export interface DeploymentRow {
  name: string;
  team: string;
  blueprint: string;
  region: string;
  request: string;
  /** Null on a row written before versions (migration 7): the first version. */
  blueprint_version: string | null;
  applied_operation: string | null;
  status: Deployment["status"];
  outputs: string;
  needs_recovery: number;
  running_operation: string | null;
  status_before_destroy: Deployment["statusBeforeDestroy"];
  /** JSON. */
  last_error: string | null;
  /** JSON. */
  drift: string | null;
  /** Null only on a row a migration has not reached (never after migration 6). */
  drift_schedule_from: string | null;
  expires_at: string | null;
  expiry_reminded_at: string | null;
  expiry_destroy_queued_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OperationRow {
  id: string;
  position: string;
  deployment: string;
  kind: Operation["kind"];
  status: Operation["status"];
  request: string;
  blueprint_version: string | null;
  cancel_requested: number;
  summary: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** The Actor as JSON. */
  requested_by: string;
}

/** An operation as stored: the domain record and the lease it runs under. */
export interface OperationRecord extends Operation {
  lease: { owner: string | null; expiresAt: string | null };
}

export const toDeployment = (r: DeploymentRow): Deployment => ({
  name: r.name,
  team: r.team,
  blueprint: r.blueprint,
  region: r.region,
  request: JSON.parse(r.request) as DeploymentRequest,
  blueprintVersion: r.blueprint_version ?? FIRST_BLUEPRINT_VERSION,
  appliedOperation: r.applied_operation,
  status: r.status,
  outputs: JSON.parse(r.outputs) as Record<string, unknown>,
  needsRecovery: r.needs_recovery === 1,
  runningOperation: r.running_operation,
  statusBeforeDestroy: r.status_before_destroy,
  lastError: r.last_error ? (JSON.parse(r.last_error) as Deployment["lastError"]) : null,
  drift: r.drift ? (JSON.parse(r.drift) as DriftRecord) : null,
  driftScheduleFrom: r.drift_schedule_from ?? r.updated_at,
  expiry: r.expires_at === null ? null : { at: r.expires_at, remindedAt: r.expiry_reminded_at, destroyQueuedAt: r.expiry_destroy_queued_at },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toOperation = (r: OperationRow): OperationRecord => ({
  id: r.id,
  deployment: r.deployment,
  kind: r.kind,
  status: r.status,
  request: JSON.parse(r.request) as DeploymentRequest,
  blueprintVersion: r.blueprint_version,
  cancelRequested: r.cancel_requested === 1,
  requestedBy: JSON.parse(r.requested_by) as Actor,
  runner: r.lease_owner,
  summary: r.summary ? (JSON.parse(r.summary) as ChangeSummary) : null,
  error: r.error ? (JSON.parse(r.error) as OperationError) : null,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  lease: { owner: r.lease_owner, expiresAt: r.lease_expires_at },
});

/** The domain view of a stored operation (the lease is the store's business). */
export const publicOperation = ({ lease: _lease, ...operation }: OperationRecord): Operation => operation;

export function readDeployment(db: Db, name: string): Deployment | undefined {
  const row = db.prepare(`SELECT * FROM deployments WHERE name = ?`).get(name) as DeploymentRow | undefined;
  return row ? toDeployment(row) : undefined;
}

export function readOperation(db: Db, id: string): OperationRecord | undefined {
  const row = db.prepare(`SELECT * FROM operations WHERE id = ?`).get(id) as OperationRow | undefined;
  return row ? toOperation(row) : undefined;
}

const deploymentValues = (d: Deployment) => ({
  name: d.name,
  team: d.team,
  blueprint: d.blueprint,
  region: d.region,
  request: JSON.stringify(d.request),
  blueprintVersion: d.blueprintVersion,
  appliedOperation: d.appliedOperation,
  status: d.status,
  outputs: JSON.stringify(d.outputs),
  needsRecovery: d.needsRecovery ? 1 : 0,
  // Columns of their own so that lists filter on them.
  environment: d.request.tags["environment"] ?? null,
  owner: d.request.tags["owner"] ?? null,
  runningOperation: d.runningOperation,
  statusBeforeDestroy: d.statusBeforeDestroy,
  lastError: d.lastError ? JSON.stringify(d.lastError) : null,
  // Columns of their own so that partial indexes find drifted deployments and due work.
  drift: d.drift ? JSON.stringify(d.drift) : null,
  driftScheduleFrom: d.driftScheduleFrom,
  expiresAt: d.expiry?.at ?? null,
  expiryRemindedAt: d.expiry?.remindedAt ?? null,
  expiryDestroyQueuedAt: d.expiry?.destroyQueuedAt ?? null,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

/**
 * Writes `next` over `previous` — the row as the transaction read it, or undefined for a
 * name with no row — only if the row still is that one.
 */
export function writeDeployment(db: Db, previous: Deployment | undefined, next: Deployment, conflict: () => StoreConflictError): void {
  const values = deploymentValues(next);
  const result = previous
    ? db
        .prepare(
          `UPDATE deployments SET team = :team, blueprint = :blueprint, region = :region, request = :request, blueprint_version = :blueprintVersion, applied_operation = :appliedOperation, status = :status, outputs = :outputs, needs_recovery = :needsRecovery,
             environment = :environment, owner = :owner, running_operation = :runningOperation, status_before_destroy = :statusBeforeDestroy,
             last_error = :lastError, drift = :drift, drift_schedule_from = :driftScheduleFrom, expires_at = :expiresAt, expiry_reminded_at = :expiryRemindedAt, expiry_destroy_queued_at = :expiryDestroyQueuedAt,
             created_at = :createdAt, updated_at = :updatedAt
           WHERE name = :name AND status = :expectedStatus AND running_operation IS :expectedRunning AND updated_at = :expectedUpdatedAt`,
        )
        .run({ ...values, expectedStatus: previous.status, expectedRunning: previous.runningOperation, expectedUpdatedAt: previous.updatedAt })
    : db
        .prepare(
          `INSERT INTO deployments (name, team, blueprint, region, request, blueprint_version, applied_operation, status, outputs, needs_recovery, environment, owner, running_operation, status_before_destroy,
             last_error, drift, drift_schedule_from, expires_at, expiry_reminded_at, expiry_destroy_queued_at, created_at, updated_at)
           VALUES (:name, :team, :blueprint, :region, :request, :blueprintVersion, :appliedOperation, :status, :outputs, :needsRecovery, :environment, :owner, :runningOperation, :statusBeforeDestroy,
             :lastError, :drift, :driftScheduleFrom, :expiresAt, :expiryRemindedAt, :expiryDestroyQueuedAt, :createdAt, :updatedAt)
           ON CONFLICT (name) DO NOTHING`,
        )
        .run(values);
  if (result.changes !== 1) throw conflict();
}

export function insertOperation(db: Db, op: Operation): void {
  // A new operation's place in its deployment's queue is its sortable id.
  db.prepare(
    `INSERT INTO operations (id, position, deployment, kind, status, request, blueprint_version, cancel_requested, requested_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(op.id, op.id, op.deployment, op.kind, op.status, JSON.stringify(op.request), op.blueprintVersion, op.cancelRequested ? 1 : 0, JSON.stringify(op.requestedBy), op.createdAt);
}

/**
 * Writes `next` over `previous` if the operation still has the status and lease holder the
 * transaction read. `lease`: the lease to record (claims and renewals); kept otherwise.
 */
export function writeOperation(db: Db, previous: OperationRecord, next: Operation, conflict: () => StoreConflictError, lease?: Lease): void {
  const result = db
    .prepare(
      `UPDATE operations SET status = :status, request = :request, cancel_requested = :cancelRequested, summary = :summary, error = :error,
         started_at = :startedAt, finished_at = :finishedAt, lease_owner = :leaseOwner, lease_expires_at = :leaseExpiresAt
       WHERE id = :id AND status = :expectedStatus AND lease_owner IS :expectedOwner`,
    )
    .run({
      id: next.id,
      status: next.status,
      request: JSON.stringify(next.request),
      cancelRequested: next.cancelRequested ? 1 : 0,
      summary: next.summary ? JSON.stringify(next.summary) : null,
      error: next.error ? JSON.stringify(next.error) : null,
      startedAt: next.startedAt,
      finishedAt: next.finishedAt,
      leaseOwner: lease ? lease.owner : previous.lease.owner,
      leaseExpiresAt: lease ? lease.expiresAt : previous.lease.expiresAt,
      expectedStatus: previous.status,
      expectedOwner: previous.lease.owner,
    });
  if (result.changes !== 1) throw conflict();
}

/** Appends the operation's next event (sequence = last + 1) in one statement. */
export function appendEvent(db: Db, operationId: string, type: string, data: unknown, time: string): OperationEvent {
  const row = db
    .prepare(
      `INSERT INTO events (operation_id, seq, time, type, data)
       VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE operation_id = ?), ?, ?, ?) RETURNING seq`,
    )
    .get(operationId, operationId, time, type, JSON.stringify(data ?? null)) as { seq: number };
  return { operationId, sequence: row.seq, time, type, data };
}

export const conflict = (message: string, reason: StoreConflictError["reason"]) => () => new StoreConflictError(message, reason);
