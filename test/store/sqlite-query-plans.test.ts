import type Database from "better-sqlite3";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import type { DeploymentFilter } from "../../api/store/store";

// The queries the store itself builds, planned by SQLite on an empty file: every list filter
// and combination of them must search an index in name order (no scan of all deployments, no
// sort of what it found), and the worker's claim must reach the queue through its partial
// index, however long the queue. The SQL is recorded as the store prepares it, so a change to
// the query or the indexes that loses an index fails here.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-query-plans-"));
const store = new SqliteStore(path.join(dir, "s.db"));
const db = (store as unknown as { db: Database.Database }).db;
const prepared: string[] = [];
const prepare = db.prepare.bind(db);
db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.prepare;
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The SQL `run` prepares last that matches `pattern`, and its query plan with every parameter null. */
async function planOf(pattern: RegExp, run: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }> {
  prepared.length = 0;
  await run();
  const sql = prepared.filter((s) => pattern.test(s)).at(-1);
  if (!sql) throw new Error(`nothing matching ${pattern} was prepared`);
  const statement = prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const plan = (statement.all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null)) as { detail: string }[]).map((r) => r.detail);
  return { sql, plan };
}

const FILTERS: Omit<DeploymentFilter, "limit">[] = [{ owner: "o" }, { status: "failed" }, { environment: "prod" }, { blueprint: "msk-data-lake" }, { team: "t" }, { drifted: true }];
/** Every combination of the filters, one to all six. */
const combinations = Array.from({ length: 2 ** FILTERS.length - 1 }, (_, mask) => Object.assign({}, ...FILTERS.filter((_f, i) => (mask + 1) & (1 << i)))) as Omit<DeploymentFilter, "limit">[];

describe("SQLite deployment list query plans", () => {
  it.each([false, true])("every filter and combination searches an index in name order (cursor: %s)", async (cursor) => {
    const unserved: string[] = [];
    for (const filter of [{}, ...combinations]) {
      const { plan } = await planOf(/FROM deployments WHERE/, () => store.deployments.list({ ...filter, ...(cursor ? { after: "m" } : {}), limit: 51 }));
      const served = plan.length === 1 && /^(SEARCH|SCAN) deployments USING (COVERING )?INDEX deployments_(live_|drifted_|by_team)/.test(plan[0]!) && !plan.some((p) => p.includes("TEMP B-TREE"));
      if (!served) unserved.push(`${JSON.stringify(filter)}: ${plan.join(" | ")}`);
    }
    expect(unserved).toEqual([]);
  });

  it("a single filter searches its own index, not a scan of every live deployment", async () => {
    const expected: Record<string, RegExp> = { owner: /INDEX deployments_live_by_owner \(owner=\?/, status: /INDEX deployments_live_by_status \(status=\?/, environment: /INDEX deployments_live_by_environment \(environment=\?/, blueprint: /INDEX deployments_live_by_blueprint \(blueprint=\?/, team: /INDEX deployments_(by_team|live_by_team) \(team=\?/, drifted: /INDEX deployments_drifted_by_name/ };
    for (const filter of FILTERS) {
      const [key] = Object.keys(filter) as (keyof typeof expected)[];
      const { plan } = await planOf(/FROM deployments WHERE/, () => store.deployments.list({ ...filter, limit: 51 }));
      expect(plan.join(" | "), key).toMatch(expected[key!]!);
    }
  });
});

describe("SQLite claim query plan", () => {
  it("reaches queued operations through the queued index, and each deployment's head by its own queue", async () => {
    const { plan } = await planOf(/status = 'queued'/, () => store.operations.claimNext({ owner: "w", expiresAt: "2099-01-01T00:00:00.000Z" } as never, "2026-01-01T00:00:00.000Z", []));
    const text = plan.join(" | ");
    expect(text).not.toMatch(/SCAN o\b(?! USING)/);
    expect(text).not.toMatch(/SCAN operations\b(?! USING)/);
    expect(plan[0]).toMatch(/^SCAN o USING INDEX operations_queued\b/);
    // In the index's order: nothing read is sorted afterwards.
    expect(text).not.toMatch(/TEMP B-TREE/);
  });
});

describe("SQLite idempotency pruning query plan", () => {
  it("finds expired keys through the expiry index, not by reading every key", async () => {
    const { plan } = await planOf(/DELETE FROM idempotency_keys/, () => store.idempotency.pruneExpired("2026-01-01T00:00:00.000Z", 50));
    expect(plan.join(" | ")).toMatch(/idempotency_keys_by_expiry/);
    expect(plan.join(" | ")).not.toMatch(/SCAN idempotency_keys\b(?! USING)/);
  });
});
