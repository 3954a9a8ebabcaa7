import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { convertToAttr, marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Actor, ApiToken, AuditEntry, Team } from "../../domain/access";
import type { Deployment, DeploymentRequest, DeploymentStatus, DriftRecord, Operation, OperationEvent, OperationKind, OperationStatus } from "../../domain/model";
import { DRIFT_CHECK_STATUSES, EXPIRY_STATUSES } from "../../domain/schedule-rules";
import type { IdempotencyRecord, Lease } from "../store";
import { FIRST_BLUEPRINT_VERSION, LEGACY_ACTOR, LEGACY_TEAM } from "../legacy";
import { ACTIVE, CLAIMABLE, DRIFTED, DRIFT_DUE, EXPIRY_DUE, LIVE, REMINDER_DUE, RUNNING, attr, keys } from "./table";

/**
 * Item codecs: each record as the DynamoDB item that holds it, and back. Structured values
 * (requests, outputs, summaries, errors, event data) are kept as JSON text: DynamoDB's own
 * number type is not JavaScript's, and what a record holds must read back exactly as written.
 * The index key attributes (see table.ts) are derived here, from the record, so that no write
 * can leave a record in the wrong index.
 */

export type Item = Record<string, AttributeValue>;

/** A deployment as stored: the record, the version every write to it is conditioned on, and its queue. */
export interface DeploymentRecord {
  deployment: Deployment;
  /** Incremented by every write; each write is conditioned on the version it read (optimistic concurrency). */
  version: number;
  /** Ids of the deployment's queued operations, oldest (smallest UUIDv7) first: its FIFO queue. */
  queued: string[];
}

/** An operation as stored: the record and the lease it runs under. */
export interface OperationRecord {
  operation: Operation;
  lease: Lease | null;
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const parse = <T>(text: unknown): T => JSON.parse(String(text)) as T;

export function deploymentItem({ deployment: d, version, queued }: DeploymentRecord): Item {
  const live = d.status !== "destroyed";
  const sortedQueue = [...queued].sort();
  const head = sortedQueue[0];
  const nonEmpty = (value: string | undefined) => (value ? value : undefined);
  const expiring = d.expiry !== null && d.expiry.destroyQueuedAt === null && (EXPIRY_STATUSES as readonly string[]).includes(d.status);
  return marshall(
    {
      ...keys.deployment(d.name),
      type: "deployment",
      [attr.name]: d.name,
      team: d.team,
      blueprint: d.blueprint,
      region: d.region,
      request: json(d.request),
      blueprintVersion: d.blueprintVersion,
      appliedOperation: d.appliedOperation ?? undefined,
      status: d.status,
      outputs: json(d.outputs),
      needsRecovery: d.needsRecovery,
      runningOperation: d.runningOperation ?? undefined,
      statusBeforeDestroy: d.statusBeforeDestroy ?? undefined,
      lastError: d.lastError ? json(d.lastError) : undefined,
      drift: d.drift ? json(d.drift) : undefined,
      [attr.driftScheduleFrom]: d.driftScheduleFrom,
      [attr.expiryAt]: d.expiry?.at,
      expiryRemindedAt: d.expiry?.remindedAt ?? undefined,
      expiryDestroyQueuedAt: d.expiry?.destroyQueuedAt ?? undefined,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      version,
      queued: sortedQueue,
      // Sparse index keys: only live deployments are listed, and only by the filters they have.
      [attr.live]: live ? LIVE : undefined,
      [attr.blueprint]: live ? d.blueprint : undefined,
      [attr.status]: live ? d.status : undefined,
      [attr.environment]: live ? nonEmpty(d.request.tags.environment) : undefined,
      [attr.owner]: live ? nonEmpty(d.request.tags.owner) : undefined,
      [attr.team]: live ? nonEmpty(d.team) : undefined,
      [attr.drifted]: live && d.drift !== null ? DRIFTED : undefined,
      // Scheduled work: only deployments that can be due are in these indexes (schedule-rules.ts).
      [attr.driftDue]: (DRIFT_CHECK_STATUSES as readonly string[]).includes(d.status) ? DRIFT_DUE : undefined,
      [attr.reminderDue]: expiring && d.expiry?.remindedAt === null ? REMINDER_DUE : undefined,
      [attr.expiryDue]: expiring ? EXPIRY_DUE : undefined,
      // Work to claim: a queued operation and a free running slot.
      [attr.claimable]: head !== undefined && d.runningOperation === null ? CLAIMABLE : undefined,
      [attr.claimHead]: head !== undefined && d.runningOperation === null ? head : undefined,
    },
    { removeUndefinedValues: true },
  );
}

export function deploymentRecord(item: Item): DeploymentRecord {
  const raw = unmarshall(item);
  return {
    deployment: {
      name: raw[attr.name] as string,
      // Written before teams (upgrade.ts backfills the live ones): see ../legacy.ts.
      team: (raw.team as string | undefined) ?? LEGACY_TEAM,
      blueprint: raw.blueprint as string,
      region: raw.region as string,
      request: parse<DeploymentRequest>(raw.request),
      // Written before versions: the first version (../legacy.ts).
      blueprintVersion: (raw.blueprintVersion as string | undefined) ?? FIRST_BLUEPRINT_VERSION,
      appliedOperation: (raw.appliedOperation as string | undefined) ?? null,
      status: raw.status as DeploymentStatus,
      outputs: parse<Record<string, unknown>>(raw.outputs),
      needsRecovery: raw.needsRecovery === true,
      runningOperation: (raw.runningOperation as string | undefined) ?? null,
      statusBeforeDestroy: (raw.statusBeforeDestroy as Deployment["statusBeforeDestroy"] | undefined) ?? null,
      lastError: raw.lastError !== undefined ? parse<Deployment["lastError"]>(raw.lastError) : null,
      drift: raw.drift !== undefined ? parse<DriftRecord>(raw.drift) : null,
      // Written before drift checks (upgrade.ts gives live ones the attribute): the last change.
      driftScheduleFrom: (raw[attr.driftScheduleFrom] as string | undefined) ?? (raw.updatedAt as string),
      expiry:
        raw[attr.expiryAt] !== undefined
          ? { at: raw[attr.expiryAt] as string, remindedAt: (raw.expiryRemindedAt as string | undefined) ?? null, destroyQueuedAt: (raw.expiryDestroyQueuedAt as string | undefined) ?? null }
          : null,
      createdAt: raw.createdAt as string,
      updatedAt: raw.updatedAt as string,
    },
    version: Number(raw.version),
    queued: ((raw.queued as string[] | undefined) ?? []).slice().sort(),
  };
}

export function operationItem({ operation: o, lease }: OperationRecord): Item {
  const active = o.status === "queued" || o.status === "running";
  const running = o.status === "running" && lease !== null;
  return marshall(
    {
      ...keys.operation(o.id),
      type: "operation",
      [attr.id]: o.id,
      [attr.deployment]: o.deployment,
      kind: o.kind,
      status: o.status,
      request: json(o.request),
      blueprintVersion: o.blueprintVersion ?? undefined,
      cancelRequested: o.cancelRequested,
      requestedBy: json(o.requestedBy),
      runner: o.runner ?? undefined,
      summary: o.summary ? json(o.summary) : undefined,
      error: o.error ? json(o.error) : undefined,
      createdAt: o.createdAt,
      startedAt: o.startedAt ?? undefined,
      finishedAt: o.finishedAt ?? undefined,
      leaseOwner: running ? lease.owner : undefined,
      [attr.leaseExpiresAt]: running ? lease.expiresAt : undefined,
      [attr.leased]: running ? RUNNING : undefined,
      [attr.active]: active ? ACTIVE : undefined,
    },
    { removeUndefinedValues: true },
  );
}

export function operationRecord(item: Item): OperationRecord {
  const raw = unmarshall(item);
  const lease = raw.leaseOwner !== undefined && raw[attr.leaseExpiresAt] !== undefined ? { owner: raw.leaseOwner as string, expiresAt: raw[attr.leaseExpiresAt] as string } : null;
  return {
    operation: {
      id: raw[attr.id] as string,
      deployment: raw[attr.deployment] as string,
      kind: raw.kind as OperationKind,
      status: raw.status as OperationStatus,
      request: parse<DeploymentRequest>(raw.request),
      blueprintVersion: (raw.blueprintVersion as string | undefined) ?? null,
      cancelRequested: raw.cancelRequested === true,
      // Written before operations named who requested them: see ../legacy.ts.
      requestedBy: raw.requestedBy !== undefined ? parse<Actor>(raw.requestedBy) : { ...LEGACY_ACTOR },
      runner: (raw.runner as string | undefined) ?? null,
      summary: raw.summary !== undefined ? parse<Operation["summary"]>(raw.summary) : null,
      error: raw.error !== undefined ? parse<Operation["error"]>(raw.error) : null,
      createdAt: raw.createdAt as string,
      startedAt: (raw.startedAt as string | undefined) ?? null,
      finishedAt: (raw.finishedAt as string | undefined) ?? null,
    },
    lease,
  };
}

/** The counter of an operation's events: the last sequence appended (0 before the first). */
export function eventCounterItem(operationId: string, last: number): Item {
  return marshall({ ...keys.eventCounter(operationId), type: "event-counter", last });
}

export function eventItem(event: OperationEvent): Item {
  return marshall({
    ...keys.event(event.operationId, event.sequence),
    type: "event",
    operationId: event.operationId,
    sequence: event.sequence,
    time: event.time,
    eventType: event.type,
    data: json(event.data),
  });
}

export function eventRecord(item: Item): OperationEvent {
  const raw = unmarshall(item);
  return { operationId: raw.operationId as string, sequence: Number(raw.sequence), time: raw.time as string, type: raw.eventType as string, data: parse<unknown>(raw.data) };
}

/** An idempotency record as stored, with the revision its takeover is conditioned on. */
export interface IdempotencyItemRecord {
  record: IdempotencyRecord;
  revision: number;
}

export function idempotencyItem({ record: r, revision }: IdempotencyItemRecord): Item {
  return marshall(
    {
      ...keys.idempotency(r.key),
      type: "idempotency",
      key: r.key,
      fingerprint: r.fingerprint,
      status: r.status ?? undefined,
      body: r.body ?? undefined,
      owner: r.owner ?? undefined,
      expiresAt: r.expiresAt ?? undefined,
      // DynamoDB's TTL reads epoch seconds; the exact ISO time above is what the lease logic reads.
      [attr.expiry]: r.expiresAt ? Math.ceil(Date.parse(r.expiresAt) / 1000) : undefined,
      revision,
    },
    { removeUndefinedValues: true },
  );
}

export function idempotencyRecord(item: Item): IdempotencyItemRecord {
  const raw = unmarshall(item);
  return {
    record: {
      key: raw.key as string,
      fingerprint: raw.fingerprint as string,
      status: raw.status !== undefined ? Number(raw.status) : null,
      body: (raw.body as string | undefined) ?? null,
      owner: (raw.owner as string | undefined) ?? null,
      expiresAt: (raw.expiresAt as string | undefined) ?? null,
    },
    revision: Number(raw.revision ?? 0),
  };
}

export function teamItem(team: Team): Item {
  return marshall({ ...keys.team(team.name), type: "team", name: team.name, createdAt: team.createdAt, createdBy: team.createdBy });
}

export function teamRecord(item: Item): Team {
  const raw = unmarshall(item);
  return { name: raw.name as string, createdAt: raw.createdAt as string, createdBy: raw.createdBy as string };
}

/**
 * A token is two items with the same attributes: one in its team's partition (by id, for
 * lists and revocation) and one keyed by its hash (authentication). Both hold the hash of the
 * secret, never the secret, which the store never sees.
 */
export function tokenItems(token: ApiToken): { byId: Item; byHash: Item } {
  const attributes = {
    id: token.id,
    team: token.team,
    name: token.name,
    role: token.role,
    hash: token.hash,
    createdAt: token.createdAt,
    createdBy: token.createdBy,
    expiresAt: token.expiresAt ?? undefined,
    revokedAt: token.revokedAt ?? undefined,
  };
  return {
    byId: marshall({ ...keys.token(token.team, token.id), type: "token", ...attributes }, { removeUndefinedValues: true }),
    byHash: marshall({ ...keys.tokenByHash(token.hash), type: "token-by-hash", ...attributes }, { removeUndefinedValues: true }),
  };
}

export function tokenRecord(item: Item): ApiToken {
  const raw = unmarshall(item);
  return {
    id: raw.id as string,
    team: raw.team as string,
    name: raw.name as string,
    role: raw.role as ApiToken["role"],
    hash: raw.hash as string,
    createdAt: raw.createdAt as string,
    createdBy: raw.createdBy as string,
    expiresAt: (raw.expiresAt as string | undefined) ?? null,
    revokedAt: (raw.revokedAt as string | undefined) ?? null,
  };
}

/**
 * An audit entry: the entry as JSON (its fields must not become index keys — an attribute
 * named `deployment` beside `id` would put it in the operations index), and the team's index
 * key when it has a team.
 */
export function auditItem(entry: AuditEntry): Item {
  return marshall({ ...keys.audit(entry.id), type: "audit", entry: json(entry), [attr.auditTeam]: entry.team ? entry.team : undefined }, { removeUndefinedValues: true });
}

export function auditRecord(item: Item): AuditEntry {
  return parse<AuditEntry>(unmarshall(item).entry);
}

export const attributeValue = (value: unknown): AttributeValue => convertToAttr(value as never, { removeUndefinedValues: true });

/** DynamoDB's limit on one item: 400 KB, names and values together (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html). */
export const MAX_ITEM_BYTES = 400 * 1024;

/** Thrown before a write whose item would exceed DynamoDB's item size limit; nothing is written. */
export class ItemTooLargeError extends Error {
  constructor(
    readonly what: string,
    readonly bytes: number,
  ) {
    super(`${what} is ${Math.ceil(bytes / 1024)} KB as a DynamoDB item; DynamoDB items hold at most ${MAX_ITEM_BYTES / 1024} KB, so it cannot be stored`);
    this.name = "ItemTooLargeError";
  }
}

/**
 * An item's size as DynamoDB counts it: UTF-8 names and values; numbers about one byte per
 * two digits plus one; booleans and nulls one byte; lists and maps three bytes plus one per
 * element (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
 */
export function itemBytes(item: Item): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += Buffer.byteLength(name) + valueBytes(value);
  return total;
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|^0+|0+$/g, "").length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((n, s) => n + Math.ceil(s.length / 2) + 1, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((n, v) => n + 1 + valueBytes(v), 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + valueBytes(v), 0);
  return 0;
}

/** Fails clearly, before any write, when `item` would not fit in DynamoDB. */
export function checkItemSize(item: Item, what: string): Item {
  const bytes = itemBytes(item);
  if (bytes > MAX_ITEM_BYTES) throw new ItemTooLargeError(what, bytes);
  return item;
}
