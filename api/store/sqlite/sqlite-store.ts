import Database from "better-sqlite3";
import type { Store } from "../store";
import { SqliteAudit, SqliteTeams, SqliteTokens } from "./access";
import { SqliteDeliveries } from "./deliveries";
import { SqliteDeployments } from "./deployments";
import { SqliteEvents } from "./events";
import { SqliteIdempotency } from "./idempotency";
import { SqliteNotifications } from "./notifications";
import { SqliteOperations } from "./operations";
import { SqlitePlans } from "./plans";
import { SqliteSchedules } from "./schedules";
import { migrate } from "./schema";
import { cachePreparedStatements } from "./statement-cache";
import { SqliteWebhooks } from "./webhooks";

/**
 * The store on one SQLite file (WAL mode, so readers never wait for the writer): the
 * default, needing nothing but Node. Several processes may share the file; every state
 * change is one IMMEDIATE transaction, which takes the write lock before it reads, so its
 * conditions hold against every other connection. better-sqlite3 is synchronous: the
 * asynchronous interface only wraps it, and each call finishes before it yields.
 */
export class SqliteStore implements Store {
  readonly deployments: SqliteDeployments;
  readonly operations: SqliteOperations;
  readonly events: SqliteEvents;
  readonly idempotency: SqliteIdempotency;
  readonly teams: SqliteTeams;
  readonly tokens: SqliteTokens;
  readonly audit: SqliteAudit;
  readonly schedules: SqliteSchedules;
  readonly notifications: SqliteNotifications;
  readonly webhooks: SqliteWebhooks;
  readonly deliveries: SqliteDeliveries;
  readonly plans: SqlitePlans;
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    try {
      // The busy timeout first: switching a new file to WAL takes a lock another opener may hold.
      this.db.pragma("busy_timeout = 5000");
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("foreign_keys = ON");
      migrate(this.db);
      cachePreparedStatements(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.deployments = new SqliteDeployments(this.db);
    this.operations = new SqliteOperations(this.db);
    this.events = new SqliteEvents(this.db);
    this.idempotency = new SqliteIdempotency(this.db);
    this.teams = new SqliteTeams(this.db);
    this.tokens = new SqliteTokens(this.db);
    this.audit = new SqliteAudit(this.db);
    this.schedules = new SqliteSchedules(this.db);
    this.notifications = new SqliteNotifications(this.db);
    this.webhooks = new SqliteWebhooks(this.db);
    this.deliveries = new SqliteDeliveries(this.db);
    this.plans = new SqlitePlans(this.db);
  }

  async ping(): Promise<void> {
    this.db.prepare(`SELECT 1`).get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
