import { describe, expect, expectTypeOf, it } from "vitest";
import type { Actor } from "../../api/domain/access";
import type { Deployment, DeploymentRequest } from "../../api/domain/model";
import type { Notification } from "../../api/domain/notifications";
import type { Delivery, NewWebhook, Webhook } from "../../api/domain/webhooks";
import { newId } from "../../api/store/ids";
import { StoreConflictError, type Lease, type Store } from "../../api/store/store";
import { deliveryId } from "../../api/webhooks/delivery-id";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const conflict = (reason: StoreConflictError["reason"]) => expect.objectContaining({ name: "StoreConflictError", reason });
const request: DeploymentRequest = { params: { v: 1 }, tags: { owner: "o", "cost-center": "c", environment: "dev" } };
const requester: Actor = { tokenId: "0190a000-0000-7000-8000-00000000b001", tokenName: "ci", team: "hooks", role: "deployer" };
const lease = (owner: string, until: number): Lease => ({ owner, expiresAt: at(until) });

const deployment = (name: string, team: string): Deployment => ({
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
  driftScheduleFrom: at(0),
  expiry: null,
  createdAt: at(0),
  updatedAt: at(0),
});

export const newWebhook = (team: string, overrides: Partial<NewWebhook> = {}): NewWebhook => ({
  id: newId(),
  team,
  url: "https://hooks.example/slipstream",
  kinds: ["operation.succeeded", "operation.failed"],
  createdAt: at(0),
  createdBy: "bootstrap",
  secret: `whsec_${newId()}`,
  ...overrides,
});

const notification = (team: string, overrides: Partial<Notification> = {}): Notification => ({ id: newId(), kind: "drift.found", team, deployment: "d", time: at(1), data: { drift: { changed: 1 } }, ...overrides });

const pendingDelivery = (webhook: string, team: string, due = 0): Delivery => {
  const eventId = newId();
  return {
    id: deliveryId(eventId, webhook),
    webhook,
    team,
    event: { id: eventId, kind: "operation.succeeded", time: at(0), team, deployment: "d", data: { operation: { id: "x" } } },
    status: "pending",
    attempts: [],
    nextAttemptAt: at(due),
    createdAt: at(0),
    finishedAt: null,
  };
};

/**
 * The webhook part of the store contract: the outbox that operation ends write to in their
 * own write, subscriptions (whose secret only the deliverer reads), and deliveries claimed
 * under leases. Called from storeContract, so it runs on every backend.
 */
export function webhooksContract(current: () => Store): void {
  const store = () => current();

  /** A deployment of team `hooks` with its create operation claimed by `w1` until second 30. */
  const running = async (name: string) => {
    const id = newId();
    await store().deployments.create(deployment(name, "hooks"), { id, deployment: name, kind: "create", request, requestedBy: requester });
    expect((await store().operations.claimNext(lease("w1", 30), at(1), []))?.id).toBe(id);
    return id;
  };

  describe("the notifications outbox", () => {
    it("finishing an operation writes its operation.* notification in the same write, for the deployment's team", async () => {
      const op = await running("a");
      await store().operations.finish(op, "w1", { status: "succeeded", summary: { create: 2 }, event: { type: "slipstream.succeeded", data: {} } }, at(5));
      const [sent, ...others] = await store().notifications.listUndispatched(10);
      expect(others).toEqual([]);
      expect(sent).toEqual({
        id: expect.any(String),
        kind: "operation.succeeded",
        team: "hooks",
        deployment: "a",
        time: at(5),
        data: { operation: { id: op, kind: "create", status: "succeeded", error: null, summary: { create: 2 } } },
      });
      expect(await store().notifications.get(sent!.id)).toEqual({ notification: sent, dispatchedAt: null });
    });

    it("says operation.failed for a failure and an interruption, operation.cancelled for a cancel before start", async () => {
      const failed = await running("a");
      await store().operations.finish(failed, "w1", { status: "failed", error: { title: "Boom", detail: "no" }, event: { type: "slipstream.failed", data: {} } }, at(2));
      const interrupted = await running("b");
      await store().operations.recoverExpired(at(31), { title: "Interrupted", detail: "silent" });
      const queued = newId();
      await store().deployments.create(deployment("c", "hooks"), { id: queued, deployment: "c", kind: "create", request, requestedBy: requester });
      await store().operations.requestCancel(queued, at(40));
      const sent = await store().notifications.listUndispatched(10);
      expect(sent.map((n) => [n.kind, (n.data["operation"] as { id: string; status: string }).id, (n.data["operation"] as { status: string }).status])).toEqual([
        ["operation.failed", failed, "failed"],
        ["operation.failed", interrupted, "interrupted"],
        ["operation.cancelled", queued, "cancelled"],
      ]);
      expect(sent[1]!.data["operation"]).toMatchObject({ error: { title: "Interrupted", detail: "silent" } });
    });

    it("a finish that loses its race writes no notification; only an end notifies", async () => {
      const op = await running("a");
      // A cancel request on a running operation is not its end.
      await store().operations.requestCancel(op, at(2));
      await expect(store().operations.finish(op, "w2", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, at(3))).rejects.toEqual(conflict("lease-lost"));
      expect(await store().notifications.listUndispatched(10)).toEqual([]);
      await store().operations.finish(op, "w1", { status: "cancelled", event: { type: "slipstream.cancelled", data: {} } }, at(4));
      await expect(store().operations.finish(op, "w1", { status: "failed", event: { type: "slipstream.failed", data: {} } }, at(5))).rejects.toEqual(conflict("lease-lost"));
      expect((await store().notifications.listUndispatched(10)).map((n) => n.kind)).toEqual(["operation.cancelled"]);
    });

    it("appends a notification on its own, lists the undispatched oldest first, and lets one dispatcher mark each", async () => {
      const first = notification("hooks");
      const second = notification("other", { kind: "expiry.reminder", data: { expiresAt: at(60) } });
      await store().notifications.append(first);
      await store().notifications.append(second);
      await expect(store().notifications.append(first)).rejects.toEqual(conflict("exists"));
      expect(await store().notifications.listUndispatched(10)).toEqual([first, second]);
      expect(await store().notifications.listUndispatched(1)).toEqual([first]);
      const marks = await Promise.allSettled([1, 2, 3].map(() => store().notifications.markDispatched(first.id, at(9))));
      expect(marks.filter((m) => m.status === "fulfilled")).toHaveLength(1);
      expect(marks.filter((m) => m.status === "rejected").map((m) => (m as PromiseRejectedResult).reason)).toEqual([conflict("not-queued"), conflict("not-queued")]);
      expect(await store().notifications.get(first.id)).toEqual({ notification: first, dispatchedAt: at(9) });
      expect(await store().notifications.listUndispatched(10)).toEqual([second]);
      await expect(store().notifications.markDispatched(newId(), at(9))).rejects.toEqual(conflict("not-found"));
    });
  });

  describe("webhook subscriptions", () => {
    it("keeps the secret out of every read but signingSecret", async () => {
      expectTypeOf<keyof Webhook>().toEqualTypeOf<"id" | "team" | "url" | "kinds" | "createdAt" | "createdBy">();
      const hook = newWebhook("hooks");
      await store().webhooks.create(hook);
      const { secret, ...view } = hook;
      const read = await store().webhooks.get("hooks", hook.id);
      expect(read).toEqual(view);
      expect(Object.keys(read!).sort()).toEqual(Object.keys(view).sort());
      expect(await store().webhooks.list("hooks", undefined, 10)).toEqual([view]);
      expect(JSON.stringify(await store().webhooks.list("hooks", undefined, 10))).not.toContain(secret);
      expect(await store().webhooks.signingSecret("hooks", hook.id)).toBe(secret);
      await expect(store().webhooks.create(hook)).rejects.toEqual(conflict("exists"));
    });

    it("lists a team's webhooks by id with a cursor, and no other team's", async () => {
      const hooks = [newWebhook("hooks"), newWebhook("hooks"), newWebhook("hooks")];
      for (const hook of [...hooks].reverse()) await store().webhooks.create(hook);
      await store().webhooks.create(newWebhook("other"));
      const ids = async (after: string | undefined, limit: number) => (await store().webhooks.list("hooks", after, limit)).map((w) => w.id);
      expect(await ids(undefined, 10)).toEqual(hooks.map((h) => h.id));
      expect(await ids(undefined, 2)).toEqual([hooks[0]!.id, hooks[1]!.id]);
      expect(await ids(hooks[1]!.id, 2)).toEqual([hooks[2]!.id]);
      expect(await store().webhooks.get("other", hooks[0]!.id)).toBeUndefined();
      expect(await store().webhooks.signingSecret("other", hooks[0]!.id)).toBeUndefined();
    });

    it("deletes a team's webhook once; another team's is not found", async () => {
      const hook = newWebhook("hooks");
      await store().webhooks.create(hook);
      await expect(store().webhooks.delete("other", hook.id)).rejects.toEqual(conflict("not-found"));
      expect(await store().webhooks.delete("hooks", hook.id)).toMatchObject({ id: hook.id, url: hook.url });
      await expect(store().webhooks.delete("hooks", hook.id)).rejects.toEqual(conflict("not-found"));
      expect(await store().webhooks.get("hooks", hook.id)).toBeUndefined();
      expect(await store().webhooks.signingSecret("hooks", hook.id)).toBeUndefined();
    });
  });

  describe("deliveries", () => {
    const hook = "0190a000-0000-7000-8000-0000000000c1";
    const attempt = (second: number, status: number | null) => ({ time: at(second), status, error: status !== null && status < 300 ? null : "failed", durationMs: 12 });

    it("creates a delivery once: a second dispatch of the same event finds it", async () => {
      const d = pendingDelivery(hook, "hooks");
      expect(await store().deliveries.create(d)).toBe(true);
      expect(await store().deliveries.create({ ...d, createdAt: at(9) })).toBe(false);
      expect(await store().deliveries.get(hook, d.id)).toEqual(d);
    });

    it("hands a due delivery to one of several claimers", async () => {
      const d = pendingDelivery(hook, "hooks");
      await store().deliveries.create(d);
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store().deliveries.claimDue(lease(`i${i}`, 30), at(1))));
      expect(claims.filter((c) => c !== undefined).map((c) => c.id)).toEqual([d.id]);
      expect(await store().deliveries.claimDue(lease("late", 30), at(2))).toBeUndefined();
    });

    it("claims nothing before it is due; a lapsed lease makes it claimable again, and its old holder cannot record", async () => {
      const d = pendingDelivery(hook, "hooks", 10);
      await store().deliveries.create(d);
      expect(await store().deliveries.claimDue(lease("a", 40), at(9))).toBeUndefined();
      expect((await store().deliveries.claimDue(lease("a", 40), at(10)))?.id).toBe(d.id);
      expect(await store().deliveries.claimDue(lease("b", 80), at(39))).toBeUndefined();
      expect((await store().deliveries.claimDue(lease("b", 80), at(40)))?.id).toBe(d.id);
      await expect(store().deliveries.recordAttempt(hook, d.id, "a", attempt(41, 200), { status: "succeeded" })).rejects.toEqual(conflict("lease-lost"));
      expect(await store().deliveries.get(hook, d.id)).toMatchObject({ status: "pending", attempts: [] });
      expect(await store().deliveries.recordAttempt(hook, d.id, "b", attempt(42, 200), { status: "succeeded" })).toMatchObject({ status: "succeeded", attempts: [attempt(42, 200)], nextAttemptAt: null, finishedAt: at(42) });
    });

    it("records each attempt with the next state in one write: retry when due, then fail after the last", async () => {
      const d = pendingDelivery(hook, "hooks");
      await store().deliveries.create(d);
      await store().deliveries.claimDue(lease("a", 30), at(1));
      const retry = await store().deliveries.recordAttempt(hook, d.id, "a", attempt(2, 500), { status: "pending", nextAttemptAt: at(20) });
      expect(retry).toMatchObject({ status: "pending", attempts: [attempt(2, 500)], nextAttemptAt: at(20), finishedAt: null });
      // The lease is released with the record: due again at its retry time, not at the lease's end.
      expect(await store().deliveries.claimDue(lease("b", 60), at(19))).toBeUndefined();
      expect((await store().deliveries.claimDue(lease("b", 60), at(20)))?.attempts).toEqual([attempt(2, 500)]);
      const failed = await store().deliveries.recordAttempt(hook, d.id, "b", attempt(21, null), { status: "failed" });
      expect(failed).toMatchObject({ status: "failed", attempts: [attempt(2, 500), attempt(21, null)], nextAttemptAt: null, finishedAt: at(21) });
      expect(await store().deliveries.claimDue(lease("c", 90), at(80))).toBeUndefined();
      await expect(store().deliveries.recordAttempt(hook, d.id, "b", attempt(22, 200), { status: "succeeded" })).rejects.toEqual(conflict("lease-lost"));
      expect(await store().deliveries.get(hook, d.id)).toEqual(failed);
    });

    it("lists a webhook's deliveries newest first with a cursor, each with its attempts", async () => {
      const ds = [pendingDelivery(hook, "hooks"), pendingDelivery(hook, "hooks"), pendingDelivery(hook, "hooks")];
      for (const d of ds) await store().deliveries.create(d);
      await store().deliveries.create(pendingDelivery("0190a000-0000-7000-8000-0000000000c2", "hooks"));
      const newest = [...ds].sort((a, b) => (a.id < b.id ? 1 : -1));
      expect((await store().deliveries.listByWebhook(hook, undefined, 10)).map((d) => d.id)).toEqual(newest.map((d) => d.id));
      expect((await store().deliveries.listByWebhook(hook, undefined, 2)).map((d) => d.id)).toEqual(newest.slice(0, 2).map((d) => d.id));
      expect((await store().deliveries.listByWebhook(hook, newest[1]!.id, 2)).map((d) => d.id)).toEqual([newest[2]!.id]);
      expect(await store().deliveries.listByWebhook(newId(), undefined, 10)).toEqual([]);
    });
  });
}
