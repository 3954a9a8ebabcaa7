/** An SQLite store file as the release before operation leases wrote it, with the cases its migration must carry over. */
import Database from "better-sqlite3";

export const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
export const request = { params: { v: 1 }, tags: { owner: "o", "cost-center": "c", environment: "dev" } };

/** The schema of the release before operation leases (user_version 0, a global seq, random UUIDs). */
const RELEASE_1_SCHEMA = `
CREATE TABLE deployments (
  name TEXT PRIMARY KEY, blueprint TEXT NOT NULL, region TEXT NOT NULL, request TEXT NOT NULL, status TEXT NOT NULL,
  outputs TEXT NOT NULL DEFAULT '{}', needs_recovery INTEGER NOT NULL DEFAULT 0, environment TEXT, owner TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE operations (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, deployment TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
  request TEXT NOT NULL, cancel_requested INTEGER NOT NULL DEFAULT 0, summary TEXT, error TEXT,
  created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT
);
CREATE INDEX operations_by_deployment ON operations (deployment, seq);
CREATE INDEX operations_by_status ON operations (status, seq);
CREATE TABLE events (operation_id TEXT NOT NULL, seq INTEGER NOT NULL, time TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (operation_id, seq));
CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER, body TEXT, created_at TEXT NOT NULL, owner TEXT, expires_at TEXT);
CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
`;

/** Random (v4) ids whose text order is the reverse of the order they were queued in. */
export const RELEASE_1_IDS = { c1: "f0000000-0000-4000-8000-000000000001", p1: "a0000000-0000-4000-8000-000000000002", r1: "90000000-0000-4000-8000-000000000003", q1: "50000000-0000-4000-8000-000000000004", g1: "30000000-0000-4000-8000-000000000005", d1: "10000000-0000-4000-8000-000000000006" };

export function writeRelease1Store(file: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec(RELEASE_1_SCHEMA);
  const deployment = db.prepare(`INSERT INTO deployments (name, blueprint, region, request, status, outputs, needs_recovery, environment, owner, created_at, updated_at) VALUES (?, 'dynamodb-search', 'us-east-1', ?, ?, '{}', 0, 'dev', 'o', ?, ?)`);
  const operation = db.prepare(`INSERT INTO operations (id, seq, deployment, kind, status, request, created_at, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const req = JSON.stringify(request);
  deployment.run("alpha", req, "active", at(0), at(2));
  operation.run(RELEASE_1_IDS.c1, 1, "alpha", "create", "succeeded", req, at(0), at(0), at(1));
  operation.run(RELEASE_1_IDS.p1, 2, "alpha", "preview", "succeeded", req, at(1), at(1), at(2));
  db.prepare(`INSERT INTO events (operation_id, seq, time, type, data) VALUES (?, 1, ?, 'slipstream.started', '{}'), (?, 2, ?, 'slipstream.succeeded', '{}')`).run(RELEASE_1_IDS.c1, at(0), RELEASE_1_IDS.c1, at(1));
  // beta: an up left running by the old process, and a preview queued behind it.
  deployment.run("beta", req, "pending", at(3), at(3));
  operation.run(RELEASE_1_IDS.r1, 3, "beta", "create", "running", req, at(3), at(3), null);
  operation.run(RELEASE_1_IDS.q1, 4, "beta", "preview", "queued", req, at(3), null, null);
  db.prepare(`INSERT INTO events (operation_id, seq, time, type, data) VALUES (?, 1, ?, 'slipstream.started', '{}')`).run(RELEASE_1_IDS.r1, at(3));
  // gamma: its create failed, then a destroy was queued (so it is `destroying`).
  deployment.run("gamma", req, "destroying", at(4), at(5));
  operation.run(RELEASE_1_IDS.g1, 5, "gamma", "create", "failed", req, at(4), at(4), at(5));
  operation.run(RELEASE_1_IDS.d1, 6, "gamma", "destroy", "queued", req, at(5), null, null);
  db.prepare(`INSERT INTO idempotency_keys (key, fingerprint, status, body, created_at, owner, expires_at) VALUES ('kept', 'POST /v1/deployments x', 202, '{}', ?, 'o1', ?)`).run(at(0), "2999-01-01T00:00:00.000Z");
  db.close();
}
