import Database from "better-sqlite3";
import type { ChangeSummary, Deployment, DeploymentRequest, Operation, OperationError, OperationEvent, OperationStatus } from "../domain/model";
import type { DeploymentFilter, IdempotencyRecord, NewOperation, Store } from "./store";

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
  created_at TEXT NOT NULL
);
`;

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
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
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
    const where: string[] = [];
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
    const sql = `SELECT * FROM deployments ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY name LIMIT ?`;
    return (this.db.prepare(sql).all(...args, f.limit) as DeploymentRow[]).map(toDeployment);
  }

  updateDeploymentRequest(name: string, request: DeploymentRequest, op: NewOperation): boolean {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const updated = this.db
        .prepare(`UPDATE deployments SET request = ?, environment = ?, owner = ?, updated_at = ? WHERE name = ? AND status != 'destroying'`)
        .run(JSON.stringify(request), request.tags["environment"] ?? null, request.tags["owner"] ?? null, now, name);
      if (updated.changes === 0) return false;
      this.insertOperation(op, now);
      return true;
    })();
  }

  enqueueOperation(op: NewOperation, markDestroying: boolean): boolean {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const updated = this.db
        .prepare(`UPDATE deployments SET updated_at = ?, status = CASE WHEN ? THEN 'destroying' ELSE status END WHERE name = ? AND status != 'destroying'`)
        .run(now, markDestroying ? 1 : 0, op.deployment);
      if (updated.changes === 0) return false;
      this.insertOperation(op, now);
      return true;
    })();
  }

  setDeploymentState(name: string, state: Partial<Pick<Deployment, "status" | "outputs" | "needsRecovery">>): void {
    const sets: string[] = ["updated_at = ?"];
    const args: unknown[] = [new Date().toISOString()];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      args.push(value);
    };
    if (state.status !== undefined) set("status", state.status);
    if (state.outputs !== undefined) set("outputs", JSON.stringify(state.outputs));
    if (state.needsRecovery !== undefined) set("needs_recovery", state.needsRecovery ? 1 : 0);
    this.db.prepare(`UPDATE deployments SET ${sets.join(", ")} WHERE name = ?`).run(...args, name);
  }

  deleteDeployment(name: string): void {
    this.db.prepare(`DELETE FROM deployments WHERE name = ?`).run(name);
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
    const claim = this.db.prepare(
      `UPDATE operations SET status = 'running', started_at = ?
       WHERE id = ? AND status = 'queued'
         AND NOT EXISTS (SELECT 1 FROM operations r WHERE r.deployment = ? AND r.status = 'running')`,
    );
    for (const row of candidates) {
      if (excludeDeployments.includes(row.deployment)) continue;
      if (claim.run(now, row.id, row.deployment).changes === 1) return this.getOperation(row.id);
    }
    return undefined;
  }

  finishOperation(id: string, status: Exclude<OperationStatus, "queued" | "running">, result: { summary?: ChangeSummary | null; error?: OperationError | null }, now: string): boolean {
    const changed = this.db
      .prepare(`UPDATE operations SET status = ?, summary = ?, error = ?, finished_at = ? WHERE id = ? AND status = 'running'`)
      .run(status, result.summary ? JSON.stringify(result.summary) : null, result.error ? JSON.stringify(result.error) : null, now, id);
    return changed.changes === 1;
  }

  requestCancel(id: string, now: string): Operation | undefined {
    this.db.transaction(() => {
      const cancelled = this.db
        .prepare(`UPDATE operations SET status = 'cancelled', cancel_requested = 1, finished_at = ?, error = ? WHERE id = ? AND status = 'queued'`)
        .run(now, JSON.stringify({ title: "Cancelled", detail: "cancelled before it started" }), id);
      if (cancelled.changes === 0) this.db.prepare(`UPDATE operations SET cancel_requested = 1 WHERE id = ? AND status = 'running'`).run(id);
    })();
    return this.getOperation(id);
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

  reserveIdempotency(key: string, fingerprint: string, now: string): { reserved: true } | { reserved: false; existing: IdempotencyRecord } {
    const inserted = this.db.prepare(`INSERT INTO idempotency_keys (key, fingerprint, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`).run(key, fingerprint, now);
    if (inserted.changes === 1) return { reserved: true };
    const existing = this.db.prepare(`SELECT key, fingerprint, status, body FROM idempotency_keys WHERE key = ?`).get(key) as IdempotencyRecord;
    return { reserved: false, existing };
  }

  completeIdempotency(key: string, status: number, body: string): void {
    this.db.prepare(`UPDATE idempotency_keys SET status = ?, body = ? WHERE key = ?`).run(status, body, key);
  }

  releaseIdempotency(key: string): void {
    this.db.prepare(`DELETE FROM idempotency_keys WHERE key = ? AND status IS NULL`).run(key);
  }

  close(): void {
    this.db.close();
  }
}
