import { admit, cancelQueued, claim, requestAtStart, settle } from "../../domain/lifecycle";
import type { Operation, OperationError, OperationEvent } from "../../domain/model";
import { driftEventData, settleInput, queuedOperation } from "../outcomes";
import { versionRefusal } from "../../domain/version-admission";
import { driftNotification } from "../../domain/deployment-notifications";
import { operationNotification } from "../../domain/operation-notification";
import { newId } from "../ids";
import type { Lease, NewOperation, OperationOutcome, OperationStore } from "../store";
import { MAX_ATTEMPTS, RETRY, conflict, withRetries } from "./conflicts";
import { Expr, type Db, type Write } from "./db";
import { operationRecord, type DeploymentRecord, type Item, type OperationRecord } from "./items";
import { notificationWrite } from "./notifications";
import {
  ENDED_REMOVES,
  checkOperationSize,
  deploymentWrite,
  eventWrites,
  newOperationWrites,
  nextEvent,
  readDeployment,
  readEventCounter,
  readOperation,
} from "./records";
import { ACTIVE, CLAIMABLE, PK, RUNNING, attr, index, keys } from "./table";

const CANCELLED_BEFORE_START: OperationError = { title: "Cancelled", detail: "cancelled before it started" };

/** Candidates read per page of the claimable index. */
const CLAIM_PAGE = 25;

/**
 * Operations and the per-deployment queue on DynamoDB. The deployment item is the queue's
 * authority: it lists its queued operation ids (the queue is that list in id order, UUIDv7
 * being time-sortable) and holds its one running slot, so every transition that moves an
 * operation into, along or out of the queue writes the deployment, conditioned on the version
 * it read, with the operation (conditioned on its status) and, when the transition has one,
 * the operation's event — one TransactWriteItems. Indexes only find candidates; every
 * decision is taken again on base items read strongly consistently.
 */
export class DynamoOperations implements OperationStore {
  constructor(private readonly db: Db) {}

  async enqueue(operation: NewOperation, now: string): Promise<Operation> {
    return withRetries(`queuing operation ${operation.id}`, async () => {
      const deployment = await readDeployment(this.db, operation.deployment);
      if (!deployment) throw conflict(`deployment "${operation.deployment}" not found`, "not-found");
      if (operation.kind === "create") throw conflict(`deployment "${operation.deployment}" exists; a create starts a new deployment`, "not-allowed");
      const admission = admit(deployment.deployment, operation.kind, now, operation.expectedUpdatedAt);
      if (!admission.ok) throw conflict(admission.reason, "not-allowed");
      if (operation.expectedBlueprintVersion !== undefined) {
        // The versions queued and running operations carry never change, and any operation
        // queued since this read rewrites the deployment item the commit is conditioned on.
        const running = deployment.deployment.runningOperation;
        const ids = running === null ? deployment.queued : [running, ...deployment.queued];
        const pending = await Promise.all(ids.map(async (id) => (await readOperation(this.db, id))?.operation.blueprintVersion));
        const refusal = versionRefusal(deployment.deployment, pending, operation.expectedBlueprintVersion);
        if (refusal !== null) throw conflict(refusal, "not-allowed");
      }
      const queued: Operation = queuedOperation(operation, now);
      const written = await this.db.commit([deploymentWrite(deployment, { deployment: admission.deployment, queued: [...deployment.queued, operation.id] }), ...newOperationWrites(queued)]);
      return written ? queued : RETRY;
    });
  }

  async get(id: string): Promise<Operation | undefined> {
    return (await readOperation(this.db, id))?.operation;
  }

  async listByDeployment(deployment: string, limit: number, before?: string): Promise<Operation[]> {
    if (limit <= 0) return [];
    const x = new Expr();
    const condition = x.eq(attr.deployment, deployment) + (before !== undefined ? ` AND ${x.name(attr.id)} < ${x.value(before)}` : "");
    const page = await this.db.query({ IndexName: index.deploymentOperations, KeyConditionExpression: condition, ...x.params(), ScanIndexForward: false, Limit: limit });
    return page.items.map((item) => operationRecord(item).operation);
  }

  async claimNext(lease: Lease, now: string, exclude: readonly string[]): Promise<Operation | undefined> {
    const skip = new Set(exclude);
    for (let round = 0; round < MAX_ATTEMPTS; round++) {
      let lost = false;
      let start: Item | undefined;
      do {
        const x = new Expr();
        const page = await this.db.query({ IndexName: index.claimable, KeyConditionExpression: x.eq(attr.claimable, CLAIMABLE), ...x.params(), Limit: CLAIM_PAGE, ...(start ? { ExclusiveStartKey: start } : {}) });
        for (const candidate of page.items) {
          const name = candidate[PK]?.S?.replace(/^DEP#/, "");
          if (name === undefined || skip.has(name)) continue;
          const claimed = await this.tryClaim(name, lease, now);
          if (claimed === RETRY) lost = true;
          else if (claimed) return claimed;
        }
        start = page.last;
      } while (start);
      // Nothing claimable, or every candidate taken by another claimer: read the index again
      // only in the second case — a claimer that lost may find a deployment it has not tried.
      if (!lost) return undefined;
    }
    return undefined;
  }

  /** Claims the head of one deployment's queue if its running slot is free; RETRY if another write got there first. */
  private async tryClaim(name: string, lease: Lease, now: string): Promise<Operation | undefined | typeof RETRY> {
    const deployment = await readDeployment(this.db, name);
    const head = deployment?.queued[0];
    if (!deployment || head === undefined || deployment.deployment.runningOperation !== null) return undefined;
    const queued = await readOperation(this.db, head);
    if (!queued || queued.operation.status !== "queued") return undefined;
    const running: Operation = { ...queued.operation, status: "running", runner: lease.owner, startedAt: now, request: requestAtStart(queued.operation.kind, queued.operation.request, deployment.deployment) };
    checkOperationSize({ operation: running, lease });
    const written = await this.db.commit([
      deploymentWrite(deployment, { deployment: claim(deployment.deployment, head), queued: deployment.queued.slice(1) }),
      {
        update: keys.operation(head),
        set: { status: "running", startedAt: now, request: JSON.stringify(running.request), runner: lease.owner, leaseOwner: lease.owner, [attr.leaseExpiresAt]: lease.expiresAt, [attr.leased]: RUNNING },
        condition: (x) => x.eq("status", "queued"),
      },
    ]);
    return written ? running : RETRY;
  }

  async renewLease(id: string, lease: Lease): Promise<void> {
    const renewed = await this.db.commit([{ update: keys.operation(id), set: { [attr.leaseExpiresAt]: lease.expiresAt }, condition: (x) => `${x.eq("status", "running")} AND ${x.eq("leaseOwner", lease.owner)}` }]);
    if (!renewed) throw conflict(`operation ${id} is not running under ${lease.owner}`, "lease-lost");
  }

  async finish(id: string, owner: string, outcome: OperationOutcome, now: string): Promise<OperationEvent> {
    const lost = () => conflict(`operation ${id} is not running under ${owner}`, "lease-lost");
    return withRetries(`finishing operation ${id}`, async () => {
      const current = await readOperation(this.db, id);
      if (!current || current.operation.status !== "running" || current.lease?.owner !== owner) throw lost();
      const finished: Operation = { ...current.operation, status: outcome.status, summary: outcome.summary ?? null, error: outcome.error ?? null, finishedAt: now };
      checkOperationSize({ operation: finished, lease: null });
      const deployment = await readDeployment(this.db, current.operation.deployment);
      const counter = await readEventCounter(this.db, id);
      const holdsSlot = deployment !== undefined && deployment.deployment.runningOperation === id;
      const settled = holdsSlot ? settle(deployment.deployment, settleInput(current.operation, outcome), now) : undefined;
      // A drift check's findings go on the deployment with an event of their own, before the last.
      const drift = settled && current.operation.kind === "drift-check" && outcome.status === "succeeded" ? nextEvent(counter, "slipstream.drift", driftEventData(settled), now) : undefined;
      const event = drift ? { ...nextEvent(counter, outcome.event.type, outcome.event.data, now), sequence: drift.sequence + 1 } : nextEvent(counter, outcome.event.type, outcome.event.data, now);
      const writes: Write[] = [
        {
          update: keys.operation(id),
          set: { status: outcome.status, finishedAt: now, summary: outcome.summary ? JSON.stringify(outcome.summary) : undefined, error: outcome.error ? JSON.stringify(outcome.error) : undefined },
          remove: ENDED_REMOVES,
          condition: (x) => `${x.eq("status", "running")} AND ${x.eq("leaseOwner", owner)}`,
        },
        ...(drift ? eventWrites(counter, drift, event) : eventWrites(counter, event)),
      ];
      if (deployment && settled) {
        writes.push(deploymentWrite(deployment, { deployment: settled, queued: deployment.queued }));
        const found = drift ? driftNotification(newId(), deployment.deployment, settled, now) : undefined;
        if (found) writes.push(notificationWrite(found));
      }
      writes.push(...endNotification(finished, deployment, now));
      return (await this.db.commit(writes)) ? event : RETRY;
    });
  }

  async requestCancel(id: string, now: string): Promise<Operation> {
    return withRetries(`cancelling operation ${id}`, async () => {
      const current = await readOperation(this.db, id);
      if (!current) throw conflict(`operation ${id} not found`, "not-found");
      const operation = current.operation;
      if (operation.status === "running") {
        if (operation.cancelRequested) return operation;
        const flagged = await this.db.commit([{ update: keys.operation(id), set: { cancelRequested: true }, condition: (x) => x.eq("status", "running") }]);
        return flagged ? { ...operation, cancelRequested: true } : RETRY;
      }
      if (operation.status !== "queued") throw conflict(`operation ${id} already ${operation.status}`, "not-running");
      const cancelled: Operation = { ...operation, status: "cancelled", cancelRequested: true, error: CANCELLED_BEFORE_START, finishedAt: now };
      const deployment = await readDeployment(this.db, operation.deployment);
      const counter = await readEventCounter(this.db, id);
      const writes: Write[] = [
        {
          update: keys.operation(id),
          set: { status: "cancelled", cancelRequested: true, error: JSON.stringify(CANCELLED_BEFORE_START), finishedAt: now },
          remove: ENDED_REMOVES,
          condition: (x) => x.eq("status", "queued"),
        },
        ...eventWrites(counter, nextEvent(counter, "slipstream.cancelled", { error: CANCELLED_BEFORE_START }, now)),
      ];
      if (deployment) writes.push(deploymentWrite(deployment, { deployment: cancelQueued(deployment.deployment, operation.kind, now), queued: deployment.queued.filter((q) => q !== id) }));
      writes.push(...endNotification(cancelled, deployment, now));
      return (await this.db.commit(writes)) ? cancelled : RETRY;
    });
  }

  async recoverExpired(now: string, reason: OperationError): Promise<Operation[]> {
    const lapsed: string[] = [];
    let start: Item | undefined;
    do {
      const x = new Expr();
      const page = await this.db.query({
        IndexName: index.leases,
        KeyConditionExpression: `${x.eq(attr.leased, RUNNING)} AND ${x.name(attr.leaseExpiresAt)} <= ${x.value(now)}`,
        ...x.params(),
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      lapsed.push(...page.items.map((item) => item[PK]?.S?.replace(/^OP#/, "")).filter((id): id is string => id !== undefined));
      start = page.last;
    } while (start);
    const recovered: Operation[] = [];
    for (const id of lapsed.sort()) {
      const interrupted = await withRetries(`recovering operation ${id}`, () => this.tryRecover(id, now, reason));
      if (interrupted) recovered.push(interrupted);
    }
    return recovered;
  }

  /** Interrupts one operation if, read again, its lease has still lapsed; undefined if its owner renewed or ended it. */
  private async tryRecover(id: string, now: string, reason: OperationError): Promise<Operation | undefined | typeof RETRY> {
    const current = await readOperation(this.db, id);
    const lease = current?.lease;
    if (!current || current.operation.status !== "running" || !lease || Date.parse(lease.expiresAt) > Date.parse(now)) return undefined;
    const operation: Operation = { ...current.operation, status: "interrupted", error: reason, finishedAt: now };
    checkOperationSize({ operation, lease: null });
    const deployment = await readDeployment(this.db, operation.deployment);
    const counter = await readEventCounter(this.db, id);
    const writes: Write[] = [
      {
        update: keys.operation(id),
        set: { status: "interrupted", error: JSON.stringify(reason), finishedAt: now },
        remove: ENDED_REMOVES,
        // The lease read: a renewal since (its owner was only slow) makes this fail.
        condition: (x) => `${x.eq("status", "running")} AND ${x.eq("leaseOwner", lease.owner)} AND ${x.eq(attr.leaseExpiresAt, lease.expiresAt)}`,
      },
      ...eventWrites(counter, nextEvent(counter, "slipstream.interrupted", { reason: reason.detail }, now)),
    ];
    if (deployment) writes.push(deploymentWrite(deployment, { deployment: recoveredDeployment(deployment, id, current, now, reason), queued: deployment.queued }));
    writes.push(...endNotification(operation, deployment, now));
    return (await this.db.commit(writes)) ? operation : RETRY;
  }

  async countActive(): Promise<number> {
    let count = 0;
    let start: Item | undefined;
    do {
      const x = new Expr();
      const page = await this.db.query({ IndexName: index.active, KeyConditionExpression: x.eq(attr.active, ACTIVE), ...x.params(), Select: "COUNT", ...(start ? { ExclusiveStartKey: start } : {}) });
      count += page.count;
      start = page.last;
    } while (start);
    return count;
  }
}

/** The deployment once its running operation was interrupted: settled if it held the slot, else only flagged. */
function recoveredDeployment(deployment: DeploymentRecord, id: string, current: OperationRecord, now: string, reason: OperationError) {
  const d = deployment.deployment;
  return d.runningOperation === id ? settle(d, { operationId: id, kind: current.operation.kind, request: current.operation.request, status: "interrupted", error: reason }, now) : { ...d, needsRecovery: true, updatedAt: now };
}

/**
 * The outbox entry of an operation's end, as one more item of the transaction that ends it
 * (the deployment's team receives it). A retry after a lost race builds a new one with a new
 * id; only the transaction that wins writes one.
 */
function endNotification(ended: Operation, deployment: DeploymentRecord | undefined, now: string): Write[] {
  const notification = deployment ? operationNotification(newId(), ended, deployment.deployment.team, now) : undefined;
  return notification ? [notificationWrite(notification)] : [];
}
