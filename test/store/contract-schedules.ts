import { describe, expect, it } from "vitest";
import type { Actor } from "../../api/domain/access";
import type { Deployment, DeploymentRequest, DriftChange, OperationKind } from "../../api/domain/model";
import { newId } from "../../api/store/ids";
import { StoreConflictError, type NewOperation, type Store } from "../../api/store/store";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const conflict = (reason: StoreConflictError["reason"]) => expect.objectContaining({ name: "StoreConflictError", reason });
const request: DeploymentRequest = { params: { v: 1 }, tags: { owner: "o", "cost-center": "c", environment: "dev" } };
const SCHEDULE: Actor = { tokenId: "drift-schedule", tokenName: "drift-schedule", team: "team-a", role: "deployer" };
const EXPIRY: Actor = { tokenId: "expiry", tokenName: "expiry", team: "team-a", role: "deployer" };
const queueChange: DriftChange = { urn: "urn:pulumi:s::p::aws:sqs/queue:Queue::q", type: "aws:sqs/queue:Queue", change: "update", properties: ["visibilityTimeoutSeconds"] };

const record = (name: string, team: string, second: number): Deployment => ({
  name,
  team,
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
  driftScheduleFrom: at(second),
  expiry: null,
  createdAt: at(second),
  updatedAt: at(second),
});

/**
 * The scheduled-work part of the store contract: the due lists (index reads in due order),
 * the conditional writes that act on them — two instances racing for the same due work end
 * with exactly one act and nothing half-written — the drift record a drift check's finish
 * leaves, the drifted list, and expiry. Called from storeContract with its fresh store.
 */
export function scheduleContract(current: () => Store): void {
  const store = () => current();

  /** Ends the operation `id` (it must be the next claimable) at `second`. */
  const run = async (id: string, second: number, outcome: { status: "succeeded" | "failed"; drift?: DriftChange[] } = { status: "succeeded" }) => {
    const claimed = await store().operations.claimNext({ owner: "w1", expiresAt: at(second + 600) }, at(second), []);
    expect(claimed?.id).toBe(id);
    const error = outcome.status === "failed" ? { title: "Destroy failed", detail: "bucket not empty" } : null;
    return store().operations.finish(id, "w1", { status: outcome.status, error, ...(outcome.drift ? { drift: outcome.drift } : {}), event: { type: `slipstream.${outcome.status}`, data: {} } }, at(second));
  };
  /** A deployment whose create succeeded at `second` (its drift schedule starts then). */
  const deployed = async (name: string, second: number, team = "team-a") => {
    const id = newId();
    await store().deployments.create(record(name, team, second), { id, deployment: name, kind: "create", request, requestedBy: SCHEDULE });
    await run(id, second);
  };
  const enqueue = async (name: string, kind: Exclude<OperationKind, "create">, second: number) => {
    const id = newId();
    await store().operations.enqueue({ id, deployment: name, kind, request, requestedBy: SCHEDULE }, at(second));
    return id;
  };
  const driftCheck = (name: string): NewOperation => ({ id: newId(), deployment: name, kind: "drift-check", request, requestedBy: SCHEDULE });
  const expiryDestroy = (name: string): NewOperation => ({ id: newId(), deployment: name, kind: "destroy", request, requestedBy: EXPIRY });
  const kinds = async (name: string) => (await store().operations.listByDeployment(name, 20)).map((o) => o.kind);

  describe("notifications for the team's webhooks", () => {
    const outbox = async (kind: string) => (await store().notifications.listUndispatched(500)).filter((n) => n.kind === kind);

    it("writes drift.found with the check that records new or changed drift, not again for the same drift", async () => {
      await deployed("a", 1);
      await run(await enqueue("a", "drift-check", 2), 3, { status: "succeeded", drift: [queueChange] });
      expect(await outbox("drift.found")).toEqual([
        expect.objectContaining({ kind: "drift.found", team: "team-a", deployment: "a", time: at(3), data: { drift: expect.objectContaining({ changes: [queueChange] }) as object } }),
      ]);
      // The same drift found again: nothing new to tell.
      await run(await enqueue("a", "drift-check", 4), 5, { status: "succeeded", drift: [queueChange] });
      expect(await outbox("drift.found")).toHaveLength(1);
      // Different drift: told again. A clean check tells nothing.
      const gone: DriftChange = { ...queueChange, change: "delete", properties: [] };
      await run(await enqueue("a", "drift-check", 6), 7, { status: "succeeded", drift: [gone] });
      await run(await enqueue("a", "drift-check", 8), 9, { status: "succeeded", drift: [] });
      expect((await outbox("drift.found")).map((n) => (n.data["drift"] as { changes: DriftChange[] }).changes)).toEqual([[queueChange], [gone]]);
    });

    it("writes expiry.reminder with the reminder mark, once of two concurrent reminders", async () => {
      await deployed("a", 1);
      await store().deployments.setExpiry("a", at(300), at(2));
      await Promise.all([store().schedules.remind("a", at(400), at(250)), store().schedules.remind("a", at(400), at(250))]);
      expect(await outbox("expiry.reminder")).toEqual([expect.objectContaining({ kind: "expiry.reminder", team: "team-a", deployment: "a", time: at(250), data: { expiresAt: at(300) } })]);
    });
  });

  describe("drift records", () => {
    it("records a drift check's findings with a slipstream.drift event before its last, and clears them when a later check finds none", async () => {
      await deployed("a", 1);
      const check = await enqueue("a", "drift-check", 2);
      const last = await run(check, 3, { status: "succeeded", drift: [queueChange] });
      expect(await store().deployments.get("a")).toMatchObject({ status: "active", drift: { operationId: check, foundAt: at(3), changes: [queueChange] } });
      const events = await store().events.list(check, 0, 10);
      expect(events.map((e) => [e.sequence, e.type])).toEqual([
        [1, "slipstream.drift"],
        [2, "slipstream.succeeded"],
      ]);
      expect(events[0]!.data).toEqual({ drifted: true, drift: { operationId: check, foundAt: at(3), changes: [queueChange] } });
      expect(last.sequence).toBe(2);
      const clean = await enqueue("a", "drift-check", 4);
      await run(clean, 5, { status: "succeeded", drift: [] });
      expect((await store().deployments.get("a"))?.drift).toBeNull();
      expect((await store().events.list(clean, 0, 10)).map((e) => [e.type, e.data])).toEqual([
        ["slipstream.drift", { drifted: false, drift: null }],
        ["slipstream.succeeded", {}],
      ]);
    });

    it("lists drifted deployments only, by name, with a cursor and within a team", async () => {
      for (const [name, team] of [["a", "team-a"], ["b", "team-a"], ["c", "team-b"], ["d", "team-a"], ["e", "team-a"]] as const) await deployed(name, 1, team);
      for (const name of ["a", "c", "d", "e"]) await run(await enqueue(name, "drift-check", 2), 3, { status: "succeeded", drift: [queueChange] });
      // e's update reconciled the stack: no longer drifted.
      await run(await enqueue("e", "update", 4), 5);
      const names = async (filter: Parameters<Store["deployments"]["list"]>[0]) => (await store().deployments.list(filter)).map((d) => d.name);
      expect(await names({ drifted: true, limit: 10 })).toEqual(["a", "c", "d"]);
      expect(await names({ drifted: true, limit: 2 })).toEqual(["a", "c"]);
      expect(await names({ drifted: true, limit: 2, after: "c" })).toEqual(["d"]);
      expect(await names({ drifted: true, team: "team-a", limit: 10 })).toEqual(["a", "d"]);
      expect(await names({ drifted: true, team: "team-a", limit: 1, after: "a" })).toEqual(["d"]);
      expect(await names({ drifted: false, limit: 10 })).toEqual(["a", "b", "c", "d", "e"]);
      // A destroyed deployment is in no list.
      await run(await enqueue("a", "destroy", 6), 7);
      expect(await names({ drifted: true, limit: 10 })).toEqual(["c", "d"]);
    });
  });

  describe("scheduled drift checks", () => {
    it("finds deployed deployments whose drift schedule started by the cutoff, longest waiting first", async () => {
      await deployed("late", 20);
      await deployed("early", 10);
      await deployed("leaving", 5);
      await enqueue("leaving", "destroy", 6);
      await store().deployments.create(record("pending", "team-a", 5), { id: newId(), deployment: "pending", kind: "create", request, requestedBy: SCHEDULE });
      expect(await store().schedules.driftChecksDue(at(9), 10)).toEqual([]);
      expect(await store().schedules.driftChecksDue(at(10), 10)).toEqual(["early"]);
      expect(await store().schedules.driftChecksDue(at(30), 10)).toEqual(["early", "late"]);
      expect(await store().schedules.driftChecksDue(at(30), 1)).toEqual(["early"]);
    });

    it("queues the check and moves the schedule in one write: of two concurrent claimers exactly one queues it", async () => {
      await deployed("a", 1);
      const claims = await Promise.all([store().schedules.queueDriftCheck(driftCheck("a"), at(50), at(100)), store().schedules.queueDriftCheck(driftCheck("a"), at(50), at(100))]);
      const queued = claims.filter((c) => c !== undefined);
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ kind: "drift-check", status: "queued", requestedBy: SCHEDULE, createdAt: at(100) });
      expect(await kinds("a")).toEqual(["drift-check", "create"]);
      expect(await store().deployments.get("a")).toMatchObject({ driftScheduleFrom: at(100), status: "active" });
      expect(await store().schedules.driftChecksDue(at(99), 10)).toEqual([]);
      // Due again one interval later; a deployment busy with the first check gets the next behind it.
      expect(await store().schedules.queueDriftCheck(driftCheck("a"), at(100), at(150))).toMatchObject({ status: "queued" });
      expect(await kinds("a")).toEqual(["drift-check", "drift-check", "create"]);
    });

    it("queues nothing for a deployment no longer due", async () => {
      await deployed("a", 1);
      // An on-demand check restarted the schedule.
      await enqueue("a", "drift-check", 60);
      expect(await store().schedules.queueDriftCheck(driftCheck("a"), at(50), at(100))).toBeUndefined();
      expect(await kinds("a")).toEqual(["drift-check", "create"]);
      expect(await store().schedules.queueDriftCheck(driftCheck("missing"), at(50), at(100))).toBeUndefined();
    });
  });

  describe("expiry", () => {
    it("sets, re-arms and clears an expiry, and refuses one on a deployment being destroyed", async () => {
      await deployed("a", 1);
      expect(await store().deployments.setExpiry("a", at(300), at(2))).toMatchObject({ expiry: { at: at(300), remindedAt: null, destroyQueuedAt: null } });
      expect(await store().deployments.get("a")).toMatchObject({ expiry: { at: at(300) } });
      await store().deployments.setExpiry("a", null, at(3));
      expect((await store().deployments.get("a"))?.expiry).toBeNull();
      expect(await store().schedules.remindersDue(at(1000), 10)).toEqual([]);
      await expect(store().deployments.setExpiry("missing", at(300), at(3))).rejects.toEqual(conflict("not-found"));
      await enqueue("a", "destroy", 4);
      await expect(store().deployments.setExpiry("a", at(300), at(5))).rejects.toEqual(conflict("not-allowed"));
    });

    it("records a reminder once, soonest expiry first; two concurrent reminders write one; a new expiry re-arms it", async () => {
      await deployed("a", 1);
      await deployed("b", 1);
      await store().deployments.setExpiry("a", at(300), at(2));
      await store().deployments.setExpiry("b", at(200), at(2));
      expect(await store().schedules.remindersDue(at(199), 10)).toEqual([]);
      expect(await store().schedules.remindersDue(at(400), 10)).toEqual(["b", "a"]);
      const reminders = await Promise.all([store().schedules.remind("a", at(400), at(250)), store().schedules.remind("a", at(400), at(250))]);
      expect(reminders.filter((r) => r !== undefined)).toEqual([expect.objectContaining({ name: "a", expiry: { at: at(300), remindedAt: at(250), destroyQueuedAt: null } })]);
      expect(await store().deployments.get("a")).toMatchObject({ expiry: { remindedAt: at(250) } });
      expect(await store().schedules.remindersDue(at(400), 10)).toEqual(["b"]);
      expect(await store().schedules.remind("a", at(400), at(260))).toBeUndefined();
      // Not due yet at that lead: nothing written.
      expect(await store().schedules.remind("b", at(100), at(50))).toBeUndefined();
      // Extended after its reminder: reminded again, before the new time.
      await store().deployments.setExpiry("a", at(900), at(270));
      expect(await store().deployments.get("a")).toMatchObject({ expiry: { at: at(900), remindedAt: null } });
      expect(await store().schedules.remindersDue(at(899), 10)).toEqual(["b"]);
      expect(await store().schedules.remindersDue(at(900), 10)).toEqual(["b", "a"]);
    });

    it("queues the expiry's destroy once, by the expiry actor; a failed destroy leaves destroy_failed, listed, never queued again", async () => {
      await deployed("a", 1);
      await deployed("b", 1);
      await store().deployments.setExpiry("a", at(100), at(2));
      await store().deployments.setExpiry("b", at(500), at(2));
      expect(await store().schedules.expiriesDue(at(99), 10)).toEqual([]);
      expect(await store().schedules.expiriesDue(at(100), 10)).toEqual(["a"]);
      const claims = await Promise.all([store().schedules.expire(expiryDestroy("a"), at(100)), store().schedules.expire(expiryDestroy("a"), at(100))]);
      const queued = claims.filter((c) => c !== undefined);
      expect(queued).toEqual([expect.objectContaining({ kind: "destroy", status: "queued", requestedBy: EXPIRY })]);
      expect(await kinds("a")).toEqual(["destroy", "create"]);
      expect(await store().deployments.get("a")).toMatchObject({ status: "destroying", statusBeforeDestroy: "active", expiry: { at: at(100), destroyQueuedAt: at(100) } });
      expect(await store().schedules.expiriesDue(at(1000), 10)).toEqual(["b"]);
      await run(queued[0]!.id, 110, { status: "failed" });
      expect(await store().deployments.get("a")).toMatchObject({ status: "destroy_failed", lastError: { title: "Destroy failed", operationId: queued[0]!.id, at: at(110) } });
      // Never re-queued by the expiry, never reminded after it acted, still listed.
      expect(await store().schedules.expiriesDue(at(1000), 10)).toEqual(["b"]);
      expect(await store().schedules.expire(expiryDestroy("a"), at(1000))).toBeUndefined();
      expect(await store().schedules.remindersDue(at(1000), 10)).toEqual(["b"]);
      expect((await store().deployments.list({ status: "destroy_failed", limit: 10 })).map((d) => d.name)).toEqual(["a"]);
      expect(await kinds("a")).toEqual(["destroy", "create"]);
      // Its owner may set a new expiry: it acts again then.
      await store().deployments.setExpiry("a", at(2000), at(1001));
      expect(await store().schedules.expiriesDue(at(2000), 10)).toEqual(["b", "a"]);
    });

    it("queues an expiring pending deployment's destroy behind its create", async () => {
      const create = newId();
      await store().deployments.create({ ...record("a", "team-a", 1), expiry: { at: at(10), remindedAt: null, destroyQueuedAt: null } }, { id: create, deployment: "a", kind: "create", request, requestedBy: SCHEDULE });
      const destroy = await store().schedules.expire(expiryDestroy("a"), at(10));
      expect(destroy).toBeDefined();
      expect((await store().operations.claimNext({ owner: "w1", expiresAt: at(600) }, at(11), []))?.id).toBe(create);
    });
  });
}
