import Database from "better-sqlite3";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";

// The drifted list, like every deployment list, must stay an index search however many
// deployments there are (drifted ones are few). The due lists name their partial index with
// INDEXED BY, so SQLite refuses to run them at all without it; the contract runs them.
describe("SQLite drifted list", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-drift-plans-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(["1 = 1", "team = 't'"])("searches a partial drifted index for %s, never scans", async (filter) => {
    const file = path.join(dir, "s.db");
    await new SqliteStore(file).close();
    const db = new Database(file, { readonly: true });
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM deployments WHERE status != 'destroyed' AND ${filter} AND drift IS NOT NULL AND name > 'a' ORDER BY name LIMIT 51`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail)).toEqual([expect.stringMatching(/^SEARCH deployments USING INDEX deployments_drifted_by_(name|team) /)]);
    } finally {
      db.close();
    }
  });
});
