import Database from "better-sqlite3";
import type { ChangeSummary, Deployment, DeploymentRequest, Operation, OperationError, OperationEvent, OperationStatus } from "../domain/model";
import type { DeploymentFilter, IdempotencyLease, IdempotencyRecord, IdempotencyReservation, NewOperation, OperationOutcome, Store } from "./store";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deployments (
  name TEXT PRIMARY KEY,
  blueprint TEXT NOT NULL,
  region TEXT NOT NULL,
  request TEXT NOT NULL,
  status TEXT NOT NULL,
  outputs TEXT NOT NULL DEFAULT '{}',
  needs_recovery INTEGER NOT NULL DEFAULT 0,
  environment TEXT,
  owner TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS operations (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  deployment TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  request TEXT NOT NULL,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  summary TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX IF NOT EXISTS operations_by_deployment ON operations (deployment, seq);
CREATE INDEX IF NOT EXISTS operations_by_status ON operations (status, seq);
CREATE TABLE IF NOT EXISTS events (
  operation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (operation_id, seq)
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  status INTEGER,
  body TEXT,
  created_at TEXT NOT NULL,
  owner TEXT,
  expires_at TEXT
);
`;

// Columns added after the first release, for stores created before them. A key reserved
// before leases existed has no expiry and counts as expired: it is released at once.
const MIGRATIONS: { table: string; column: string; definition: string }[] = [
  { table: "idempotency_keys", column: "owner", definition: "TEXT" },
  { table: "idempotency_keys", column: "expires_at", definition: "TEXT" },
];
const INDEXES = `CREATE INDEX IF NOT EXISTS idempotency_keys_by_expiry ON idempotency_keys (expires_at);`;

interface DeploymentRow {
  name: string;
  blueprint: string;
  region: string;
  request: string;
  status: Deployment["status"];
  outputs: string;
  needs_recovery: number;
  created_at: string;
  updated_at: string;
}

interface OperationRow {
  id: string;
  deployment: string;
  kind: Operation["kind"];
  status: OperationStatus;
  request: string;
  cancel_requested: number;
  summary: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const toDeployment = (r: DeploymentRow): Deployment => ({
  name: r.name,
  blueprint: r.blueprint,
  region: r.region,
  request: JSON.parse(r.request) as DeploymentRequest,
  status: r.status,
  outputs: JSON.parse(r.outputs) as Record<string, unknown>,
  needsRecovery: r.needs_recovery === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toOperation = (r: OperationRow): Operation => ({
  id: r.id,
  deployment: r.deployment,
  kind: r.kind,
  status: r.status,
  request: JSON.parse(r.request) as DeploymentRequest,
  cancelRequested: r.cancel_requested === 1,
  summary: r.summary ? (JSON.parse(r.summary) as ChangeSummary) : null,
  error: r.error ? (JSON.parse(r.error) as OperationError) : null,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/**
 * The store on SQLite (WAL mode, so readers never wait for the writer). Several processes
 * may share one file: every claim and transition is a single conditional statement.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA);
    this.migrate();
  }

  // IMMEDIATE: two processes opening one old store must not both add a column.
  private migrate(): void {
    this.db
      .transaction(() => {
        for (const { table, column, definition } of MIGRATIONS) {
          const columns = this.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
          if (!columns.some((c) => c.name === column)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
        }
        this.db.exec(INDEXES);
      })
      .immediate();
  }

  private insertOperation(op: NewOperation, now: string): void {
    this.db
      .prepare(
        `INSERT INTO operations (id, seq, deployment, kind, status, request, created_at)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM operations), ?, ?, 'queued', ?, ?)`,
      )
      .run(op.id, op.deployment, op.kind, JSON.stringify(op.request), now);
  }

  createDeployment(d: Deployment, first: NewOperation): boolean {
    return this.db.transaction(() => {
      const inserted = this.db
        .prepare(
          `INSERT INTO deployments (name, blueprint, region, request, status, outputs, needs_recovery, environment, owner, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET blueprint = excluded.blueprint, region = excluded.region, request = excluded.request, status = excluded.status,
             outputs = excluded.outputs, needs_recovery = 0, environment = excluded.environment, owner = excluded.owner, created_at = excluded.created_at, updated_at = excluded.updated_at
           WHERE deployments.status = 'destroyed'`,
        )
        .run(d.name, d.blueprint, d.region, JSON.stringify(d.request), d.status, JSON.stringify(d.outputs), d.request.tags["environment"] ?? null, d.request.tags["owner"] ?? null, d.createdAt, d.updatedAt);
      if (inserted.changes === 0) return false;
      this.insertOperation(first, d.createdAt);
      return true;
    })();
  }

  getDeployment(name: string): Deployment | undefined {
    const row = this.db.prepare(`SELECT * FROM deployments WHERE name = ?`).get(name) as DeploymentRow | undefined;
    return row ? toDeployment(row) : undefined;
  }

  listDeployments(f: DeploymentFilter): Deployment[] {
    // Destroyed deployments keep their record for their history only.
    const where: string[] = ["status != 'destroyed'"];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      args.push(value);
    };
    if (f.blueprint !== undefined) add("blueprint = ?", f.blueprint);
    if (f.status !== undefined) add("status = ?", f.status);
    if (f.environment !== undefined) add("environment = ?", f.environment);
    if (f.owner !== undefined) add("owner = ?", f.owner);
    if (f.after !== undefined) add("name > ?", f.after);
    const sql = `SELECT * FROM deployments WHERE ${where.join(" AND ")} ORDER BY name LIMIT ?`;
    return (this.db.prepare(sql).all(...args, f.limit) as DeploymentRow[]).map(toDeployment);
  }

  enqueueOperation(op: NewOperation, markDestroying: boolean): boolean {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const updated = this.db
        .prepare(`UPDATE deployments SET updated_at = ?, status = CASE WHEN ? THEN 'destroying' ELSE status END WHERE name = ? AND status NOT IN ('destroying', 'destroyed')`)
        .run(now, markDestroying ? 1 : 0, op.deployment);
      if (updated.changes === 0) return false;
      this.insertOperation(op, now);
      return true;
    })();
  }

  getOperation(id: string): Operation | undefined {
    const row = this.db.prepare(`SELECT * FROM operations WHERE id = ?`).get(id) as OperationRow | undefined;
    return row ? toOperation(row) : undefined;
  }

  listOperations(deployment: string, limit: number, before?: string): Operation[] {
    const rows = before
      ? this.db.prepare(`SELECT * FROM operations WHERE deployment = ? AND seq < (SELECT seq FROM operations WHERE id = ?) ORDER BY seq DESC LIMIT ?`).all(deployment, before, limit)
      : this.db.prepare(`SELECT * FROM operations WHERE deployment = ? ORDER BY seq DESC LIMIT ?`).all(deployment, limit);
    return (rows as OperationRow[]).map(toOperation);
  }

  claimNextOperation(now: string, excludeDeployments: readonly string[]): Operation | undefined {
    // The oldest queued operation of each deployment, if nothing of that deployment runs.
    const candidates = this.db
      .prepare(
        `SELECT o.* FROM operations o
         WHERE o.status = 'queued'
           AND o.seq = (SELECT MIN(seq) FROM operations q WHERE q.deployment = o.deployment AND q.status IN ('queued', 'running'))
         ORDER BY o.seq LIMIT 50`,
      )
      .all() as OperationRow[];
    // A preview, refresh or destroy works on what the deployment holds when it starts — the
    // operations before it may have changed that since it was queued — so it takes the
    // deployment's applied request in the same statement that claims it.
    const claim = this.db.prepare(
      `UPDATE operations SET status = 'running', started_at = ?,
         request = CASE WHEN kind IN ('preview', 'refresh', 'destroy') THEN COALESCE((SELECT d.request FROM deployments d WHERE d.name = operations.deployment), request) ELSE request END
       WHERE id = ? AND status = 'queued'
         AND NOT EXISTS (SELECT 1 FROM operations r WHERE r.deployment = ? AND r.status = 'running')`,
    );
    for (const row of candidates) {
      if (excludeDeployments.includes(row.deployment)) continue;
      if (claim.run(now, row.id, row.deployment).changes === 1) return this.getOperation(row.id);
    }
    return undefined;
  }

  finishOperation(id: string, outcome: OperationOutcome, now: string): OperationEvent | undefined {
    return this.db.transaction(() => {
      const finished = this.db
        .prepare(`UPDATE operations SET status = ?, summary = ?, error = ?, finished_at = ? WHERE id = ? AND status = 'running' RETURNING deployment, kind`)
        .get(outcome.status, outcome.summary ? JSON.stringify(outcome.summary) : null, outcome.error ? JSON.stringify(outcome.error) : null, now, id) as { deployment: string; kind: string } | undefined;
      if (!finished) return undefined;
      const effect = outcome.deployment;
      if (effect) {
        // A destroy queued behind this operation keeps the deployment `destroying`.
        this.db
          .prepare(
            `UPDATE deployments SET updated_at = :now,
               status = CASE WHEN :status IS NULL OR (status = 'destroying' AND :kind != 'destroy') THEN status ELSE :status END,
               outputs = COALESCE(:outputs, outputs),
               needs_recovery = COALESCE(:needsRecovery, needs_recovery),
               request = CASE WHEN :apply THEN (SELECT request FROM operations WHERE id = :id) ELSE request END,
               environment = CASE WHEN :apply THEN (SELECT json_extract(request, '$.tags.environment') FROM operations WHERE id = :id) ELSE environment END,
               owner = CASE WHEN :apply THEN (SELECT json_extract(request, '$.tags.owner') FROM operations WHERE id = :id) ELSE owner END
             WHERE name = :name AND status != 'destroyed'`,
          )
          .run({
            now,
            status: effect.status ?? null,
            kind: finished.kind,
            outputs: effect.outputs ? JSON.stringify(effect.outputs) : null,
            needsRecovery: effect.needsRecovery === undefined ? null : effect.needsRecovery ? 1 : 0,
            apply: effect.applyRequest ? 1 : 0,
            id,
            name: finished.deployment,
          });
      }
      return this.appendEvent(id, outcome.event.type, outcome.event.data, now);
    })();
  }

  requestCancel(id: string, now: string): Operation | undefined {
    this.db.transaction(() => {
      const cancelled = this.db
        .prepare(`UPDATE operations SET status = 'cancelled', cancel_requested = 1, finished_at = ?, error = ? WHERE id = ? AND status = 'queued' RETURNING deployment, kind`)
        .get(now, JSON.stringify({ title: "Cancelled", detail: "cancelled before it started" }), id) as { deployment: string; kind: string } | undefined;
      if (!cancelled) this.db.prepare(`UPDATE operations SET cancel_requested = 1 WHERE id = ? AND status = 'running'`).run(id);
      else if (cancelled.kind === "destroy") this.restoreAfterCancelledDestroy(cancelled.deployment, now);
    })();
    return this.getOperation(id);
  }

  /**
   * A destroy cancelled before it started gives the deployment back the state its last
   * finished change left: active after a successful create or update, failed after one that
   * failed, pending before any (a change still running sets it when it finishes).
   */
  private restoreAfterCancelledDestroy(name: string, now: string): void {
    const last = this.db
      .prepare(
        `SELECT status FROM operations
         WHERE deployment = ? AND kind IN ('create', 'update')
           AND (status IN ('succeeded', 'failed', 'interrupted') OR (status = 'cancelled' AND started_at IS NOT NULL))
         ORDER BY seq DESC LIMIT 1`,
      )
      .get(name) as { status: OperationStatus } | undefined;
    const status = last === undefined ? "pending" : last.status === "succeeded" ? "active" : "failed";
    this.db.prepare(`UPDATE deployments SET status = ?, updated_at = ? WHERE name = ? AND status = 'destroying'`).run(status, now, name);
  }

  interruptRunning(reason: OperationError, now: string): Operation[] {
    return this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT * FROM operations WHERE status = 'running'`).all() as OperationRow[];
      const interrupt = this.db.prepare(`UPDATE operations SET status = 'interrupted', error = ?, finished_at = ? WHERE id = ? AND status = 'running'`);
      const flag = this.db.prepare(`UPDATE deployments SET needs_recovery = 1 WHERE name = ?`);
      for (const row of rows) {
        interrupt.run(JSON.stringify(reason), now, row.id);
        flag.run(row.deployment);
      }
      return rows.map((r) => ({ ...toOperation(r), status: "interrupted" as const, error: reason, finishedAt: now }));
    })();
  }

  countActive(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM operations WHERE status IN ('queued', 'running')`).get() as { n: number }).n;
  }

  appendEvent(operationId: string, type: string, data: unknown, time: string): OperationEvent {
    const row = this.db
      .prepare(
        `INSERT INTO events (operation_id, seq, time, type, data)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE operation_id = ?), ?, ?, ?) RETURNING seq`,
      )
      .get(operationId, operationId, time, type, JSON.stringify(data ?? null)) as { seq: number };
    return { operationId, sequence: row.seq, time, type, data };
  }

  listEvents(operationId: string, afterSequence: number, limit: number): OperationEvent[] {
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE operation_id = ? AND seq > ? ORDER BY seq LIMIT ?`)
      .all(operationId, afterSequence, limit) as { operation_id: string; seq: number; time: string; type: string; data: string }[];
    return rows.map((r) => ({ operationId: r.operation_id, sequence: r.seq, time: r.time, type: r.type, data: JSON.parse(r.data) as unknown }));
  }

  reserveIdempotency(key: string, fingerprint: string, lease: IdempotencyLease): IdempotencyReservation {
    // IMMEDIATE: it reads before it writes, and a deferred transaction could lose its snapshot to another process.
    return this.db.transaction((): IdempotencyReservation => {
      const existing = this.db.prepare(`SELECT key, fingerprint, status, body, owner, expires_at AS expiresAt FROM idempotency_keys WHERE key = ?`).get(key) as IdempotencyRecord | undefined;
      // Expired keys go a few at a time, so the table stays the size of a day's keys.
      this.db.prepare(`DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE expires_at IS NULL OR expires_at <= ? LIMIT 20)`).run(lease.now);
      // One conditional write: a key is taken when free or when its lease or retention has run out.
      const taken = this.db
        .prepare(
          `INSERT INTO idempotency_keys (key, fingerprint, status, body, created_at, owner, expires_at) VALUES (?, ?, NULL, NULL, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL, body = NULL, created_at = excluded.created_at, owner = excluded.owner, expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at IS NULL OR idempotency_keys.expires_at <= excluded.created_at`,
        )
        .run(key, fingerprint, lease.now, lease.owner, lease.expiresAt);
      if (taken.changes === 1) return existing ? { reserved: true, replaced: existing.status === null ? "unfinished" : "expired" } : { reserved: true };
      return { reserved: false, existing: existing! };
    }).immediate();
  }

  completeIdempotency(key: string, owner: string, response: { status: number; body: string; expiresAt: string }): boolean {
    return this.db.prepare(`UPDATE idempotency_keys SET status = ?, body = ?, expires_at = ? WHERE key = ? AND owner = ? AND status IS NULL`).run(response.status, response.body, response.expiresAt, key, owner).changes === 1;
  }

  releaseIdempotency(key: string, owner: string): void {
    this.db.prepare(`DELETE FROM idempotency_keys WHERE key = ? AND owner = ? AND status IS NULL`).run(key, owner);
  }

  close(): void {
    this.db.close();
  }
}
