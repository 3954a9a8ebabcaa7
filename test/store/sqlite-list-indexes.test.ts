import Database from "better-sqlite3";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";

// A deployment list must stay an index search at 100,000 rows (bench/store-reads.ts): a scan
// for a rare owner took seconds there. The query has the shape the store builds.
describe("SQLite deployment lists", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-list-plans-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(["owner = 'o'", "environment = 'prod'", "blueprint = 'msk-data-lake'", "team = 't'", "status = 'active'", "1 = 1"])("searches an index for %s, never scans", async (filter) => {
    const file = path.join(dir, "s.db");
    await new SqliteStore(file).close();
    const db = new Database(file, { readonly: true });
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM deployments WHERE status != 'destroyed' AND ${filter} AND name > 'a' ORDER BY name LIMIT 51`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail)).toEqual([expect.stringMatching(/^SEARCH deployments USING INDEX /)]);
    } finally {
      db.close();
    }
  });
});
