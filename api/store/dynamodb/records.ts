import type { Operation, OperationEvent } from "../../domain/model";
import type { Db, Write } from "./db";
import {
  checkItemSize,
  deploymentItem,
  deploymentRecord,
  eventCounterItem,
  eventItem,
  operationItem,
  operationRecord,
  type DeploymentRecord,
  type OperationRecord,
} from "./items";
import { PK, attr, keys } from "./table";

/**
 * Reads and writes shared by the repositories. Reads are strongly consistent GetItems of base
 * items: a write is decided on them, never on an index (indexes are eventually consistent —
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html),
 * and conditioned on what was read.
 */

export async function readDeployment(db: Db, name: string): Promise<DeploymentRecord | undefined> {
  const item = await db.get(keys.deployment(name));
  return item ? deploymentRecord(item) : undefined;
}

export async function readOperation(db: Db, id: string): Promise<OperationRecord | undefined> {
  const item = await db.get(keys.operation(id));
  return item ? operationRecord(item) : undefined;
}

/** The last event sequence of an operation; `exists` false when its counter was never written. */
export interface EventCounter {
  operationId: string;
  last: number;
  exists: boolean;
}

export async function readEventCounter(db: Db, operationId: string): Promise<EventCounter> {
  const item = await db.get(keys.eventCounter(operationId));
  return { operationId, last: item?.last?.N !== undefined ? Number(item.last.N) : 0, exists: item !== undefined };
}

/** The deployment's next state, conditioned on the version read: a concurrent change makes it fail. */
export function deploymentWrite(before: DeploymentRecord | undefined, next: Omit<DeploymentRecord, "version">): Write {
  const item = checkItemSize(deploymentItem({ ...next, version: (before?.version ?? 0) + 1 }), `deployment "${next.deployment.name}"`);
  return before ? { put: item, condition: (x) => x.eq("version", before.version) } : { put: item, condition: (x) => x.notExists(PK) };
}

/** A new operation with its event counter at zero; neither may exist yet. */
export function newOperationWrites(operation: Operation): Write[] {
  return [
    { put: checkItemSize(operationItem({ operation, lease: null }), `operation ${operation.id}`), condition: (x) => x.notExists(PK) },
    { put: eventCounterItem(operation.id, 0), condition: (x) => x.notExists(PK) },
  ];
}

/**
 * The operation's next event: the counter moves from the sequence read to the next, and the
 * event is put where no event is. Two appenders that read the same sequence cannot both win.
 */
export function eventWrites(counter: EventCounter, event: OperationEvent, ...more: OperationEvent[]): Write[] {
  // Several events of one write (a drift check's drift and its end): the counter moves to the last.
  const events = [event, ...more];
  return [
    { put: eventCounterItem(counter.operationId, events[events.length - 1]!.sequence), condition: counter.exists ? (x) => x.eq("last", counter.last) : (x) => x.notExists(PK) },
    ...events.map((e): Write => ({ put: checkItemSize(eventItem(e), `event ${e.sequence} of operation ${e.operationId}`), condition: (x) => x.notExists(PK) })),
  ];
}

/** The event after the counter's last. */
export function nextEvent(counter: EventCounter, type: string, data: unknown, time: string): OperationEvent {
  return { operationId: counter.operationId, sequence: counter.last + 1, time, type, data };
}

/** Attributes an operation sheds when it stops running or waiting: its lease and its place in the active index. */
export const ENDED_REMOVES = ["leaseOwner", attr.leaseExpiresAt, attr.leased, attr.active];

/** Checks that the operation, as it will be after an update, still fits in one item. */
export function checkOperationSize(record: OperationRecord): void {
  checkItemSize(operationItem(record), `operation ${record.operation.id}`);
}
