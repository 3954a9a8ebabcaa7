import { admit, cancelQueued, claim, requestAtStart, settle } from "../../domain/lifecycle";
import type { Deployment, Operation, OperationError, OperationEvent } from "../../domain/model";
import { versionRefusal } from "../../domain/version-admission";
import { driftNotification } from "../../domain/deployment-notifications";
import { operationNotification } from "../../domain/operation-notification";
import { newId } from "../ids";
import { driftEventData, settleInput, queuedOperation } from "../outcomes";
import type { Lease, NewOperation, OperationOutcome, OperationStore } from "../store";
import { insertNotification } from "./notifications";
import { appendEvent, conflict, immediate, insertOperation, publicOperation, readDeployment, readOperation, toOperation, writeDeployment, writeOperation, type Db, type OperationRow } from "./rows";

const CANCELLED_BEFORE_START: OperationError = { title: "Cancelled", detail: "cancelled before it started" };

/**
 * Operations and the per-deployment queue on SQLite. A deployment's queue is its queued
 * operations by `position` (the operation's UUIDv7 id; see schema.ts for older rows); its
 * one running slot is `deployments.running_operation`. Every transition is one IMMEDIATE
 * transaction that reads the operation and its deployment, applies the lifecycle and writes
 * both conditionally, with the operation's event when the transition has one.
 */
export class SqliteOperations implements OperationStore {
  constructor(private readonly db: Db) {}

  async enqueue(operation: NewOperation, now: string): Promise<Operation> {
    return immediate(this.db, () => {
      const deployment = readDeployment(this.db, operation.deployment);
      if (!deployment) throw conflict(`deployment "${operation.deployment}" not found`, "not-found")();
      if (operation.kind === "create") throw conflict(`deployment "${operation.deployment}" exists; a create starts a new deployment`, "not-allowed")();
      const admission = admit(deployment, operation.kind, now, operation.expectedUpdatedAt);
      if (!admission.ok) throw conflict(admission.reason, "not-allowed")();
      if (operation.expectedBlueprintVersion !== undefined) {
        // Read inside the IMMEDIATE transaction: no other writer can queue between this and the insert.
        const pending = this.db.prepare(`SELECT blueprint_version FROM operations WHERE deployment = ? AND status IN ('queued', 'running')`).all(operation.deployment) as { blueprint_version: string | null }[];
        const refusal = versionRefusal(deployment, pending.map((row) => row.blueprint_version), operation.expectedBlueprintVersion);
        if (refusal !== null) throw conflict(refusal, "not-allowed")();
      }
      writeDeployment(this.db, deployment, admission.deployment, conflict(`deployment "${operation.deployment}" changed while queuing`, "not-allowed"));
      const queued: Operation = queuedOperation(operation, now);
      insertOperation(this.db, queued);
      return queued;
    });
  }

  async get(id: string): Promise<Operation | undefined> {
    const record = readOperation(this.db, id);
    return record ? publicOperation(record) : undefined;
  }

  async listByDeployment(deployment: string, limit: number, before?: string): Promise<Operation[]> {
    const rows = before
      ? this.db.prepare(`SELECT * FROM operations WHERE deployment = ? AND position < (SELECT position FROM operations WHERE id = ?) ORDER BY position DESC LIMIT ?`).all(deployment, before, limit)
      : this.db.prepare(`SELECT * FROM operations WHERE deployment = ? ORDER BY position DESC LIMIT ?`).all(deployment, limit);
    return (rows as OperationRow[]).map((r) => publicOperation(toOperation(r)));
  }

  async claimNext(lease: Lease, now: string, exclude: readonly string[]): Promise<Operation | undefined> {
    return immediate(this.db, () => {
      // The head of the queue of each deployment whose running slot is free, oldest first.
      // Read in queue order from the partial index of queued operations, stopping at the first
      // claimable one: left to itself SQLite took every queued row by status and sorted them,
      // a claim that grew with the queue (test/store/sqlite-query-plans.test.ts).
      const row = this.db
        .prepare(
          `SELECT o.* FROM operations o INDEXED BY operations_queued JOIN deployments d ON d.name = o.deployment
           WHERE o.status = 'queued' AND d.running_operation IS NULL
             AND o.deployment NOT IN (SELECT value FROM json_each(?))
             AND NOT EXISTS (SELECT 1 FROM operations q WHERE q.deployment = o.deployment AND q.status = 'queued' AND q.position < o.position)
           ORDER BY o.position LIMIT 1`,
        )
        .get(JSON.stringify(exclude)) as OperationRow | undefined;
      if (!row) return undefined;
      const queued = toOperation(row);
      const deployment = readDeployment(this.db, queued.deployment)!;
      const running: Operation = { ...publicOperation(queued), status: "running", runner: lease.owner, startedAt: now, request: requestAtStart(queued.kind, queued.request, deployment) };
      writeOperation(this.db, queued, running, conflict(`operation ${queued.id} is no longer queued`, "not-queued"), lease);
      writeDeployment(this.db, deployment, claim(deployment, queued.id), conflict(`deployment "${deployment.name}" is running another operation`, "not-queued"));
      return running;
    });
  }

  async renewLease(id: string, lease: Lease): Promise<void> {
    const renewed = this.db.prepare(`UPDATE operations SET lease_expires_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ?`).run(lease.expiresAt, id, lease.owner);
    if (renewed.changes !== 1) throw conflict(`operation ${id} is not running under ${lease.owner}`, "lease-lost")();
  }

  async finish(id: string, owner: string, outcome: OperationOutcome, now: string): Promise<OperationEvent> {
    return immediate(this.db, () => {
      const lost = conflict(`operation ${id} is not running under ${owner}`, "lease-lost");
      const current = readOperation(this.db, id);
      if (!current || current.status !== "running" || current.lease.owner !== owner) throw lost();
      const finished: Operation = { ...publicOperation(current), status: outcome.status, summary: outcome.summary ?? null, error: outcome.error ?? null, finishedAt: now };
      writeOperation(this.db, current, finished, lost);
      const deployment = readDeployment(this.db, current.deployment);
      if (deployment && deployment.runningOperation === id) {
        const settled = settle(deployment, settleInput(current, outcome), now);
        writeDeployment(this.db, deployment, settled, lost);
        if (current.kind === "drift-check" && outcome.status === "succeeded") {
          appendEvent(this.db, id, "slipstream.drift", driftEventData(settled), now);
          const found = driftNotification(newId(), deployment, settled, now);
          if (found) insertNotification(this.db, found);
        }
      }
      notifyEnd(this.db, finished, deployment, now);
      return appendEvent(this.db, id, outcome.event.type, outcome.event.data, now);
    });
  }

  async requestCancel(id: string, now: string): Promise<Operation> {
    return immediate(this.db, () => {
      const current = readOperation(this.db, id);
      if (!current) throw conflict(`operation ${id} not found`, "not-found")();
      if (current.status === "running") {
        const flagged: Operation = { ...publicOperation(current), cancelRequested: true };
        if (!current.cancelRequested) writeOperation(this.db, current, flagged, conflict(`operation ${id} is no longer running`, "not-running"));
        return flagged;
      }
      if (current.status !== "queued") throw conflict(`operation ${id} already ${current.status}`, "not-running")();
      const cancelled: Operation = { ...publicOperation(current), status: "cancelled", cancelRequested: true, error: CANCELLED_BEFORE_START, finishedAt: now };
      writeOperation(this.db, current, cancelled, conflict(`operation ${id} is no longer queued`, "not-queued"));
      const deployment = readDeployment(this.db, current.deployment);
      if (deployment) {
        const restored = cancelQueued(deployment, current.kind, now);
        if (restored !== deployment) writeDeployment(this.db, deployment, restored, conflict(`deployment "${deployment.name}" changed while cancelling`, "not-queued"));
      }
      appendEvent(this.db, id, "slipstream.cancelled", { error: CANCELLED_BEFORE_START }, now);
      notifyEnd(this.db, cancelled, deployment, now);
      return cancelled;
    });
  }

  async recoverExpired(now: string, reason: OperationError): Promise<Operation[]> {
    // A null expiry is an operation an earlier release left running (no leases then).
    const lapsed = `status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= ?)`;
    const candidates = this.db.prepare(`SELECT id FROM operations WHERE ${lapsed} ORDER BY position`).all(now) as { id: string }[];
    const recovered: Operation[] = [];
    for (const { id } of candidates) {
      const interrupted = immediate(this.db, () => {
        // Read again under the write lock: its owner may have renewed or finished it since.
        const current = this.db.prepare(`SELECT * FROM operations WHERE id = ? AND ${lapsed}`).get(id, now) as OperationRow | undefined;
        if (!current) return undefined;
        const record = toOperation(current);
        const operation: Operation = { ...publicOperation(record), status: "interrupted", error: reason, finishedAt: now };
        writeOperation(this.db, record, operation, conflict(`operation ${id} is no longer running`, "lease-lost"));
        const deployment = readDeployment(this.db, record.deployment);
        if (deployment) {
          const next = deployment.runningOperation === id ? settle(deployment, { operationId: id, kind: record.kind, request: record.request, status: "interrupted", error: reason }, now) : { ...deployment, needsRecovery: true, updatedAt: now };
          writeDeployment(this.db, deployment, next, conflict(`deployment "${deployment.name}" changed while recovering`, "lease-lost"));
        }
        appendEvent(this.db, id, "slipstream.interrupted", { reason: reason.detail }, now);
        notifyEnd(this.db, operation, deployment, now);
        return operation;
      });
      if (interrupted) recovered.push(interrupted);
    }
    return recovered;
  }

  async countActive(): Promise<number> {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM operations WHERE status IN ('queued', 'running')`).get() as { n: number }).n;
  }
}

/** The outbox entry of an operation's end, in the transaction that ends it; the deployment's team receives it. */
function notifyEnd(db: Db, ended: Operation, deployment: Deployment | undefined, now: string): void {
  const notification = deployment ? operationNotification(newId(), ended, deployment.team, now) : undefined;
  if (notification) insertNotification(db, notification);
}
