/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted on, not typed */
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DriftChange } from "../../api/domain/model";
import { EventBus } from "../../api/operations/event-bus";
import { OperationWorker } from "../../api/operations/worker";
import { Scheduler, type SchedulerOptions } from "../../api/schedules/scheduler";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import { ScriptedEngine } from "../api/support/scripted-engine";
import { schemaOnlyPlanner } from "../api/support/schema-only-planner";
import { TAGS, testApp } from "../api/support/test-app";
import { waitFor } from "../support/wait-for";

const HOUR = 3_600_000;
const change: DriftChange = { urn: "urn:pulumi:orders::slipstream::aws:sqs/queue:Queue::orders-queue", type: "aws:sqs/queue:Queue", change: "update", properties: ["visibilityTimeoutSeconds"] };
const silent = pino({ level: "silent" });

/**
 * The schedules with the real worker, the real SQLite store and the scripted engine, driven
 * through the HTTP API. Time moves through the scheduler's clock, never by waiting: each test
 * sets where "now" is and calls `poll()`, then waits for the state the worker reaches.
 */
describe("schedules", () => {
  let t: ReturnType<typeof testApp>;
  /** The schedulers' clock: real time plus what a test has moved it on. */
  let offset = 0;
  const clock = () => Date.now() + offset;
  const schedulers: Scheduler[] = [];
  const schedulerFor = (store: SqliteStore, worker: OperationWorker, options: Partial<SchedulerOptions> = {}, engine = t.engine) => {
    const scheduler = new Scheduler(store, worker, engine, { pollIntervalMs: 60_000, driftCheckIntervalMs: HOUR, expiryReminderMs: 24 * HOUR, clock, ...options }, silent);
    schedulers.push(scheduler);
    return scheduler;
  };

  beforeEach(() => {
    offset = 0;
    t = testApp({ planner: schemaOnlyPlanner() });
  });
  afterEach(async () => {
    for (const scheduler of schedulers.splice(0)) await scheduler.stop();
    await t.close();
  });

  const get = async (url: string) => {
    const res = await t.app.request(url);
    return { status: res.status, body: (await res.json()) as any };
  };
  const deployment = async (name: string) => (await get(`/v1/deployments/${name}`)).body;
  const operations = async (name: string) => (await get(`/v1/deployments/${name}/operations`)).body.operations as any[];
  const idle = async () => (await t.store.operations.countActive()) === 0;
  /** Creates a deployment through the API and waits until its create succeeded. */
  const deployed = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await t.json("POST", "/v1/deployments", { name, blueprint: "dynamodb-search", params: {}, tags: TAGS, ...extra });
    expect(res.status, await res.clone().text()).toBe(202);
    await waitFor(`${name} to be active`, async () => (await deployment(name)).status === "active");
  };

  it("each poll deletes a batch of expired idempotency keys, never one still held", async () => {
    const at = (ms: number) => new Date(ms).toISOString();
    const start = Date.now();
    for (const key of ["a", "b", "c"]) await t.store.idempotency.reserve(key, "POST /v1/deployments 1", { owner: "x", now: at(start), expiresAt: at(start + 60_000) });
    await t.store.idempotency.reserve("held", "POST /v1/deployments 1", { owner: "x", now: at(start), expiresAt: at(start + 10 * HOUR) });
    offset = HOUR;
    await schedulerFor(t.store, t.worker, { batch: 2 }).poll();
    // The poll took two of the three expired keys: one is left, and the held key is not expired.
    expect(await t.store.idempotency.pruneExpired(at(clock()), 10)).toBe(1);
    expect(await t.store.idempotency.reserve("held", "POST /v1/deployments 1", { owner: "y", now: at(clock()), expiresAt: at(clock() + 60_000) })).toMatchObject({ reserved: false });
  });

  it("a scheduled drift check records drift, listed by ?drifted=true; a later clean check clears it", async () => {
    await deployed("orders");
    await deployed("billing");
    const scheduler = schedulerFor(t.store, t.worker);
    t.engine.drift.set("orders", [change]);
    // Not due within the interval of the creates.
    await scheduler.poll();
    expect(await t.store.operations.countActive()).toBe(0);

    offset = 2 * HOUR;
    await scheduler.poll();
    await waitFor("the scheduled checks to end", idle);
    const drifted = await deployment("orders");
    expect(drifted.drift).toMatchObject({ changes: [change] });
    expect((await deployment("billing")).drift).toBeNull();
    const check = (await operations("orders")).find((o) => o.kind === "drift-check");
    expect(check).toMatchObject({ status: "succeeded", requestedBy: { tokenId: "drift-schedule", tokenName: "drift-schedule", team: "default" } });
    expect(drifted.drift.operationId).toBe(check.id);
    const events = (await get(`/v1/operations/${check.id}/events`)).body.events as any[];
    expect(events.find((e) => e.type === "slipstream.drift")?.data).toMatchObject({ drifted: true, drift: { changes: [change] } });
    const list = await get("/v1/deployments?drifted=true");
    expect(list.status).toBe(200);
    expect(list.body.deployments.map((d: any) => d.name)).toEqual(["orders"]);
    expect(list.body.deployments[0].drift.changes).toEqual([change]);
    // Polled again within the interval: nothing more queued.
    await scheduler.poll();
    expect((await operations("orders")).filter((o) => o.kind === "drift-check")).toHaveLength(1);

    // The resource was put back: the next scheduled check finds nothing and clears the record.
    t.engine.drift.delete("orders");
    offset = 4 * HOUR;
    await scheduler.poll();
    await waitFor("the second checks to end", idle);
    expect((await operations("orders")).filter((o) => o.kind === "drift-check" && o.status === "succeeded")).toHaveLength(2);
    expect((await deployment("orders")).drift).toBeNull();
    expect((await get("/v1/deployments?drifted=true")).body.deployments).toEqual([]);
  });

  it("queues a drift check on request (202), refused before the first deploy", async () => {
    const pending = await t.json("POST", "/v1/deployments", { name: "fresh", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(pending.status).toBe(202);
    t.engine.drift.set("fresh", [change]);
    // Refused while pending, unless the create was already quicker.
    const early = await t.app.request("/v1/deployments/fresh/drift-check", { method: "POST" });
    expect([202, 409]).toContain(early.status);
    await waitFor("fresh to be active", async () => (await deployment("fresh")).status === "active");
    const res = await t.app.request("/v1/deployments/fresh/drift-check", { method: "POST" });
    expect(res.status).toBe(202);
    const body = (await res.json()) as any;
    expect(body.operation).toMatchObject({ kind: "drift-check", deployment: "fresh" });
    await waitFor("the check to end", idle);
    expect((await deployment("fresh")).drift).toMatchObject({ operationId: body.operation.id, changes: [change] });
  });

  it("reminds once before expiresAt, then destroys the deployment at it as the expiry actor", async () => {
    const expiresAt = new Date(Date.now() + 48 * HOUR).toISOString();
    await deployed("temp", { expiresAt });
    expect((await deployment("temp")).expiry).toEqual({ expiresAt, reminder: null, destroyQueuedAt: null });
    const scheduler = schedulerFor(t.store, t.worker, { driftCheckIntervalMs: 0 });

    offset = 23 * HOUR;
    await scheduler.poll();
    expect((await deployment("temp")).expiry.reminder).toBeNull();
    offset = 25 * HOUR;
    await scheduler.poll();
    const reminded = (await deployment("temp")).expiry.reminder;
    expect(reminded).toEqual({ at: expect.any(String) });
    offset = 26 * HOUR;
    await scheduler.poll();
    expect((await deployment("temp")).expiry.reminder).toEqual(reminded);
    expect(await t.store.operations.countActive()).toBe(0);

    offset = 49 * HOUR;
    await scheduler.poll();
    await waitFor("temp to be destroyed", async () => (await get("/v1/deployments/temp")).status === 404);
    const destroys = (await operations("temp")).filter((o) => o.kind === "destroy");
    expect(destroys).toEqual([expect.objectContaining({ status: "succeeded", requestedBy: { tokenId: "expiry", tokenName: "expiry", team: "default", role: "deployer" } })]);
  });

  it("an expiry extended after its reminder is reminded again", async () => {
    await deployed("kept", { expiresAt: new Date(Date.now() + 10 * HOUR).toISOString() });
    const scheduler = schedulerFor(t.store, t.worker, { driftCheckIntervalMs: 0 });
    await scheduler.poll();
    expect((await deployment("kept")).expiry.reminder).not.toBeNull();
    const later = new Date(Date.now() + 72 * HOUR).toISOString();
    const res = await t.json("PUT", "/v1/deployments/kept/expiry", { expiresAt: later });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).expiry).toEqual({ expiresAt: later, reminder: null, destroyQueuedAt: null });
    await scheduler.poll();
    expect((await deployment("kept")).expiry.reminder).toBeNull();
    offset = 49 * HOUR;
    await scheduler.poll();
    expect((await deployment("kept")).expiry.reminder).not.toBeNull();
    // Cleared: never destroyed by the expiry.
    expect((await t.json("PUT", "/v1/deployments/kept/expiry", { expiresAt: null })).status).toBe(200);
    offset = 100 * HOUR;
    await scheduler.poll();
    expect(await deployment("kept")).toMatchObject({ status: "active", expiry: null });
  });

  it("refuses an expiresAt in the past or more than a year ahead", async () => {
    const past = await t.json("POST", "/v1/deployments", { name: "late", blueprint: "dynamodb-search", params: {}, tags: TAGS, expiresAt: new Date(Date.now() - HOUR).toISOString() });
    expect(past.status).toBe(400);
    expect(((await past.json()) as any).errors).toEqual([{ field: "expiresAt", message: "must be in the future" }]);
    const far = await t.json("POST", "/v1/deployments", { name: "late", blueprint: "dynamodb-search", params: {}, tags: TAGS, expiresAt: new Date(Date.now() + 400 * 24 * HOUR).toISOString() });
    expect(far.status).toBe(400);
    expect((await get("/v1/deployments/late")).status).toBe(404);
  });

  it("a failing expiry destroy leaves destroy_failed with its error, listed, and is not queued again", async () => {
    await deployed("stuck", { expiresAt: new Date(Date.now() + HOUR).toISOString() });
    t.engine.failKinds.add("destroy");
    const scheduler = schedulerFor(t.store, t.worker, { driftCheckIntervalMs: 0 });
    offset = 2 * HOUR;
    await scheduler.poll();
    await waitFor("stuck's destroy to fail", async () => (await deployment("stuck")).status === "destroy_failed");
    const failed = await deployment("stuck");
    const destroy = (await operations("stuck")).find((o) => o.kind === "destroy");
    expect(failed.lastError).toEqual({ title: "destroy failed", detail: "provider said no", operationId: destroy.id, at: destroy.finishedAt });
    expect(failed.actions).toMatchObject({ destroy: true, refresh: true, update: true, preview: true, driftCheck: true });
    expect((await get("/v1/deployments?status=destroy_failed")).body.deployments.map((d: any) => d.name)).toEqual(["stuck"]);
    expect((await get("/v1/deployments")).body.deployments.map((d: any) => d.name)).toEqual(["stuck"]);
    offset = 5 * HOUR;
    await scheduler.poll();
    await scheduler.poll();
    expect((await operations("stuck")).filter((o) => o.kind === "destroy")).toHaveLength(1);
    // A person retries it; this time it goes through.
    t.engine.failKinds.delete("destroy");
    expect((await t.app.request("/v1/deployments/stuck", { method: "DELETE" })).status).toBe(202);
    await waitFor("stuck to be destroyed", async () => (await get("/v1/deployments/stuck")).status === 404);
  });

  it("queues no expiry destroy or drift check while the engine is unavailable, and acts once it is back", async () => {
    await deployed("waiting", { expiresAt: new Date(Date.now() + HOUR).toISOString() });
    const scheduler = schedulerFor(t.store, t.worker);
    t.engine.available = { ok: false, reason: "the Pulumi CLI was not found" };
    offset = 2 * HOUR;
    await scheduler.poll();
    // The reminder needs no engine; nothing was queued.
    expect(await deployment("waiting")).toMatchObject({ status: "active", expiry: { reminder: { at: expect.any(String) }, destroyQueuedAt: null } });
    expect(await operations("waiting")).toHaveLength(1);
    t.engine.available = { ok: true, version: "3.999.0" };
    await scheduler.poll();
    await waitFor("waiting to be destroyed", async () => (await get("/v1/deployments/waiting")).status === 404);
    // Destroyed, not also checked for drift: the destroy went first, and a deployment being destroyed is checked no more.
    expect((await operations("waiting")).map((o) => o.kind)).toEqual(["destroy", "create"]);
  });

  it("two instances on one SQLite file queue an expiry's destroy once, and it runs once", async () => {
    const other = new SqliteStore(t.dbFile);
    const otherEngine = new ScriptedEngine();
    const otherWorker = new OperationWorker(other, otherEngine, new EventBus(), { concurrency: 4, pollIntervalMs: 20, leaseMs: 30_000, instanceId: "instance-b" }, silent);
    try {
      for (const name of ["exp-1", "exp-2", "exp-3"]) await deployed(name, { expiresAt: new Date(Date.now() + HOUR).toISOString() });
      const here = schedulerFor(t.store, t.worker, { driftCheckIntervalMs: 0 });
      const there = schedulerFor(other, otherWorker, { driftCheckIntervalMs: 0 }, otherEngine);
      offset = 2 * HOUR;
      await Promise.all([here.poll(), there.poll(), here.poll(), there.poll()]);
      await waitFor("every expired deployment to be destroyed", async () => (await t.store.deployments.list({ limit: 10 })).length === 0 && (await idle()));
      for (const name of ["exp-1", "exp-2", "exp-3"]) expect((await operations(name)).filter((o) => o.kind === "destroy")).toHaveLength(1);
      const destroysRun = [...t.engine.started, ...otherEngine.started].filter((r) => r.operation.kind === "destroy");
      expect(destroysRun.map((r) => r.deployment.name).sort()).toEqual(["exp-1", "exp-2", "exp-3"]);
    } finally {
      await otherWorker.stop();
      await other.close();
    }
  });

  it("two instances polling together queue one scheduled drift check per deployment", async () => {
    const other = new SqliteStore(t.dbFile);
    const otherWorker = new OperationWorker(other, new ScriptedEngine(), new EventBus(), { concurrency: 4, pollIntervalMs: 20, leaseMs: 30_000, instanceId: "instance-b" }, silent);
    try {
      await deployed("drift-1");
      await deployed("drift-2");
      const here = schedulerFor(t.store, t.worker);
      const there = schedulerFor(other, otherWorker);
      offset = 2 * HOUR;
      await Promise.all([here.poll(), there.poll()]);
      await waitFor("the checks to end", idle);
      for (const name of ["drift-1", "drift-2"]) expect((await operations(name)).filter((o) => o.kind === "drift-check")).toHaveLength(1);
    } finally {
      await otherWorker.stop();
      await other.close();
    }
  });
});
