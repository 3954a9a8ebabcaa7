import type Database from "better-sqlite3";
import { DRIFT_CHECK_STATUSES, EXPIRY_STATUSES } from "../../domain/schedule-rules";
import { LEGACY_ACTOR, LEGACY_TEAM, LEGACY_TEAM_CREATOR } from "../legacy";

/**
 * The SQLite schema, as versioned migrations recorded in `PRAGMA user_version`. A fresh file
 * and a file written by an earlier release run the same steps, so both end in one schema.
 * Migrations run in one IMMEDIATE transaction: two processes opening an old file at once
 * cannot both apply a step (the second finds the version already raised).
 */
interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/**
 * Sort key of operations written before version 2, which had random UUIDs ordered by a
 * global `seq`. Zero-padded `seq` behind a prefix that sorts before every UUIDv7 (whose first
 * characters are a millisecond timestamp in hex, never seven zeros after 1970's first
 * quarter hour): old operations keep their order among themselves and precede every new one,
 * and keep their ids, which callers hold in links and replayed responses.
 */
export const LEGACY_POSITION_PREFIX = "0000000-legacy-";

const quoted = (statuses: readonly string[]) => statuses.map((s) => `'${s}'`).join(", ");

/**
 * The WHERE clauses of the scheduled-work indexes. The store's due queries repeat them
 * verbatim: SQLite uses a partial index only for a query whose WHERE contains its terms.
 */
export const DUE_WHERE = {
  driftCheck: `status IN (${quoted(DRIFT_CHECK_STATUSES)})`,
  reminder: `expires_at IS NOT NULL AND expiry_reminded_at IS NULL AND expiry_destroy_queued_at IS NULL AND status IN (${quoted(EXPIRY_STATUSES)})`,
  expiry: `expires_at IS NOT NULL AND expiry_destroy_queued_at IS NULL AND status IN (${quoted(EXPIRY_STATUSES)})`,
};

export const SCHEDULE_INDEXES = { driftCheckDue: "deployments_drift_check_due", reminderDue: "deployments_reminder_due", expiryDue: "deployments_expiry_due" };

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: "first release: deployments, operations ordered by a global seq, per-operation events, idempotency keys with leases",
    up(db) {
      db.exec(`
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
      `);
      // Idempotency leases came after the first tables. A key reserved before them has no
      // expiry and counts as expired: it is released at once.
      for (const column of ["owner", "expires_at"]) {
        if (!hasColumn(db, "idempotency_keys", column)) db.exec(`ALTER TABLE idempotency_keys ADD COLUMN ${column} TEXT`);
      }
      db.exec(`CREATE INDEX IF NOT EXISTS idempotency_keys_by_expiry ON idempotency_keys (expires_at)`);
    },
  },
  {
    version: 2,
    description: "operation leases, operations ordered by sortable id (no global seq), the deployment's running slot and its status before a destroy",
    up(db) {
      // SQLite cannot drop a UNIQUE NOT NULL column: the operations table is rebuilt.
      db.exec(`
        CREATE TABLE operations_v2 (
          id TEXT PRIMARY KEY,
          position TEXT NOT NULL UNIQUE,
          deployment TEXT NOT NULL,
          kind TEXT NOT NULL,
          status TEXT NOT NULL,
          request TEXT NOT NULL,
          cancel_requested INTEGER NOT NULL DEFAULT 0,
          summary TEXT,
          error TEXT,
          created_at TEXT NOT NULL,
          started_at TEXT,
          finished_at TEXT,
          lease_owner TEXT,
          lease_expires_at TEXT
        );
        INSERT INTO operations_v2 (id, position, deployment, kind, status, request, cancel_requested, summary, error, created_at, started_at, finished_at)
          SELECT id, printf('${LEGACY_POSITION_PREFIX}%012d', seq), deployment, kind, status, request, cancel_requested, summary, error, created_at, started_at, finished_at FROM operations;
        DROP TABLE operations;
        ALTER TABLE operations_v2 RENAME TO operations;
        CREATE INDEX operations_by_deployment ON operations (deployment, position);
        CREATE INDEX operations_queued ON operations (position) WHERE status = 'queued';
        CREATE INDEX operations_by_lease ON operations (lease_expires_at) WHERE status = 'running';
        CREATE INDEX operations_by_status ON operations (status);
        ALTER TABLE deployments ADD COLUMN running_operation TEXT;
        ALTER TABLE deployments ADD COLUMN status_before_destroy TEXT;
      `);
      // An operation an earlier release left running holds its deployment's slot under no
      // lease (a null expiry counts as lapsed): the first recovery interrupts it, as a
      // restart did before.
      db.exec(`UPDATE deployments SET running_operation = (SELECT o.id FROM operations o WHERE o.deployment = deployments.name AND o.status = 'running' ORDER BY o.position LIMIT 1)`);
      // A destroy still queued returns its deployment, if cancelled, to the state its last
      // finished change left — what the earlier release worked out at cancel time.
      const destroying = db.prepare(`SELECT name FROM deployments WHERE status = 'destroying'`).all() as { name: string }[];
      const lastChange = db.prepare(
        `SELECT status FROM operations
         WHERE deployment = ? AND kind IN ('create', 'update')
           AND (status IN ('succeeded', 'failed', 'interrupted') OR (status = 'cancelled' AND started_at IS NOT NULL))
         ORDER BY position DESC LIMIT 1`,
      );
      const set = db.prepare(`UPDATE deployments SET status_before_destroy = ? WHERE name = ?`);
      for (const { name } of destroying) {
        const last = lastChange.get(name) as { status: string } | undefined;
        set.run(last === undefined ? "pending" : last.status === "succeeded" ? "active" : "failed", name);
      }
    },
  },
  {
    version: 3,
    description: "teams, API tokens (kept only as hashes) and the audit log; deployments belong to a team, operations name who requested them",
    up(db) {
      // Rows written before teams: every deployment belongs to team `default` and every
      // operation was requested by the anonymous actor of the open service (api/store/legacy.ts)
      // — the column defaults fill them in. A store that had live deployments also gets the
      // `default` team itself (created when the first of them was), so the service admin can
      // give that team tokens; a fresh store gets no team. DynamoDB does the same (upgrade.ts).
      db.exec(`
        ALTER TABLE deployments ADD COLUMN team TEXT NOT NULL DEFAULT '${LEGACY_TEAM}';
        ALTER TABLE operations ADD COLUMN requested_by TEXT NOT NULL DEFAULT '${JSON.stringify(LEGACY_ACTOR)}';
        CREATE INDEX deployments_by_team ON deployments (team, name);
        CREATE TABLE teams (
          name TEXT PRIMARY KEY,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL
        );
        CREATE TABLE api_tokens (
          id TEXT PRIMARY KEY,
          team TEXT NOT NULL REFERENCES teams (name),
          name TEXT NOT NULL,
          role TEXT NOT NULL,
          hash TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          expires_at TEXT,
          revoked_at TEXT
        );
        CREATE INDEX api_tokens_by_team ON api_tokens (team, id);
        CREATE TABLE audit_entries (
          id TEXT PRIMARY KEY,
          team TEXT,
          entry TEXT NOT NULL
        );
        CREATE INDEX audit_entries_by_team ON audit_entries (team, id) WHERE team IS NOT NULL;
      `);
      const { earliest } = db.prepare(`SELECT MIN(created_at) AS earliest FROM deployments WHERE status != 'destroyed'`).get() as { earliest: string | null };
      if (earliest !== null) db.prepare(`INSERT INTO teams (name, created_at, created_by) VALUES (?, ?, ?)`).run(LEGACY_TEAM, earliest, LEGACY_TEAM_CREATOR);
    },
  },
  {
    version: 4,
    description: "an index per deployment-list filter, so a page for a rare owner or environment is an index search, not a scan",
    up(db) {
      // Partial, like the lists: destroyed deployments keep their rows for their history only.
      db.exec(`
        CREATE INDEX deployments_live_by_name ON deployments (name) WHERE status != 'destroyed';
        CREATE INDEX deployments_live_by_owner ON deployments (owner, name) WHERE status != 'destroyed';
        CREATE INDEX deployments_live_by_environment ON deployments (environment, name) WHERE status != 'destroyed';
        CREATE INDEX deployments_live_by_blueprint ON deployments (blueprint, name) WHERE status != 'destroyed';
        CREATE INDEX deployments_live_by_status ON deployments (status, name);
      `);
    },
  },
  {
    version: 5,
    description: "webhooks: the notifications outbox, each team's subscriptions (with their signing secrets) and the deliveries with their attempts",
    up(db) {
      // The outbox's undispatched rows are few (the dispatcher drains them within a poll):
      // a partial index keeps that lookup off the dispatched history. A delivery's attempts
      // are a JSON list on its row — bounded by SLIPSTREAM_WEBHOOK_ATTEMPTS — so an attempt
      // and the delivery's next state are one UPDATE. Due deliveries: a partial index on
      // pending rows by when they are next due.
      db.exec(`
        CREATE TABLE notifications (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          team TEXT NOT NULL,
          deployment TEXT NOT NULL,
          time TEXT NOT NULL,
          data TEXT NOT NULL,
          dispatched_at TEXT
        );
        CREATE INDEX notifications_undispatched ON notifications (id) WHERE dispatched_at IS NULL;
        CREATE TABLE webhooks (
          id TEXT PRIMARY KEY,
          team TEXT NOT NULL,
          url TEXT NOT NULL,
          kinds TEXT NOT NULL,
          secret TEXT NOT NULL,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL
        );
        CREATE INDEX webhooks_by_team ON webhooks (team, id);
        CREATE TABLE deliveries (
          id TEXT PRIMARY KEY,
          webhook_id TEXT NOT NULL,
          team TEXT NOT NULL,
          event TEXT NOT NULL,
          status TEXT NOT NULL,
          attempts TEXT NOT NULL DEFAULT '[]',
          next_attempt_at TEXT,
          lease_owner TEXT,
          lease_expires_at TEXT,
          created_at TEXT NOT NULL,
          finished_at TEXT
        );
        CREATE INDEX deliveries_by_webhook ON deliveries (webhook_id, id);
        CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
      `);
    },
  },
  {
    version: 6,
    description: "destroy_failed and the last error, drift records, expiry; partial indexes for the drifted list and for each kind of scheduled work",
    up(db) {
      // The drift schedule of a deployment written before drift checks counts from its last
      // change: its first scheduled check comes one interval after it, not all at once.
      // Each index holds only the rows that can be due, so a poll reads the due ones and stops.
      db.exec(`
        ALTER TABLE deployments ADD COLUMN last_error TEXT;
        ALTER TABLE deployments ADD COLUMN drift TEXT;
        ALTER TABLE deployments ADD COLUMN drift_schedule_from TEXT;
        UPDATE deployments SET drift_schedule_from = updated_at;
        ALTER TABLE deployments ADD COLUMN expires_at TEXT;
        ALTER TABLE deployments ADD COLUMN expiry_reminded_at TEXT;
        ALTER TABLE deployments ADD COLUMN expiry_destroy_queued_at TEXT;
        CREATE INDEX deployments_drifted_by_name ON deployments (name) WHERE drift IS NOT NULL AND status != 'destroyed';
        CREATE INDEX deployments_drifted_by_team ON deployments (team, name) WHERE drift IS NOT NULL AND status != 'destroyed';
        CREATE INDEX ${SCHEDULE_INDEXES.driftCheckDue} ON deployments (drift_schedule_from) WHERE ${DUE_WHERE.driftCheck};
        CREATE INDEX ${SCHEDULE_INDEXES.reminderDue} ON deployments (expires_at) WHERE ${DUE_WHERE.reminder};
        CREATE INDEX ${SCHEDULE_INDEXES.expiryDue} ON deployments (expires_at) WHERE ${DUE_WHERE.expiry};
      `);
    },
  },
  {
    version: 7,
    description: "blueprint versions: the version each deployment was last applied with and each create or update applies, the applied operation whose plan is kept, applied plans and upgrade plans",
    up(db) {
      // Rows from before versions keep a null version, read as the first (../legacy.ts): their
      // request was stored as asked, and resolving it at the first version gives the same stack.
      db.exec(`
        ALTER TABLE deployments ADD COLUMN blueprint_version TEXT;
        ALTER TABLE deployments ADD COLUMN applied_operation TEXT;
        ALTER TABLE operations ADD COLUMN blueprint_version TEXT;
        CREATE TABLE applied_plans (
          operation_id TEXT PRIMARY KEY,
          deployment TEXT NOT NULL,
          plan TEXT NOT NULL
        );
        CREATE TABLE upgrade_plans (
          id TEXT PRIMARY KEY,
          deployment TEXT NOT NULL,
          plan TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).some((c) => c.name === column);
}

/** Brings the file to the current schema; refuses a file written by a newer release. */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > SCHEMA_VERSION) throw new Error(`the store's schema is version ${current}, newer than this service's ${SCHEMA_VERSION}: upgrade the service`);
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
