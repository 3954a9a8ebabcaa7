import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../api/domain/access";
import type { Deployment, DeploymentRequest, OperationKind } from "../../api/domain/model";
import { newId } from "../../api/store/ids";
import { StoreConflictError, type Lease, type Store } from "../../api/store/store";
import { accessContract } from "./contract-access";
import { versionsContract } from "./contract-versions";
import { scheduleContract } from "./contract-schedules";
import { webhooksContract } from "./contract-webhooks";

/** A fresh, empty store of one backend, and how to throw it away. */
export type StoreFactory = () => Promise<{ store: Store; dispose(): Promise<void> }>;

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const NOW = at(1);
const tags = (environment: string, owner = "o") => ({ owner, "cost-center": "c", environment });
const first: DeploymentRequest = { params: { v: 1 }, tags: tags("dev") };
const second: DeploymentRequest = { params: { v: 2 }, tags: tags("prod") };
const lease = (owner: string, until = 60): Lease => ({ owner, expiresAt: at(until) });
const INTERRUPTED = { title: "Interrupted", detail: "its instance went silent" };

/** The team the fixtures' deployments belong to unless a test names another. */
export const TEAM = "team-a";
/** Who the fixtures' operations are requested by. */
export const REQUESTER: Actor = { tokenId: "0190a000-0000-7000-8000-00000000a001", tokenName: "ci", team: TEAM, role: "deployer" };

export const deploymentRecord = (name: string, request = first, blueprint = "dynamodb-search", team = TEAM): Deployment => ({
  name,
  team,
  blueprint,
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
  driftScheduleFrom: NOW,
  expiry: null,
  createdAt: NOW,
  updatedAt: NOW,
});

const conflict = (reason: StoreConflictError["reason"]) => expect.objectContaining({ name: "StoreConflictError", reason });

/**
 * The behaviour every store backend owes the service. It runs unchanged against each
 * backend (test/store/*.contract.test.ts); a backend is done when it passes.
 */
export function storeContract(backend: string, factory: StoreFactory): void {
  describe(`${backend} store contract`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await factory());
    });
    afterEach(async () => {
      await dispose();
    });

    /** Creates a deployment with its create operation; returns the operation id. */
    const create = async (name: string, request = first, blueprint?: string) => {
      const id = newId();
      await store.deployments.create(deploymentRecord(name, request, blueprint), { id, deployment: name, kind: "create", request, requestedBy: REQUESTER });
      return id;
    };
    const enqueue = async (deployment: string, kind: Exclude<OperationKind, "create">, request = first) => {
      const id = newId();
      await store.operations.enqueue({ id, deployment, kind, request, requestedBy: REQUESTER }, NOW);
      return id;
    };
    /** Claims the next operation under `owner` (it must be `id`) and ends it. */
    const run = async (id: string, status: "succeeded" | "failed" | "cancelled", outputs?: Record<string, unknown>, owner = "w1") => {
      const claimed = await store.operations.claimNext(lease(owner), NOW, []);
      expect(claimed?.id).toBe(id);
      return store.operations.finish(id, owner, { status, ...(outputs ? { outputs } : {}), event: { type: `slipstream.${status}`, data: { id } } }, NOW);
    };

    describe("deployments", () => {
      it("creates a deployment with its queued create operation in one write, and refuses a taken name", async () => {
        const op = await create("a");
        expect(await store.deployments.get("a")).toMatchObject({ name: "a", status: "pending", request: first, runningOperation: null, needsRecovery: false });
        expect(await store.operations.get(op)).toMatchObject({ id: op, deployment: "a", kind: "create", status: "queued", request: first, cancelRequested: false, startedAt: null });
        await expect(create("a", second)).rejects.toEqual(conflict("exists"));
        expect((await store.deployments.get("a"))?.request).toEqual(first);
        expect(await store.operations.listByDeployment("a", 10)).toHaveLength(1);
        expect(await store.deployments.get("missing")).toBeUndefined();
      });

      it("lists live deployments by name with filters and a name cursor", async () => {
        await create("c", second);
        await create("a");
        await create("b", { params: {}, tags: tags("dev", "team-x") }, "msk-data-lake");
        const names = async (filter: Parameters<Store["deployments"]["list"]>[0]) => (await store.deployments.list(filter)).map((d) => d.name);
        expect(await names({ limit: 10 })).toEqual(["a", "b", "c"]);
        expect(await names({ limit: 2 })).toEqual(["a", "b"]);
        expect(await names({ limit: 2, after: "b" })).toEqual(["c"]);
        expect(await names({ limit: 10, environment: "dev" })).toEqual(["a", "b"]);
        expect(await names({ limit: 10, owner: "team-x" })).toEqual(["b"]);
        expect(await names({ limit: 10, blueprint: "dynamodb-search" })).toEqual(["a", "c"]);
        expect(await names({ limit: 10, status: "pending", environment: "prod" })).toEqual(["c"]);
        expect(await names({ limit: 1, environment: "dev", after: "a" })).toEqual(["b"]);
      });

      it("frees a destroyed deployment's name; its history joins the new one's", async () => {
        const c1 = await create("a");
        await run(c1, "succeeded");
        const d1 = await enqueue("a", "destroy");
        await run(d1, "succeeded");
        expect(await store.deployments.get("a")).toMatchObject({ status: "destroyed" });
        expect(await store.deployments.list({ limit: 10 })).toEqual([]);
        expect((await store.operations.listByDeployment("a", 10)).map((o) => o.id)).toEqual([d1, c1]);
        const c2 = await create("a", second);
        expect(await store.deployments.get("a")).toMatchObject({ status: "pending", request: second });
        expect((await store.operations.listByDeployment("a", 10)).map((o) => o.id)).toEqual([c2, d1, c1]);
      });
    });

    describe("operations and the per-deployment queue", () => {
      it("admits operations as the lifecycle allows and says why not", async () => {
        await expect(enqueue("missing", "update")).rejects.toEqual(conflict("not-found"));
        const c1 = await create("a");
        await expect(enqueue("a", "refresh")).rejects.toEqual(conflict("not-allowed"));
        await run(c1, "succeeded");
        await enqueue("a", "refresh");
        await enqueue("a", "destroy");
        expect(await store.deployments.get("a")).toMatchObject({ status: "destroying", statusBeforeDestroy: "active" });
        const refused = await enqueue("a", "update").catch((e: unknown) => e);
        expect(refused).toEqual(conflict("not-allowed"));
        expect((refused as Error).message).toMatch(/being destroyed/);
        expect(await store.operations.listByDeployment("a", 10)).toHaveLength(3);
      });

      it("runs one operation per deployment at a time, oldest first, and skips excluded deployments", async () => {
        const a1 = await create("a");
        const b1 = await create("b");
        const a2 = await enqueue("a", "update", second);
        const first1 = await store.operations.claimNext(lease("w1"), NOW, []);
        const first2 = await store.operations.claimNext(lease("w1"), NOW, []);
        expect([first1?.id, first2?.id]).toEqual([a1, b1]);
        expect(first1).toMatchObject({ status: "running", startedAt: NOW, runner: "w1" });
        expect(await store.operations.get(a2)).toMatchObject({ status: "queued", runner: null });
        expect(await store.deployments.get("a")).toMatchObject({ runningOperation: a1 });
        expect(await store.operations.claimNext(lease("w1"), NOW, [])).toBeUndefined();
        await store.operations.finish(a1, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, NOW);
        expect(await store.operations.claimNext(lease("w1"), NOW, ["a"])).toBeUndefined();
        expect((await store.operations.claimNext(lease("w1"), NOW, []))?.id).toBe(a2);
      });

      it("never hands one operation to two claimers", async () => {
        const ids = await Promise.all(["a", "b", "c", "d", "e"].map((n) => create(n)));
        const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => store.operations.claimNext(lease(`w${i}`), NOW, [])));
        const claimed = claims.filter((c) => c !== undefined).map((c) => c.id);
        expect(claimed.sort()).toEqual([...ids].sort());
      });

      it("gives a preview, refresh or destroy the request the deployment holds when it starts", async () => {
        const c1 = await create("a");
        const u1 = await enqueue("a", "update", second);
        const p1 = await enqueue("a", "preview", first);
        await run(c1, "succeeded");
        await run(u1, "succeeded");
        expect(await store.operations.claimNext(lease("w1"), NOW, [])).toMatchObject({ id: p1, request: second });
      });

      it("lists a deployment's operations newest first with an id cursor", async () => {
        const c1 = await create("a");
        const p1 = await enqueue("a", "preview");
        const p2 = await enqueue("a", "preview");
        expect((await store.operations.listByDeployment("a", 2)).map((o) => o.id)).toEqual([p2, p1]);
        expect((await store.operations.listByDeployment("a", 5, p1)).map((o) => o.id)).toEqual([c1]);
        expect(await store.operations.listByDeployment("b", 5)).toEqual([]);
      });

      it("counts queued and running operations", async () => {
        const c1 = await create("a");
        await create("b");
        expect(await store.operations.countActive()).toBe(2);
        await run(c1, "succeeded");
        expect(await store.operations.countActive()).toBe(1);
      });
    });

    describe("finishing: the outcome, the deployment's state and the last event in one write", () => {
      it("takes an update's request only when it succeeds; a failed one stays on its operation", async () => {
        await run(await create("a"), "succeeded", { url: "v1" });
        const u1 = await enqueue("a", "update", second);
        expect((await store.deployments.get("a"))?.request).toEqual(first);
        await run(u1, "failed");
        expect(await store.deployments.get("a")).toMatchObject({ status: "failed", request: first, outputs: { url: "v1" }, runningOperation: null });
        expect(await store.operations.get(u1)).toMatchObject({ status: "failed", request: second });
        expect((await store.deployments.list({ limit: 10, environment: "dev" })).map((d) => d.name)).toEqual(["a"]);
        const u2 = await enqueue("a", "update", second);
        await run(u2, "succeeded", { url: "v2" });
        expect(await store.deployments.get("a")).toMatchObject({ status: "active", request: second, outputs: { url: "v2" } });
        expect((await store.deployments.list({ limit: 10, environment: "prod" })).map((d) => d.name)).toEqual(["a"]);
        expect((await store.deployments.list({ limit: 10, environment: "dev" })).map((d) => d.name)).toEqual([]);
      });

      it("records summary and error, and appends the last event after the others", async () => {
        const c1 = await create("a");
        const claimed = await store.operations.claimNext(lease("w1"), NOW, []);
        expect(claimed?.id).toBe(c1);
        await store.events.append(c1, "preludeEvent", { n: 1 }, NOW);
        const event = await store.operations.finish(c1, "w1", { status: "failed", summary: { create: 2 }, error: { title: "Boom", detail: "it broke" }, event: { type: "slipstream.failed", data: { id: c1 } } }, at(5));
        expect(event).toEqual({ operationId: c1, sequence: 2, time: at(5), type: "slipstream.failed", data: { id: c1 } });
        expect(await store.operations.get(c1)).toMatchObject({ status: "failed", summary: { create: 2 }, error: { title: "Boom", detail: "it broke" }, finishedAt: at(5), runner: "w1" });
        expect((await store.events.list(c1, 0, 10)).map((e) => e.type)).toEqual(["preludeEvent", "slipstream.failed"]);
      });

      it("refuses to finish an operation that is not running under the caller, and changes nothing", async () => {
        const c1 = await create("a");
        await expect(store.operations.finish(c1, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, NOW)).rejects.toEqual(conflict("lease-lost"));
        await store.operations.claimNext(lease("w1"), NOW, []);
        await expect(store.operations.finish(c1, "w2", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, NOW)).rejects.toEqual(conflict("lease-lost"));
        expect(await store.operations.get(c1)).toMatchObject({ status: "running" });
        await store.operations.finish(c1, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, NOW);
        await expect(store.operations.finish(c1, "w1", { status: "failed", event: { type: "slipstream.failed", data: {} } }, NOW)).rejects.toEqual(conflict("lease-lost"));
        expect(await store.operations.get(c1)).toMatchObject({ status: "succeeded" });
        expect((await store.events.list(c1, 0, 10)).map((e) => e.type)).toEqual(["slipstream.succeeded"]);
      });

      it("keeps a deployment destroying while a change queued before the destroy ends", async () => {
        await run(await create("a"), "succeeded");
        const u1 = await enqueue("a", "update", second);
        const claimed = await store.operations.claimNext(lease("w1"), NOW, []);
        expect(claimed?.id).toBe(u1);
        await enqueue("a", "destroy");
        await store.operations.finish(u1, "w1", { status: "failed", event: { type: "slipstream.failed", data: {} } }, NOW);
        expect(await store.deployments.get("a")).toMatchObject({ status: "destroying", statusBeforeDestroy: "failed" });
      });

      it("marks a deployment destroyed when its destroy succeeds, and destroy_failed with the error when it fails", async () => {
        await run(await create("a"), "succeeded", { url: "x" });
        const d1 = await enqueue("a", "destroy");
        expect(await store.operations.claimNext(lease("w1"), NOW, [])).toMatchObject({ id: d1 });
        await store.operations.finish(d1, "w1", { status: "failed", error: { title: "Destroy failed", detail: "bucket not empty" }, event: { type: "slipstream.failed", data: {} } }, at(7));
        expect(await store.deployments.get("a")).toMatchObject({
          status: "destroy_failed",
          statusBeforeDestroy: null,
          outputs: { url: "x" },
          lastError: { title: "Destroy failed", detail: "bucket not empty", operationId: d1, at: at(7) },
        });
        // Still live: listed (also by its status), and a retried destroy is admitted.
        expect((await store.deployments.list({ limit: 10 })).map((d) => d.name)).toEqual(["a"]);
        expect((await store.deployments.list({ limit: 10, status: "destroy_failed" })).map((d) => d.name)).toEqual(["a"]);
        await run(await enqueue("a", "destroy"), "succeeded");
        expect(await store.deployments.get("a")).toMatchObject({ status: "destroyed", outputs: {} });
      });
    });

    describe("cancelling", () => {
      it("cancels a queued operation outright with its event; a cancelled destroy gives the deployment back its status", async () => {
        await run(await create("a"), "succeeded");
        const d1 = await enqueue("a", "destroy");
        const cancelled = await store.operations.requestCancel(d1, at(3));
        expect(cancelled).toMatchObject({ id: d1, status: "cancelled", cancelRequested: true, finishedAt: at(3) });
        expect(await store.deployments.get("a")).toMatchObject({ status: "active", statusBeforeDestroy: null });
        expect((await store.events.list(d1, 0, 10)).map((e) => e.type)).toEqual(["slipstream.cancelled"]);
        await expect(store.operations.requestCancel(d1, at(4))).rejects.toEqual(conflict("not-running"));
        await expect(store.operations.requestCancel(newId(), at(4))).rejects.toEqual(conflict("not-found"));
      });

      it("flags a running operation for its worker and leaves it running", async () => {
        const c1 = await create("a");
        await store.operations.claimNext(lease("w1"), NOW, []);
        expect(await store.operations.requestCancel(c1, NOW)).toMatchObject({ status: "running", cancelRequested: true });
        await store.operations.finish(c1, "w1", { status: "cancelled", event: { type: "slipstream.cancelled", data: {} } }, NOW);
        expect(await store.deployments.get("a")).toMatchObject({ status: "failed", runningOperation: null });
      });
    });

    describe("leases", () => {
      it("renews a lease only for its owner", async () => {
        const c1 = await create("a");
        await store.operations.claimNext(lease("w1", 30), NOW, []);
        await store.operations.renewLease(c1, lease("w1", 90));
        await expect(store.operations.renewLease(c1, lease("w2", 90))).rejects.toEqual(conflict("lease-lost"));
        // Renewed to 90: not recovered at 60.
        expect(await store.operations.recoverExpired(at(60), INTERRUPTED)).toEqual([]);
      });

      it("recovers only lapsed leases: the operation is interrupted with its event, the deployment flagged and its slot freed", async () => {
        const a1 = await create("a");
        const b1 = await create("b");
        const a2 = await enqueue("a", "update", second);
        await store.operations.claimNext(lease("dead", 30), NOW, []);
        await store.operations.claimNext(lease("live", 90), NOW, []);
        expect(await store.operations.recoverExpired(at(29), INTERRUPTED)).toEqual([]);
        const recovered = await store.operations.recoverExpired(at(31), INTERRUPTED);
        expect(recovered.map((o) => o.id)).toEqual([a1]);
        expect(recovered[0]).toMatchObject({ status: "interrupted", error: INTERRUPTED, finishedAt: at(31), runner: "dead" });
        expect(await store.operations.get(b1)).toMatchObject({ status: "running" });
        expect(await store.deployments.get("a")).toMatchObject({ needsRecovery: true, runningOperation: null, status: "failed" });
        expect((await store.events.list(a1, 0, 10)).map((e) => e.type)).toEqual(["slipstream.interrupted"]);
        // The dead instance, had it only stalled, can no longer finish what it lost.
        await expect(store.operations.finish(a1, "dead", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, at(32))).rejects.toEqual(conflict("lease-lost"));
        await expect(store.operations.renewLease(a1, lease("dead", 120))).rejects.toEqual(conflict("lease-lost"));
        // The deployment's next operation runs; the one after it clears the recovery flag.
        const next = await store.operations.claimNext(lease("live", 120), at(32), []);
        expect(next?.id).toBe(a2);
        await store.operations.finish(a2, "live", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, at(33));
        expect(await store.deployments.get("a")).toMatchObject({ needsRecovery: false, status: "active", request: second });
        expect(await store.operations.recoverExpired(at(100), INTERRUPTED)).toEqual([expect.objectContaining({ id: b1, status: "interrupted" })]);
      });
    });

    describe("events", () => {
      it("numbers an operation's events 1, 2, 3… and reads them after a sequence", async () => {
        const c1 = await create("a");
        const c2 = await create("b");
        for (let i = 0; i < 5; i++) await store.events.append(c1, "e", { i }, at(i));
        await store.events.append(c2, "other", null, NOW);
        expect((await store.events.list(c1, 0, 10)).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
        expect(await store.events.list(c1, 3, 1)).toEqual([{ operationId: c1, sequence: 4, time: at(3), type: "e", data: { i: 3 } }]);
        expect(await store.events.list(c2, 0, 10)).toEqual([{ operationId: c2, sequence: 1, time: NOW, type: "other", data: null }]);
      });

      it("gives concurrent appends distinct sequences", async () => {
        const c1 = await create("a");
        await Promise.all(Array.from({ length: 10 }, (_, i) => store.events.append(c1, "e", { i }, NOW)));
        const events = await store.events.list(c1, 0, 20);
        expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(new Set(events.map((e) => (e.data as { i: number }).i)).size).toBe(10);
      });
    });

    accessContract(() => store);
    versionsContract(() => store);
    webhooksContract(() => store);

    scheduleContract(() => store);

    describe("idempotency records", () => {
      const ilease = (owner: string, now: number, until: number) => ({ owner, now: at(now), expiresAt: at(until) });

      it("reserves a key once, replays it when completed, and lets only its owner complete or release it", async () => {
        const keys = store.idempotency;
        expect(await keys.reserve("k", "POST /x 1", ilease("A", 0, 60))).toEqual({ reserved: true });
        expect(await keys.reserve("k", "POST /x 1", ilease("B", 1, 61))).toMatchObject({ reserved: false, existing: { status: null, owner: "A" } });
        expect(await keys.complete("k", "B", { status: 202, body: "{}", expiresAt: at(100) })).toBe(false);
        await keys.release("k", "B");
        expect(await keys.complete("k", "A", { status: 202, body: "{}", expiresAt: at(100) })).toBe(true);
        expect(await keys.reserve("k", "POST /x 1", ilease("C", 2, 62))).toMatchObject({ reserved: false, existing: { fingerprint: "POST /x 1", status: 202, body: "{}" } });
        expect(await keys.reserve("j", "POST /x 2", ilease("D", 2, 62))).toEqual({ reserved: true });
        await keys.release("j", "D");
        expect(await keys.reserve("j", "POST /x 2", ilease("E", 3, 63))).toEqual({ reserved: true });
      });

      it("releases a key whose request never finished once its lease runs out", async () => {
        const keys = store.idempotency;
        await keys.reserve("k", "POST /x 1", ilease("dead", 0, 60));
        expect((await keys.reserve("k", "POST /x 1", ilease("B", 59, 119))).reserved).toBe(false);
        expect(await keys.reserve("k", "POST /x 1", ilease("B", 60, 120))).toEqual({ reserved: true, replaced: "unfinished" });
        expect(await keys.complete("k", "dead", { status: 202, body: "{}", expiresAt: at(200) })).toBe(false);
        expect(await keys.complete("k", "B", { status: 202, body: "{}", expiresAt: at(200) })).toBe(true);
      });

      it("forgets a completed response after its retention", async () => {
        const keys = store.idempotency;
        await keys.reserve("k", "POST /x 1", ilease("A", 0, 60));
        await keys.complete("k", "A", { status: 202, body: "{}", expiresAt: at(100) });
        expect((await keys.reserve("k", "POST /x 2", ilease("B", 99, 159))).reserved).toBe(false);
        expect(await keys.reserve("k", "POST /x 2", ilease("B", 100, 160))).toEqual({ reserved: true, replaced: "expired" });
      });

      it("prunes only keys whose lease or retention has passed, at most a batch at a time, and says how many it deleted", async () => {
        const keys = store.idempotency;
        for (const key of ["e1", "e2", "e3"]) await keys.reserve(key, "POST /x 1", ilease("A", 0, 60));
        await keys.reserve("done", "POST /x 1", ilease("A", 0, 60));
        await keys.complete("done", "A", { status: 202, body: "{}", expiresAt: at(90) });
        await keys.reserve("live", "POST /x 1", ilease("A", 0, 500));
        let pruned = 0;
        for (;;) {
          const batch = await keys.pruneExpired(at(100), 2);
          expect(batch).toBeGreaterThanOrEqual(0);
          expect(batch).toBeLessThanOrEqual(2);
          if (batch === 0) break;
          pruned += batch;
        }
        // A deleted key reserves as new; one left for the database's own expiry (DynamoDB's TTL) is taken over.
        const again = await Promise.all(["e1", "e2", "e3", "done"].map((key) => keys.reserve(key, "POST /x 2", ilease("B", 100, 160))));
        expect(again.every((r) => r.reserved)).toBe(true);
        expect(again.filter((r) => r.reserved && r.replaced === undefined)).toHaveLength(pruned);
        expect([0, 4]).toContain(pruned);
        expect(await keys.reserve("live", "POST /x 1", ilease("B", 100, 160))).toMatchObject({ reserved: false, existing: { owner: "A" } });
      });

      it("lets exactly one of several concurrent requests reserve a key", async () => {
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.idempotency.reserve("k", "POST /x 1", ilease(`o${i}`, 0, 60))));
        expect(results.filter((r) => r.reserved)).toHaveLength(1);
      });
    });
  });
}
