import Database from "better-sqlite3";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../api/store/sqlite-store";
import { tempStore } from "./support/temp-store";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const lease = (owner: string, now: number, until: number) => ({ owner, now: at(now), expiresAt: at(until) });

describe("SqliteStore: idempotency keys", () => {
  let t: ReturnType<typeof tempStore>;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.close());

  it("reserves a key once, replays it when completed, and lets only its owner complete or release it", () => {
    const { store } = t;
    expect(store.reserveIdempotency("k", "POST /x 1", lease("A", 0, 60))).toEqual({ reserved: true });
    expect(store.reserveIdempotency("k", "POST /x 1", lease("B", 1, 61))).toMatchObject({ reserved: false, existing: { status: null, owner: "A" } });
    expect(store.completeIdempotency("k", "B", { status: 202, body: "{}", expiresAt: at(100) })).toBe(false);
    store.releaseIdempotency("k", "B");
    expect(store.completeIdempotency("k", "A", { status: 202, body: "{}", expiresAt: at(100) })).toBe(true);
    expect(store.reserveIdempotency("k", "POST /x 1", lease("C", 2, 62))).toMatchObject({ reserved: false, existing: { status: 202, body: "{}" } });
    expect(store.reserveIdempotency("j", "POST /x 2", lease("D", 2, 62))).toEqual({ reserved: true });
    store.releaseIdempotency("j", "D");
    expect(store.reserveIdempotency("j", "POST /x 2", lease("E", 3, 63))).toEqual({ reserved: true });
  });

  it("releases a key whose request never finished once its lease runs out", () => {
    const { store } = t;
    store.reserveIdempotency("k", "POST /x 1", lease("dead", 0, 60));
    expect(store.reserveIdempotency("k", "POST /x 1", lease("B", 59, 119)).reserved).toBe(false);
    expect(store.reserveIdempotency("k", "POST /x 1", lease("B", 60, 120))).toEqual({ reserved: true, replaced: "unfinished" });
    // The first request, had it only hung, can no longer complete the key it lost.
    expect(store.completeIdempotency("k", "dead", { status: 202, body: "{}", expiresAt: at(200) })).toBe(false);
    expect(store.completeIdempotency("k", "B", { status: 202, body: "{}", expiresAt: at(200) })).toBe(true);
  });

  it("forgets a completed response after its retention", () => {
    const { store } = t;
    store.reserveIdempotency("k", "POST /x 1", lease("A", 0, 60));
    store.completeIdempotency("k", "A", { status: 202, body: "{}", expiresAt: at(100) });
    expect(store.reserveIdempotency("k", "POST /x 2", lease("B", 99, 159)).reserved).toBe(false);
    expect(store.reserveIdempotency("k", "POST /x 2", lease("B", 100, 160))).toEqual({ reserved: true, replaced: "expired" });
  });
});

describe("SqliteStore on a store created before idempotency leases", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-old-store-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("adds the lease columns and releases keys left reserved forever", () => {
    const file = path.join(dir, "s.db");
    const old = new Database(file);
    old.exec(`CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER, body TEXT, created_at TEXT NOT NULL)`);
    old.prepare(`INSERT INTO idempotency_keys (key, fingerprint, created_at) VALUES ('stuck', 'POST /v1/deployments x', ?)`).run(at(0));
    old.close();
    const store = new SqliteStore(file);
    try {
      expect(store.reserveIdempotency("stuck", "POST /v1/deployments x", lease("new", 10, 70))).toEqual({ reserved: true, replaced: "unfinished" });
    } finally {
      store.close();
    }
    // A second process opening the migrated store finds nothing left to do.
    new SqliteStore(file).close();
  });
});
