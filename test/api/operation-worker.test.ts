import { AsyncLocalStorage } from "node:async_hooks";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Deployment } from "../../api/domain/model";
import { EventBus } from "../../api/operations/event-bus";
import { OperationWorker } from "../../api/operations/worker";
import { SqliteStore } from "../../api/store/sqlite-store";
import { ScriptedEngine } from "./support/scripted-engine";

const request = { params: {}, tags: { owner: "o", "cost-center": "c", environment: "dev" } };
const deployment = (name: string): Deployment => ({ name, blueprint: "dynamodb-search", region: "us-east-1", request, status: "pending", outputs: {}, needsRecovery: false, createdAt: "t", updatedAt: "t" });

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("OperationWorker", () => {
  let dir: string;
  let store: SqliteStore;
  let engine: ScriptedEngine;
  let worker: OperationWorker;
  const start = (concurrency: number) => {
    worker = new OperationWorker(store, engine, new EventBus(), { concurrency, pollIntervalMs: 20 }, pino({ level: "silent" }));
    worker.start();
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-worker-"));
    store = new SqliteStore(path.join(dir, "s.db"));
    engine = new ScriptedEngine();
  });
  afterEach(async () => {
    await worker?.stop();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs 20 operations of one deployment one at a time, in order, each once", async () => {
    store.createDeployment(deployment("one"), { id: "op-00", deployment: "one", kind: "create", request });
    for (let i = 1; i < 20; i++) store.enqueueOperation({ id: `op-${String(i).padStart(2, "0")}`, deployment: "one", kind: "preview", request }, false);
    start(8);
    await until(() => store.countActive() === 0);
    expect(engine.maxRunning).toBe(1);
    expect(engine.started.map((r) => r.operation.id)).toEqual(Array.from({ length: 20 }, (_, i) => `op-${String(i).padStart(2, "0")}`));
    expect(store.getDeployment("one")).toMatchObject({ status: "active", outputs: { endpoint: "https://one.example" } });
  });

  it("runs operations of distinct deployments in parallel up to the limit", async () => {
    for (let i = 0; i < 20; i++) store.createDeployment(deployment(`d${i}`), { id: `op-${i}`, deployment: `d${i}`, kind: "create", request });
    engine.autoRelease = false;
    start(4);
    await until(() => engine.running === 4);
    expect(engine.maxRunning).toBe(4);
    engine.autoRelease = true;
    for (const run of engine.started) engine.release(run.operation.id);
    await until(() => store.countActive() === 0);
    expect(engine.maxRunning).toBe(4);
    expect(new Set(engine.started.map((r) => r.operation.id)).size).toBe(20);
  });

  it("records failures on the operation and the deployment", async () => {
    engine.failKinds.add("create");
    store.createDeployment(deployment("bad"), { id: "op-1", deployment: "bad", kind: "create", request });
    start(2);
    await until(() => store.getOperation("op-1")?.status === "failed");
    expect(store.getOperation("op-1")?.error).toEqual({ title: "create failed", detail: "provider said no" });
    expect(store.getDeployment("bad")?.status).toBe("failed");
    expect(store.listEvents("op-1", 0, 10).map((e) => e.type)).toEqual(["slipstream.started", "preludeEvent", "slipstream.failed"]);
  });

  it("cancels a running operation through its abort signal", async () => {
    engine.autoRelease = false;
    store.createDeployment(deployment("slow"), { id: "op-1", deployment: "slow", kind: "create", request });
    start(2);
    await until(() => engine.running === 1);
    store.requestCancel("op-1", "t");
    worker.cancel("op-1");
    await until(() => store.getOperation("op-1")?.status === "cancelled");
    expect(store.getOperation("op-1")?.error?.title).toBe("Cancelled");
  });

  it("marks the deployment destroyed only when a destroy succeeds", async () => {
    store.createDeployment(deployment("gone"), { id: "op-1", deployment: "gone", kind: "create", request });
    store.enqueueOperation({ id: "op-2", deployment: "gone", kind: "destroy", request }, true);
    start(2);
    await until(() => store.countActive() === 0);
    expect(store.getDeployment("gone")).toMatchObject({ status: "destroyed", outputs: {} });
    expect(store.listDeployments({ limit: 10 })).toEqual([]);
  });

  it("keeps the applied params when an update fails, and previews with them", async () => {
    const applied = { params: { indexer: { batchSize: 10 } }, tags: request.tags };
    const attempted = { params: { indexer: { batchSize: 20 } }, tags: { ...request.tags, environment: "prod" } };
    engine.failKinds.add("update");
    store.createDeployment({ ...deployment("half"), request: applied }, { id: "op-1", deployment: "half", kind: "create", request: applied });
    store.enqueueOperation({ id: "op-2", deployment: "half", kind: "update", request: attempted }, false);
    store.enqueueOperation({ id: "op-3", deployment: "half", kind: "preview", request: applied }, false);
    start(1);
    await until(() => store.countActive() === 0);
    expect(store.getOperation("op-2")).toMatchObject({ status: "failed", request: attempted });
    expect(store.getDeployment("half")).toMatchObject({ status: "failed", request: applied });
    expect(engine.started.find((r) => r.operation.id === "op-3")?.operation.request).toEqual(applied);
  });

  it("keeps a deployment destroying when an earlier operation finishes after the destroy was queued", async () => {
    engine.autoRelease = false;
    store.createDeployment(deployment("busy"), { id: "op-1", deployment: "busy", kind: "create", request });
    start(2);
    await until(() => engine.running === 1);
    store.enqueueOperation({ id: "op-2", deployment: "busy", kind: "destroy", request }, true);
    engine.failKinds.add("destroy");
    engine.autoRelease = true;
    engine.release("op-1");
    await until(() => store.getOperation("op-1")?.status === "succeeded");
    expect(["destroying", "failed"]).toContain(store.getDeployment("busy")?.status);
    await until(() => store.countActive() === 0);
    expect(store.getDeployment("busy")?.status).toBe("failed");
  });

  it("does not run operations inside the request's AsyncLocalStorage scope (pulumi/pulumi#20737)", async () => {
    const requestScope = new AsyncLocalStorage<string>();
    let seen: string | undefined = "not run";
    engine.observe = () => {
      seen = requestScope.getStore();
    };
    start(1);
    store.createDeployment(deployment("als"), { id: "op-1", deployment: "als", kind: "create", request });
    requestScope.run("inside a request", () => worker.notify());
    await until(() => store.getOperation("op-1")?.status === "succeeded");
    expect(seen).toBeUndefined();
  });

  it("interrupts what a previous process left running and recovers on the next operation", async () => {
    store.createDeployment(deployment("crash"), { id: "op-1", deployment: "crash", kind: "create", request });
    store.claimNextOperation("t", []);
    store.enqueueOperation({ id: "op-2", deployment: "crash", kind: "refresh", request }, false);
    start(1);
    await until(() => store.getOperation("op-2")?.status === "succeeded");
    expect(store.getOperation("op-1")).toMatchObject({ status: "interrupted", error: { title: "Interrupted" } });
    expect(engine.started.find((r) => r.operation.id === "op-2")?.recover).toBe(true);
    expect(store.getDeployment("crash")?.needsRecovery).toBe(false);
  });
});
