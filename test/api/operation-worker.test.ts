import { AsyncLocalStorage } from "node:async_hooks";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Deployment, OperationEvent, OperationKind } from "../../api/domain/model";
import { EventBus } from "../../api/operations/event-bus";
import { OperationWorker, type WorkerOptions } from "../../api/operations/worker";
import { OPEN_ACTOR } from "../../api/domain/permissions";
import { newId } from "../../api/store/ids";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import { ScriptedEngine } from "./support/scripted-engine";

const request = { params: {}, tags: { owner: "o", "cost-center": "c", environment: "dev" } };
const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
const LEASE_MS = 30_000;
const deployment = (name: string): Deployment => ({
  name,
  team: "default",
  blueprint: "dynamodb-search",
  region: "us-east-1",
  request,
  blueprintVersion: "1.0.0",
  appliedOperation: null,
  status: "pending",
  outputs: {},
  needsRecovery: false,
  runningOperation: null,
  statusBeforeDestroy: null,
  lastError: null,
  drift: null,
  driftScheduleFrom: iso(T0),
  expiry: null,
  createdAt: iso(T0),
  updatedAt: iso(T0),
});

/** Waits for state the worker reaches on its own (runs end on promises, not on time). */
async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("OperationWorker", () => {
  let dir: string;
  let store: SqliteStore;
  let engine: ScriptedEngine;
  let bus: EventBus;
  let worker: OperationWorker | undefined;
  /** The worker's clock: tests move it, leases and recoveries read it. */
  let now: number;
  let logs: { msg: string; level: number; outcome?: string; operation?: string }[];

  const start = async (concurrency: number, options: Partial<WorkerOptions> = {}) => {
    const log = pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line) as (typeof logs)[number]) });
    worker = new OperationWorker(store, engine, bus, { concurrency, pollIntervalMs: 20, leaseMs: LEASE_MS, instanceId: "me", clock: () => now, ...options }, log);
    await worker.start();
    return worker;
  };
  const create = async (name: string, d: Deployment = deployment(name)) => {
    const id = newId();
    await store.deployments.create(d, { id, deployment: name, kind: "create", request: d.request, requestedBy: OPEN_ACTOR });
    return id;
  };
  const enqueue = async (name: string, kind: Exclude<OperationKind, "create">, req = request) => {
    const id = newId();
    await store.operations.enqueue({ id, deployment: name, kind, request: req, requestedBy: OPEN_ACTOR }, iso(now));
    return id;
  };
  const status = async (id: string) => (await store.operations.get(id))?.status;
  const eventTypes = async (id: string) => (await store.events.list(id, 0, 100)).map((e) => e.type);
  const idle = async () => (await store.operations.countActive()) === 0;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-worker-"));
    store = new SqliteStore(path.join(dir, "s.db"));
    engine = new ScriptedEngine();
    bus = new EventBus();
    worker = undefined;
    now = T0;
    logs = [];
  });
  afterEach(async () => {
    await worker?.stop();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs 20 operations of one deployment one at a time, in order, each once", async () => {
    const ids = [await create("one")];
    for (let i = 1; i < 20; i++) ids.push(await enqueue("one", "preview"));
    await start(8);
    await until(idle);
    expect(engine.maxRunning).toBe(1);
    expect(engine.started.map((r) => r.operation.id)).toEqual(ids);
    expect(await store.deployments.get("one")).toMatchObject({ status: "active", outputs: { endpoint: "https://one.example" }, runningOperation: null });
  });

  it("runs operations of distinct deployments in parallel up to the limit", async () => {
    for (let i = 0; i < 20; i++) await create(`d${i}`);
    engine.autoRelease = false;
    await start(4);
    await until(() => engine.running === 4);
    expect(engine.maxRunning).toBe(4);
    engine.autoRelease = true;
    for (const run of engine.started) engine.release(run.operation.id);
    await until(idle);
    expect(engine.maxRunning).toBe(4);
    expect(new Set(engine.started.map((r) => r.operation.id)).size).toBe(20);
  });

  it("records failures on the operation and the deployment, events in order", async () => {
    engine.failKinds.add("create");
    const op = await create("bad");
    await start(2);
    await until(async () => (await status(op)) === "failed");
    expect((await store.operations.get(op))?.error).toEqual({ title: "create failed", detail: "provider said no" });
    expect((await store.deployments.get("bad"))?.status).toBe("failed");
    expect(await eventTypes(op)).toEqual(["slipstream.started", "preludeEvent", "slipstream.failed"]);
    expect(logs.filter((l) => l.msg === "operation did not succeed")).toHaveLength(1);
  });

  it("cancels a running operation through its abort signal", async () => {
    engine.autoRelease = false;
    const op = await create("slow");
    await start(2);
    await until(() => engine.running === 1);
    await store.operations.requestCancel(op, iso(now));
    worker!.cancel(op);
    await until(async () => (await status(op)) === "cancelled");
    expect((await store.operations.get(op))?.error?.title).toBe("Cancelled");
  });

  it("on stop, cancels running operations and records their outcome before returning", async () => {
    engine.autoRelease = false;
    const op = await create("stopping");
    await start(2);
    await until(() => engine.running === 1);
    const { unfinished } = await worker!.stop({ graceMs: 60_000 });
    expect(unfinished).toEqual([]);
    expect(await store.operations.get(op)).toMatchObject({ status: "cancelled", error: { title: "Cancelled" } });
    expect((await eventTypes(op)).at(-1)).toBe("slipstream.cancelled");
  });

  it("on stop, leaves an operation that outlasts the grace to its lease, no longer renewed", async () => {
    const stubborn = new ScriptedEngine();
    // An engine that never ends its run, cancelled or not.
    stubborn.run = (run) => {
      stubborn.started.push(run);
      return new Promise(() => undefined);
    };
    engine = stubborn;
    const op = await create("stuck");
    // A short lease: beats every 100 ms of real time, each renewing to the worker's clock + 300.
    const running = await start(2, { leaseMs: 300 });
    await until(() => stubborn.started.length === 1);
    const { unfinished } = await running.stop({ graceMs: 50 });
    expect(unfinished.map((o) => o.id)).toEqual([op]);
    expect(await status(op)).toBe("running");
    // Were the heartbeat still going, a beat within these 300 ms would renew the lease past `now`.
    now += 1000;
    await new Promise((r) => setTimeout(r, 300));
    expect((await store.operations.recoverExpired(iso(now), { title: "Interrupted", detail: "lapsed" })).map((o) => o.id)).toEqual([op]);
    // Its run never settles: afterEach must not wait for it again.
    worker = undefined;
  });

  it("stops a run whose cancel another instance recorded in the store, when it next polls", async () => {
    engine.autoRelease = false;
    const op = await create("elsewhere");
    const w = await start(1, { pollIntervalMs: 3_600_000 });
    await until(() => engine.running === 1);
    // Another instance took the DELETE /cancel: only the store knows.
    await store.operations.requestCancel(op, iso(now));
    await w.poll();
    await until(async () => (await status(op)) === "cancelled");
  });

  it("marks the deployment destroyed only when a destroy succeeds", async () => {
    await create("gone");
    await enqueue("gone", "destroy");
    await start(2);
    await until(idle);
    expect(await store.deployments.get("gone")).toMatchObject({ status: "destroyed", outputs: {} });
    expect(await store.deployments.list({ limit: 10 })).toEqual([]);
  });

  it("keeps the applied params when an update fails, and previews with them", async () => {
    const applied = { params: { indexer: { batchSize: 10 } }, tags: request.tags };
    const attempted = { params: { indexer: { batchSize: 20 } }, tags: { ...request.tags, environment: "prod" } };
    engine.failKinds.add("update");
    await create("half", { ...deployment("half"), request: applied });
    const update = await enqueue("half", "update", attempted);
    const preview = await enqueue("half", "preview", applied);
    await start(1);
    await until(idle);
    expect(await store.operations.get(update)).toMatchObject({ status: "failed", request: attempted });
    expect(await store.deployments.get("half")).toMatchObject({ status: "failed", request: applied });
    expect(engine.started.find((r) => r.operation.id === preview)?.operation.request).toEqual(applied);
  });

  it("keeps a deployment destroying when an earlier operation finishes after the destroy was queued", async () => {
    engine.autoRelease = false;
    const op = await create("busy");
    await start(2);
    await until(() => engine.running === 1);
    await enqueue("busy", "destroy");
    engine.failKinds.add("destroy");
    engine.autoRelease = true;
    engine.release(op);
    await until(async () => (await status(op)) === "succeeded");
    expect(["destroying", "destroy_failed"]).toContain((await store.deployments.get("busy"))?.status);
    await until(idle);
    expect((await store.deployments.get("busy"))?.status).toBe("destroy_failed");
  });

  it("does not run operations inside the request's AsyncLocalStorage scope (pulumi/pulumi#20737)", async () => {
    const requestScope = new AsyncLocalStorage<string>();
    let seen: string | undefined = "not run";
    engine.observe = () => {
      seen = requestScope.getStore();
    };
    const w = await start(1);
    const op = await create("als");
    requestScope.run("inside a request", () => w.notify());
    await until(async () => (await status(op)) === "succeeded");
    expect(seen).toBeUndefined();
  });

  describe("leases", () => {
    it("claims under its own lease, expiring SLIPSTREAM_LEASE_MS from its clock, and renews it on each beat", async () => {
      engine.autoRelease = false;
      const op = await create("leased");
      const w = await start(1);
      await until(() => engine.running === 1);
      // Live at T0 + lease - 1 ms; renewed from T0 + 20 s, it still is at T0 + 40 s.
      expect(await store.operations.recoverExpired(iso(T0 + LEASE_MS - 1), { title: "x", detail: "x" })).toEqual([]);
      now = T0 + 20_000;
      await w.heartbeat();
      expect(await store.operations.recoverExpired(iso(T0 + 40_000), { title: "x", detail: "x" })).toEqual([]);
      engine.release(op);
      await until(async () => (await status(op)) === "succeeded");
    });

    it("leaves another instance's live lease alone when it starts, and recovers it once lapsed, with its event", async () => {
      const theirs = await create("shared");
      const next = await enqueue("shared", "preview");
      // Another instance, alive, runs the create under a lease until T0 + 30 s.
      expect((await store.operations.claimNext({ owner: "other", expiresAt: iso(T0 + LEASE_MS) }, iso(T0), []))?.id).toBe(theirs);
      const published: OperationEvent[] = [];
      bus.subscribe(theirs, (e) => published.push(e));

      const w = await start(1, { pollIntervalMs: 3_600_000 });
      await w.poll();
      expect(await status(theirs)).toBe("running");
      expect(await store.deployments.get("shared")).toMatchObject({ runningOperation: theirs, needsRecovery: false });
      expect(engine.started).toEqual([]);
      expect(published).toEqual([]);

      // The other instance goes silent past its lease.
      now = T0 + LEASE_MS + 1;
      await w.poll();
      expect(await store.operations.get(theirs)).toMatchObject({ status: "interrupted", error: { title: "Interrupted" } });
      expect(published.map((e) => e.type)).toEqual(["slipstream.interrupted"]);
      expect(logs.some((l) => l.operation === theirs && /interrupted/.test(l.msg))).toBe(true);
      // The next operation runs here and clears the stale lock and pending operations first.
      await until(async () => (await status(next)) === "succeeded");
      expect(engine.started.map((r) => [r.operation.id, r.recover])).toEqual([[next, true]]);
      expect(await store.deployments.get("shared")).toMatchObject({ needsRecovery: false });
    });

    it("recovers on start what a stopped instance left running under a lapsed lease", async () => {
      const dead = await create("crash");
      await store.operations.claimNext({ owner: "previous process", expiresAt: iso(T0 - 1) }, iso(T0 - LEASE_MS), []);
      const next = await enqueue("crash", "preview");
      await start(1);
      expect(await store.operations.get(dead)).toMatchObject({ status: "interrupted", error: { title: "Interrupted" } });
      expect(await eventTypes(dead)).toEqual(["slipstream.interrupted"]);
      await until(async () => (await status(next)) === "succeeded");
      expect(engine.started.find((r) => r.operation.id === next)?.recover).toBe(true);
      expect((await store.deployments.get("crash"))?.needsRecovery).toBe(false);
    });

    it("stops a run whose lease renewal says another instance recovered it, and does not finish it", async () => {
      engine.autoRelease = false;
      const op = await create("stalled");
      const w = await start(1, { pollIntervalMs: 3_600_000 });
      await until(() => engine.running === 1);
      // This instance stalled; another recovered the operation once the lease lapsed.
      await store.operations.recoverExpired(iso(T0 + LEASE_MS + 1), { title: "Interrupted", detail: "went silent" });
      now = T0 + LEASE_MS + 2;
      await w.heartbeat();
      expect(engine.started[0]!.signal.aborted).toBe(true);
      await until(() => w.active === 0);
      expect(await store.operations.get(op)).toMatchObject({ status: "interrupted", error: { detail: "went silent" } });
      expect(await eventTypes(op)).toEqual(["slipstream.started", "preludeEvent", "slipstream.interrupted"]);
      expect(await store.deployments.get("stalled")).toMatchObject({ status: "failed", needsRecovery: true, runningOperation: null });
      expect(logs.some((l) => /lease lost/.test(l.msg))).toBe(true);
      expect(logs.some((l) => l.msg === "operation succeeded" || l.msg === "operation did not succeed")).toBe(false);
    });

    it("logs an outcome it can no longer record as a lost lease, never as success", async () => {
      engine.autoRelease = false;
      const op = await create("late");
      const w = await start(1, { pollIntervalMs: 3_600_000 });
      await until(() => engine.running === 1);
      await store.operations.recoverExpired(iso(T0 + LEASE_MS + 1), { title: "Interrupted", detail: "went silent" });
      // The engine finishes before any beat or poll noticed: `finish` finds the lease lost.
      engine.release(op);
      await until(() => w.active === 0);
      expect(await status(op)).toBe("interrupted");
      // What the engine emitted before the run learnt of the recovery trails the recovery's event.
      expect(await eventTypes(op)).toEqual(["slipstream.started", "preludeEvent", "slipstream.interrupted", "summaryEvent"]);
      expect(logs.filter((l) => /lease lost/.test(l.msg)).map((l) => l.outcome)).toEqual(["succeeded"]);
      expect(logs.some((l) => l.msg === "operation succeeded")).toBe(false);
    });
  });
});
