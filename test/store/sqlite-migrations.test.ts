import Database from "better-sqlite3";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../api/store/ids";
import { SCHEMA_VERSION } from "../../api/store/sqlite/schema";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import { LEGACY_ACTOR } from "../../api/store/legacy";
import { REQUESTER, deploymentRecord } from "./contract";
import { at, RELEASE_1_IDS as OLD, request, writeRelease1Store } from "./sqlite-release-1";

const INTERRUPTED = { title: "Interrupted", detail: "its instance went silent" };

describe("SqliteStore on a file of an earlier release", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-old-store-"));
    file = path.join(dir, "s.db");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("migrates to the lease schema: old operations keep their ids and their seq order, before every new one", async () => {
    writeRelease1Store(file);
    const store = new SqliteStore(file);
    try {
      expect((await store.operations.listByDeployment("alpha", 10)).map((o) => o.id)).toEqual([OLD.p1, OLD.c1]);
      expect((await store.operations.listByDeployment("alpha", 10, OLD.p1)).map((o) => o.id)).toEqual([OLD.c1]);
      const u1 = newId();
      await store.operations.enqueue({ id: u1, deployment: "alpha", kind: "update", request, requestedBy: REQUESTER }, at(10));
      expect((await store.operations.listByDeployment("alpha", 10)).map((o) => o.id)).toEqual([u1, OLD.p1, OLD.c1]);
      expect(await store.operations.get(OLD.c1)).toMatchObject({ kind: "create", status: "succeeded", request, startedAt: at(0) });
      expect(await store.deployments.get("alpha")).toMatchObject({ status: "active", runningOperation: null, statusBeforeDestroy: null });
      expect(await store.idempotency.reserve("kept", "POST /v1/deployments x", { owner: "o2", now: at(10), expiresAt: at(70) })).toMatchObject({ reserved: false, existing: { status: 202 } });
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      const columns = (db.prepare(`SELECT name FROM pragma_table_info('operations')`).all() as { name: string }[]).map((c) => c.name);
      expect(columns).toEqual(expect.arrayContaining(["position", "lease_owner", "lease_expires_at"]));
      expect(columns).not.toContain("seq");
    } finally {
      db.close();
    }
  });

  it("puts every deployment of a file from before teams in team default, which it creates, and names the anonymous actor as who requested its operations", async () => {
    writeRelease1Store(file);
    const store = new SqliteStore(file);
    try {
      for (const name of ["alpha", "beta", "gamma"]) expect(await store.deployments.get(name)).toMatchObject({ name, team: "default" });
      expect((await store.deployments.list({ team: "default", limit: 10 })).map((d) => d.name)).toEqual(["alpha", "beta", "gamma"]);
      expect(await store.deployments.list({ team: REQUESTER.team!, limit: 10 })).toEqual([]);
      // The earliest live deployment's creation: a time from the file, not from the clock.
      expect(await store.teams.list(undefined, 10)).toEqual([{ name: "default", createdAt: at(0), createdBy: "anonymous" }]);
      const anonymous = { tokenId: "anonymous", tokenName: "anonymous", team: null, role: "service-admin" };
      expect(LEGACY_ACTOR).toEqual(anonymous);
      for (const id of Object.values(OLD)) expect((await store.operations.get(id))?.requestedBy).toEqual(anonymous);
      expect((await store.operations.listByDeployment("alpha", 10)).map((o) => o.requestedBy)).toEqual([anonymous, anonymous]);
      await store.operations.recoverExpired(at(10), INTERRUPTED);
      expect(await store.operations.claimNext({ owner: "w1", expiresAt: at(60) }, at(11), [])).toMatchObject({ id: OLD.q1, requestedBy: anonymous });
      // New records carry what they are given, beside the old ones.
      const u1 = newId();
      await store.operations.enqueue({ id: u1, deployment: "alpha", kind: "update", request, requestedBy: REQUESTER }, at(12));
      expect((await store.operations.get(u1))?.requestedBy).toEqual(REQUESTER);
      await store.deployments.create(deploymentRecord("delta"), { id: newId(), deployment: "delta", kind: "create", request, requestedBy: REQUESTER });
      expect((await store.deployments.list({ team: REQUESTER.team!, limit: 10 })).map((d) => d.name)).toEqual(["delta"]);
      await store.tokens.create({ id: newId(), team: "default", name: "ops", role: "admin", hash: "ab".repeat(32), createdAt: at(13), createdBy: "bootstrap", expiresAt: null, revokedAt: null });
      expect((await store.tokens.findByHash("ab".repeat(32)))?.team).toBe("default");
    } finally {
      await store.close();
    }
  });

  it("gives a fresh file no team", async () => {
    const store = new SqliteStore(file);
    try {
      expect(await store.teams.list(undefined, 10)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("recovers what the old process left running (it had no lease), and runs the old queue in its order", async () => {
    writeRelease1Store(file);
    const store = new SqliteStore(file);
    try {
      // The running up holds beta's slot: nothing of beta is claimed until it is recovered.
      expect(await store.deployments.get("beta")).toMatchObject({ runningOperation: OLD.r1 });
      const recovered = await store.operations.recoverExpired(at(10), INTERRUPTED);
      expect(recovered.map((o) => o.id)).toEqual([OLD.r1]);
      expect(await store.deployments.get("beta")).toMatchObject({ status: "failed", needsRecovery: true, runningOperation: null });
      expect((await store.events.list(OLD.r1, 0, 10)).map((e) => [e.sequence, e.type])).toEqual([
        [1, "slipstream.started"],
        [2, "slipstream.interrupted"],
      ]);
      const lease = { owner: "w1", expiresAt: at(60) };
      expect((await store.operations.claimNext(lease, at(11), []))?.id).toBe(OLD.q1);
      expect((await store.operations.claimNext(lease, at(11), []))?.id).toBe(OLD.d1);
    } finally {
      await store.close();
    }
  });

  it("gives a destroy queued before the migration the status to return to if it is cancelled", async () => {
    writeRelease1Store(file);
    const store = new SqliteStore(file);
    try {
      expect(await store.deployments.get("gamma")).toMatchObject({ status: "destroying", statusBeforeDestroy: "failed" });
      await store.operations.requestCancel(OLD.d1, at(10));
      expect(await store.deployments.get("gamma")).toMatchObject({ status: "failed", statusBeforeDestroy: null });
    } finally {
      await store.close();
    }
  });

  it("adds the idempotency lease columns to the very first schema and releases keys left reserved forever", async () => {
    const old = new Database(file);
    old.exec(`CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER, body TEXT, created_at TEXT NOT NULL)`);
    old.prepare(`INSERT INTO idempotency_keys (key, fingerprint, created_at) VALUES ('stuck', 'POST /v1/deployments x', ?)`).run(at(0));
    old.close();
    const store = new SqliteStore(file);
    try {
      expect(await store.idempotency.reserve("stuck", "POST /v1/deployments x", { owner: "new", now: at(10), expiresAt: at(70) })).toEqual({ reserved: true, replaced: "unfinished" });
    } finally {
      await store.close();
    }
  });

  it("opens a migrated file again with nothing left to do, and refuses a file of a newer release", async () => {
    writeRelease1Store(file);
    await new SqliteStore(file).close();
    const again = new SqliteStore(file);
    expect((await again.operations.listByDeployment("alpha", 10)).map((o) => o.id)).toEqual([OLD.p1, OLD.c1]);
    await again.close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore(file)).toThrow(/newer than this service/);
  });
});
