import type { Actor, ApiToken, AuditEntry, Team } from "../domain/access";
import type { ChangeSummary, Deployment, DeploymentRequest, DeploymentStatus, DriftChange, Operation, OperationError, OperationEvent, OperationKind, OperationStatus } from "../domain/model";
import type { Notification } from "../domain/notifications";
import type { CompactPlan, UpgradePlan } from "../domain/upgrades";
import type { Delivery, DeliveryAttempt, NewWebhook, Webhook } from "../domain/webhooks";

/**
 * Persistence, split by aggregate: deployments, operations with their per-deployment queue,
 * operation events, idempotency records. Every backend (SQLite, DynamoDB) passes one
 * contract suite (test/store/contract.ts). Rules every backend keeps:
 * - Every state change is one conditional write (a SQLite transaction; a DynamoDB
 *   `TransactWriteItems`). A write whose condition matches nothing throws
 *   `StoreConflictError` and changes nothing — no caller learns of a lost race by silence.
 * - Ids are sortable (`newId()`, UUIDv7): no global sequence. An operation's events carry a
 *   sequence of their own, 1, 2, 3… per operation.
 * - Nothing here keeps truth in memory: several service instances may share one store.
 * - Times are ISO-8601 strings passed in by the caller (tests move the clock).
 */
export interface Store {
  readonly deployments: DeploymentStore;
  readonly operations: OperationStore;
  readonly events: EventStore;
  readonly idempotency: IdempotencyStore;
  readonly teams: TeamStore;
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  readonly schedules: ScheduleStore;
  readonly notifications: NotificationStore;
  readonly webhooks: WebhookStore;
  readonly deliveries: DeliveryStore;
  readonly plans: PlanRecordStore;
  /** Cheap round trip used by readiness checks; rejects when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A conditional write matched nothing: the record is not in the state the caller expected. */
export class StoreConflictError extends Error {
  constructor(
    message: string,
    /** Why, for the caller to map: the name is taken, the deployment no longer admits the kind, the lease was lost… */
    readonly reason: "exists" | "not-found" | "not-allowed" | "lease-lost" | "not-running" | "not-queued",
  ) {
    super(message);
    this.name = "StoreConflictError";
  }
}

export interface DeploymentFilter {
  /** Only this team's deployments (every caller but the service admin is confined to its team). */
  team?: string;
  blueprint?: string;
  status?: DeploymentStatus;
  environment?: string;
  owner?: string;
  /** Only deployments whose last drift check found drift (true); the filter is ignored when false or absent. */
  drifted?: boolean;
  /** Names after this one (cursor pagination, by name). */
  after?: string;
  limit: number;
}

export interface NewOperation {
  /** From `newId()`: sortable, so an operation's place in its deployment's queue is its id. */
  id: string;
  deployment: string;
  kind: OperationKind;
  request: DeploymentRequest;
  requestedBy: Actor;
  /** A create's or update's blueprint version (the deployment's once it succeeds). */
  blueprintVersion?: string;
  /**
   * Queue only if the deployment's `updatedAt` is still this: an upgrade applies the plan it
   * was reviewed as, so any change to the deployment since makes the write refuse (`not-allowed`).
   */
  expectedUpdatedAt?: string;
  /**
   * Queue only if the deployment is applied at this blueprint version and nothing queued or
   * running on it carries another (`version-admission.versionRefusal`); `not-allowed` otherwise.
   * An ordinary update names the version it was checked at, so one racing an upgrade is refused.
   */
  expectedBlueprintVersion?: string;
}

export interface DeploymentStore {
  /**
   * Creates the deployment and its first (create) operation in one write. A destroyed
   * deployment's name is free: the new deployment replaces its record and its operations
   * join the name's history. Throws `StoreConflictError("exists")` if a live one holds the name.
   */
  create(deployment: Deployment, first: NewOperation): Promise<void>;
  /** The deployment, destroyed ones included (they keep their record for their history). */
  get(name: string): Promise<Deployment | undefined>;
  /** Live (not destroyed) deployments matching the filter, by name, at most `limit`. */
  list(filter: DeploymentFilter): Promise<Deployment[]>;
  /**
   * Sets or clears (null) the deployment's expiry as `schedule-rules.setExpiry` allows, in one
   * conditional write; returns the deployment as written. Throws `StoreConflictError` with
   * reason `not-found` or `not-allowed` (being destroyed, or destroyed).
   */
  setExpiry(name: string, at: string | null, now: string): Promise<Deployment>;
}

export interface Lease {
  /** The instance holding it (one id per service process). */
  owner: string;
  /** When it lapses unless renewed; an operation under a lapsed lease may be recovered by anyone. */
  expiresAt: string;
}

/** How a running operation ended, as the worker saw it. */
export interface OperationOutcome {
  status: Exclude<OperationStatus, "queued" | "running" | "interrupted">;
  summary?: ChangeSummary | null;
  error?: OperationError | null;
  /** Stack outputs (secrets masked) when the engine reported them. */
  outputs?: Record<string, unknown>;
  /** A drift-check's findings: the store records them on the deployment and appends a `slipstream.drift` event before `event`. */
  drift?: DriftChange[];
  /** The operation's last event, appended in the same write as the outcome. */
  event: { type: string; data: unknown };
}

export interface OperationStore {
  /**
   * Queues an operation on an existing deployment, if `lifecycle.admit` allows its kind in
   * the deployment's current state, and applies the admission's effect (a destroy marks the
   * deployment `destroying`) in the same write. An update carries its request; it becomes
   * the deployment's only when the update succeeds. Throws `StoreConflictError` with reason
   * `not-found` or `not-allowed` (the message says why).
   */
  enqueue(operation: NewOperation, now: string): Promise<Operation>;
  get(id: string): Promise<Operation | undefined>;
  /** A deployment's operations, newest first; `before` is an operation id (cursor). */
  listByDeployment(deployment: string, limit: number, before?: string): Promise<Operation[]>;
  /**
   * Claims the oldest queued operation of some deployment that has nothing running and is
   * not in `exclude`, under `lease`: the operation becomes `running` and the deployment
   * records it as its running operation, in one write. A preview, refresh or destroy takes
   * the deployment's applied request as it is then. Undefined when there is nothing to claim.
   */
  claimNext(lease: Lease, now: string, exclude: readonly string[]): Promise<Operation | undefined>;
  /** Extends the lease of a running operation held by `lease.owner`; `StoreConflictError("lease-lost")` otherwise. */
  renewLease(id: string, lease: Lease): Promise<void>;
  /**
   * Ends a running operation held by `owner`: its status, the deployment's new state
   * (`lifecycle.settle`), the release of the deployment's running slot and the operation's
   * last event and its `operation.*` notification (outbox), in one write. Returns the appended event. Throws
   * `StoreConflictError("lease-lost")` if the operation is not running under `owner`
   * (another instance recovered it): nothing is changed then.
   */
  finish(id: string, owner: string, outcome: OperationOutcome, now: string): Promise<OperationEvent>;
  /**
   * Cancels a queued operation outright (a cancelled destroy gives the deployment back the
   * state it had), with its `slipstream.cancelled` event and `operation.cancelled`
   * notification, in one write; or flags a running
   * one for its worker to stop. Returns the updated operation. Throws
   * `StoreConflictError("not-found")`, or `("not-running")` if it already finished.
   */
  requestCancel(id: string, now: string): Promise<Operation>;
  /**
   * Operations whose lease lapsed before `now` (their instance died or stalled): each
   * becomes `interrupted` with `reason`, its deployment is flagged `needsRecovery` and its
   * running slot freed, and a `slipstream.interrupted` event and an `operation.failed`
   * notification are appended — one write per
   * operation. Live leases are never touched. Returns those recovered.
   */
  recoverExpired(now: string, reason: OperationError): Promise<Operation[]>;
  /** Queued and running operations across all deployments. */
  countActive(): Promise<number>;
}

/**
 * Scheduled work (api/schedules/): which deployments are due for a drift check, an expiry
 * reminder or an expiry's destroy, each list read from an index (no scan of all deployments),
 * and the conditional write that acts on one. Every instance polls these; two that find the
 * same deployment due race on the write, which decides again on the record it reads
 * (`schedule-rules.ts`): exactly one acts, the other gets undefined and nothing is written.
 * The operations queued this way run under the worker's leases like any other.
 */
export interface ScheduleStore {
  /** Deployments whose drift schedule started at or before `cutoff` (now − the interval), longest waiting first. */
  driftChecksDue(cutoff: string, limit: number): Promise<string[]>;
  /** Deployments not yet reminded whose expiry is at or before `remindBefore` (now + the reminder's lead), soonest first. */
  remindersDue(remindBefore: string, limit: number): Promise<string[]>;
  /** Deployments whose expiry is at or before `now` and has not queued its destroy, soonest first. */
  expiriesDue(now: string, limit: number): Promise<string[]>;
  /**
   * Queues `operation` (a drift-check) if the deployment's check is still due at `cutoff`;
   * the drift schedule moves to `now` in the same write, so no other instance queues it too.
   */
  queueDriftCheck(operation: NewOperation, cutoff: string, now: string): Promise<Operation | undefined>;
  /** Records the expiry reminder on the deployment if still due; the deployment as written. */
  remind(name: string, remindBefore: string, now: string): Promise<Deployment | undefined>;
  /** Queues the expiry's destroy (`operation`) if still due, marking the expiry as acted on, in one write. */
  expire(operation: NewOperation, now: string): Promise<Operation | undefined>;
}

export interface EventStore {
  /** Appends the operation's next event (sequence = last + 1). */
  append(operationId: string, type: string, data: unknown, time: string): Promise<OperationEvent>;
  /** Events after `afterSequence`, in order. */
  list(operationId: string, afterSequence: number, limit: number): Promise<OperationEvent[]>;
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

export interface IdempotencyStore {
  /**
   * Reserves a key for a request under a lease, or returns the record of the request holding
   * it. A key whose lease or retention has expired is taken over as if free.
   */
  reserve(key: string, fingerprint: string, lease: IdempotencyLease): Promise<IdempotencyReservation>;
  /** Keeps the response of the lease's request until `expiresAt`; false if the lease was lost. */
  complete(key: string, owner: string, response: { status: number; body: string; expiresAt: string }): Promise<boolean>;
  /** Frees a key whose request ended without a response worth replaying. */
  release(key: string, owner: string): Promise<void>;
  /**
   * Deletes at most `limit` keys whose lease or retention had passed by `now`, and says how
   * many it deleted; the scheduler calls it on every poll, so the keys kept are about a day's.
   * A store whose database expires items itself (DynamoDB's TTL) may delete none here.
   */
  pruneExpired(now: string, limit: number): Promise<number>;
}

export interface TeamStore {
  /** Throws `StoreConflictError("exists")` if the name is taken. */
  create(team: Team): Promise<void>;
  get(name: string): Promise<Team | undefined>;
  /** By name, after the cursor. */
  list(after: string | undefined, limit: number): Promise<Team[]>;
}

export interface TokenStore {
  /** Throws `StoreConflictError("not-found")` if the team does not exist. */
  create(token: ApiToken): Promise<void>;
  /** The token whose secret hashes to `hash` (one keyed read: every request authenticates). */
  findByHash(hash: string): Promise<ApiToken | undefined>;
  /** A team's tokens, revoked and expired ones included, by id. */
  list(team: string): Promise<ApiToken[]>;
  /**
   * Revokes a team's token (idempotent: a revoked one keeps its first `revokedAt`). Throws
   * `StoreConflictError("not-found")` if the team has no such token.
   */
  revoke(team: string, id: string, now: string): Promise<ApiToken>;
}

export interface AuditFilter {
  /** Only entries of this team; every team when undefined (service admin). */
  team?: string;
  /** Entries older than this id (cursor). */
  before?: string;
  limit: number;
}

export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditEntry[]>;
}

/** A notification in the outbox, and whether it has been fanned out to deliveries yet. */
export interface OutboxEntry {
  notification: Notification;
  /** When the dispatcher turned it into deliveries; null until then. */
  dispatchedAt: string | null;
}

/**
 * The outbox: notifications written in the same write as the change they report (an
 * operation's end here; other writes add theirs with each backend's in-transaction helper —
 * sqlite/notifications.ts `insertNotification`, dynamodb/notifications.ts `notificationWrite`),
 * waiting to be fanned out to the team's webhooks.
 */
export interface NotificationStore {
  /** Appends one on its own (a change that needs no other write). `StoreConflictError("exists")` for a taken id. */
  append(notification: Notification): Promise<void>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /** Notifications not yet dispatched, oldest first. */
  listUndispatched(limit: number): Promise<Notification[]>;
  /**
   * Marks a notification dispatched, if it is not yet: of several dispatchers racing, one
   * wins; the others get `StoreConflictError("not-queued")` (or `"not-found"`).
   */
  markDispatched(id: string, now: string): Promise<void>;
}

export interface WebhookStore {
  /** Stores a subscription with its signing secret. `StoreConflictError("exists")` for a taken id. */
  create(webhook: NewWebhook): Promise<void>;
  /** A team's webhook, without its secret. */
  get(team: string, id: string): Promise<Webhook | undefined>;
  /** A team's webhooks by id, after the cursor, without secrets. */
  list(team: string, after: string | undefined, limit: number): Promise<Webhook[]>;
  /** Deletes a team's webhook (its deliveries stay, for their log). `StoreConflictError("not-found")` if there is none. */
  delete(team: string, id: string): Promise<Webhook>;
  /** The signing secret: the deliverer's read, and no one else's. */
  signingSecret(team: string, id: string): Promise<string | undefined>;
}

/** What becomes of a delivery after an attempt. */
export type DeliveryNext = { status: "succeeded" | "failed" } | { status: "pending"; nextAttemptAt: string };

export interface DeliveryStore {
  /**
   * Creates a pending delivery, due at once, if none has its id (ids are deterministic per
   * event and webhook, so a second dispatch of one notification creates nothing). True when
   * created, false when it already existed.
   */
  create(delivery: Delivery): Promise<boolean>;
  get(webhook: string, id: string): Promise<Delivery | undefined>;
  /** A webhook's deliveries, newest first; `before` is a delivery id (cursor). */
  listByWebhook(webhook: string, before: string | undefined, limit: number): Promise<Delivery[]>;
  /**
   * Claims one pending delivery that is due (`nextAttemptAt` ≤ now) and not under a live
   * lease, under `lease`, in one conditional write: one claimer wins it. A lease that lapsed
   * (its instance died mid-attempt) leaves the delivery claimable again. Undefined when
   * nothing is due.
   */
  claimDue(lease: Lease, now: string): Promise<Delivery | undefined>;
  /**
   * Records an attempt and the delivery's next state in one write, releasing the lease.
   * `StoreConflictError("lease-lost")` if the delivery is not pending under `owner`
   * (another instance claimed it after the lease lapsed): nothing changes then.
   */
  recordAttempt(webhook: string, id: string, owner: string, attempt: DeliveryAttempt, next: DeliveryNext): Promise<Delivery>;
}

/**
 * Plans kept for blueprint upgrades: the plan each create or update applies, under its
 * operation's id (written before the operation is queued, so an operation never lacks its
 * plan; a plan whose operation was refused is never read), and the upgrade plans callers
 * review, by id, for whichever instance gets the `upgrade` call. Both are written once and
 * never changed.
 */
export interface PlanRecordStore {
  /** `StoreConflictError("exists")` if the operation already has one. */
  saveApplied(operationId: string, deployment: string, plan: CompactPlan): Promise<void>;
  getApplied(operationId: string): Promise<CompactPlan | undefined>;
  /** `StoreConflictError("exists")` for a taken id. */
  saveUpgrade(plan: UpgradePlan): Promise<void>;
  getUpgrade(id: string): Promise<UpgradePlan | undefined>;
}
