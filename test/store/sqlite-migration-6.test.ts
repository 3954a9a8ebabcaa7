import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import { at, writeRelease1Store } from "./sqlite-release-1";

// Migration 6 (drift and expiry) on a file of an earlier release: no deployment drifted or
// expiring, and each drift schedule counting from its last change, so a fleet upgraded with
// scheduled checks on is checked an interval after its changes, not all at once.
describe("SQLite migration 6", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-migration-6-"));
    file = path.join(dir, "s.db");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("gives earlier deployments a drift schedule from their last change, no drift, no expiry and no error", async () => {
    writeRelease1Store(file);
    const store = new SqliteStore(file);
    try {
      expect(await store.deployments.get("alpha")).toMatchObject({ status: "active", driftScheduleFrom: at(2), drift: null, expiry: null, lastError: null });
      // Only the deployed one can be checked; gamma is being destroyed, beta not yet deployed.
      expect(await store.schedules.driftChecksDue(at(1), 10)).toEqual([]);
      expect(await store.schedules.driftChecksDue(at(10), 10)).toEqual(["alpha"]);
      expect(await store.schedules.remindersDue("2999-01-01T00:00:00.000Z", 10)).toEqual([]);
      expect(await store.schedules.expiriesDue("2999-01-01T00:00:00.000Z", 10)).toEqual([]);
      expect(await store.deployments.list({ drifted: true, limit: 10 })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
