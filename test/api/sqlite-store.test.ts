import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Deployment } from "../../api/domain/model";
import { SqliteStore } from "../../api/store/sqlite-store";
import type { DeploymentEffect } from "../../api/store/store";

const request = { params: { a: 1 }, tags: { owner: "o", "cost-center": "c", environment: "dev" } };
const deployment = (name: string): Deployment => ({ name, blueprint: "dynamodb-search", region: "us-east-1", request, status: "pending", outputs: {}, needsRecovery: false, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" });
const op = (id: string, dep: string, kind: "create" | "update" | "preview" | "refresh" | "destroy" = "create") => ({ id, deployment: dep, kind, request });
const NOW = "2026-01-01T00:00:01.000Z";

/** Claims the operation (it must be next) and finishes it with the effect on its deployment. */
function finish(store: SqliteStore, id: string, status: "succeeded" | "failed", effect: DeploymentEffect = {}): void {
  expect(store.claimNextOperation(NOW, [])?.id).toBe(id);
  expect(store.finishOperation(id, { status, deployment: effect, event: { type: `slipstream.${status}`, data: {} } }, NOW)).toBeDefined();
}

describe("SqliteStore", () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-store-"));
    store = new SqliteStore(path.join(dir, "s.db"));
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates a deployment with its first operation, once per name", () => {
    expect(store.createDeployment(deployment("a"), op("op-1", "a"))).toBe(true);
    expect(store.createDeployment(deployment("a"), op("op-2", "a"))).toBe(false);
    expect(store.getOperation("op-2")).toBeUndefined();
    expect(store.getDeployment("a")).toMatchObject({ name: "a", status: "pending", request });
    expect(store.getOperation("op-1")).toMatchObject({ status: "queued", kind: "create", request });
  });

  it("claims FIFO per deployment and never two of one deployment at once", () => {
    store.createDeployment(deployment("a"), op("a1", "a"));
    store.enqueueOperation(op("a2", "a", "preview"), false);
    store.createDeployment(deployment("b"), op("b1", "b"));
    expect(store.claimNextOperation(NOW, [])?.id).toBe("a1");
    expect(store.claimNextOperation(NOW, [])?.id).toBe("b1");
    expect(store.claimNextOperation(NOW, [])).toBeUndefined();
    expect(store.finishOperation("a1", { status: "succeeded", summary: { create: 3 }, event: { type: "slipstream.succeeded", data: {} } }, NOW)).toMatchObject({ sequence: 1, type: "slipstream.succeeded" });
    expect(store.finishOperation("a1", { status: "failed", event: { type: "slipstream.failed", data: {} } }, NOW)).toBeUndefined();
    expect(store.claimNextOperation(NOW, [])?.id).toBe("a2");
    expect(store.getOperation("a1")).toMatchObject({ status: "succeeded", summary: { create: 3 } });
  });

  it("lets only one of two connections claim an operation", () => {
    const other = new SqliteStore(path.join(dir, "s.db"));
    try {
      for (let i = 0; i < 20; i++) store.createDeployment(deployment(`d${i}`), op(`o${i}`, `d${i}`));
      const claimed: string[] = [];
      for (let round = 0; round < 15; round++) {
        for (const s of [store, other]) {
          const got = s.claimNextOperation(NOW, []);
          if (got) claimed.push(got.id);
        }
      }
      expect(claimed).toHaveLength(20);
      expect(new Set(claimed).size).toBe(20);
    } finally {
      other.close();
    }
  });

  it("cancels queued operations at once and flags running ones", () => {
    store.createDeployment(deployment("a"), op("a1", "a"));
    store.enqueueOperation(op("a2", "a", "refresh"), false);
    store.claimNextOperation(NOW, []);
    expect(store.requestCancel("a2", NOW)).toMatchObject({ status: "cancelled", cancelRequested: true });
    expect(store.requestCancel("a1", NOW)).toMatchObject({ status: "running", cancelRequested: true });
  });

  it("refuses changes once a destroy is queued", () => {
    store.createDeployment(deployment("a"), op("a1", "a"));
    expect(store.enqueueOperation(op("a2", "a", "destroy"), true)).toBe(true);
    expect(store.getDeployment("a")?.status).toBe("destroying");
    expect(store.enqueueOperation(op("a3", "a", "preview"), false)).toBe(false);
    expect(store.enqueueOperation(op("a4", "a", "update"), false)).toBe(false);
  });

  it("marks operations left running as interrupted and the deployment for recovery", () => {
    store.createDeployment(deployment("a"), op("a1", "a"));
    store.claimNextOperation(NOW, []);
    const interrupted = store.interruptRunning({ title: "Interrupted", detail: "restart" }, NOW);
    expect(interrupted.map((o) => o.id)).toEqual(["a1"]);
    expect(store.getOperation("a1")).toMatchObject({ status: "interrupted", error: { title: "Interrupted" } });
    expect(store.getDeployment("a")?.needsRecovery).toBe(true);
  });

  it("numbers events per operation and pages them", () => {
    store.createDeployment(deployment("a"), op("a1", "a"));
    for (let i = 0; i < 5; i++) store.appendEvent("a1", "diagnosticEvent", { i }, NOW);
    expect(store.listEvents("a1", 0, 3).map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(store.listEvents("a1", 3, 10).map((e) => e.data)).toEqual([{ i: 3 }, { i: 4 }]);
  });

  it("filters and pages deployments by name", () => {
    store.createDeployment(deployment("b"), op("op-b", "b"));
    finish(store, "op-b", "succeeded", { status: "active" });
    for (const name of ["c", "a"]) store.createDeployment(deployment(name), op(`op-${name}`, name));
    expect(store.listDeployments({ limit: 2 }).map((d) => d.name)).toEqual(["a", "b"]);
    expect(store.listDeployments({ limit: 2, after: "b" }).map((d) => d.name)).toEqual(["c"]);
    expect(store.listDeployments({ limit: 10, status: "active" }).map((d) => d.name)).toEqual(["b"]);
    expect(store.listDeployments({ limit: 10, environment: "prod" })).toEqual([]);
  });
});
