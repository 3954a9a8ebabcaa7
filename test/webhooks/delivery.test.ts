import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "../../api/domain/access";
import type { Deployment, DeploymentRequest } from "../../api/domain/model";
import type { NewWebhook } from "../../api/domain/webhooks";
import { EventBus } from "../../api/operations/event-bus";
import { OperationWorker } from "../../api/operations/worker";
import { newId } from "../../api/store/ids";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import { NotificationDispatcher } from "../../api/webhooks/dispatcher";
import { newSigningSecret } from "../../api/webhooks/signing-secret";
import { WebhookRunner } from "../../api/webhooks/webhook-runner";
import { ScriptedEngine } from "../api/support/scripted-engine";
import { waitFor } from "../support/wait-for";
import { startReceiver, verifySignature } from "./receiver";

const log = pino({ level: "silent" });
const request: DeploymentRequest = { params: {}, tags: { owner: "platform", "cost-center": "cc-1", environment: "dev" } };
const requester: Actor = { tokenId: "anonymous", tokenName: "anonymous", team: null, role: "service-admin" };
/** Fast retries so that three attempts take milliseconds; the attempts still follow the backoff. */
const FAST = { attempts: 3, retryBaseMs: 20, timeoutMs: 10_000, pollIntervalMs: 20 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function storeFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-webhooks-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "s.db");
}

function openStore(file: string): SqliteStore {
  const store = new SqliteStore(file);
  cleanups.push(() => store.close());
  return store;
}

/** The real worker with a scripted engine: operations queued in the store run and end as they would in the service. */
function startWorker(store: SqliteStore, engine = new ScriptedEngine()) {
  const worker = new OperationWorker(store, engine, new EventBus(), { concurrency: 2, pollIntervalMs: 20, leaseMs: 30_000 }, log);
  cleanups.push(async () => {
    await worker.stop();
  });
  return worker.start();
}

function startRunner(store: SqliteStore, instanceId: string, options: Partial<typeof FAST> = {}) {
  const runner = new WebhookRunner(store, { ...FAST, ...options, instanceId }, log);
  runner.start();
  cleanups.push(() => runner.stop());
  return runner;
}

async function subscribe(store: SqliteStore, url: string, kinds: NewWebhook["kinds"] = ["operation.succeeded", "operation.failed"], secret = newSigningSecret()): Promise<NewWebhook> {
  const webhook: NewWebhook = { id: newId(), team: "default", url, kinds, createdAt: new Date().toISOString(), createdBy: "anonymous", secret };
  await store.webhooks.create(webhook);
  return webhook;
}

/** Queues a deployment's create; the worker runs it. Returns the operation's id. */
async function createDeployment(store: SqliteStore, name: string): Promise<string> {
  const now = new Date().toISOString();
  const deployment: Deployment = { name, team: "default", blueprint: "dynamodb-search", region: "us-east-1", request, blueprintVersion: "1.0.0", appliedOperation: null, status: "pending", outputs: {}, needsRecovery: false, runningOperation: null, statusBeforeDestroy: null, lastError: null, drift: null, driftScheduleFrom: now, expiry: null, createdAt: now, updatedAt: now };
  const id = newId();
  await store.deployments.create(deployment, { id, deployment: name, kind: "create", request, requestedBy: requester });
  return id;
}

const ended = (store: SqliteStore, webhook: string) => async () => {
  const [delivery] = await store.deliveries.listByWebhook(webhook, undefined, 1);
  return delivery !== undefined && delivery.status !== "pending" && delivery;
};

describe("webhook delivery", () => {
  it("signs every attempt so the receiver verifies it, retries a receiver that fails twice and delivers on the third try, and logs every attempt", async () => {
    const store = openStore(storeFile());
    const secret = newSigningSecret();
    const receiver = await startReceiver(secret, (n) => (n <= 2 ? 500 : 204));
    cleanups.push(() => receiver.close());
    const webhook = await subscribe(store, receiver.url, undefined, secret);
    const operation = await createDeployment(store, "orders");
    await startWorker(store);
    startRunner(store, "instance-a");

    const delivery = await waitFor("the delivery to end", ended(store, webhook.id));
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attempts.map((a) => [a.status, a.error])).toEqual([
      [500, "HTTP 500"],
      [500, "HTTP 500"],
      [204, null],
    ]);
    expect(delivery.attempts.every((a, i) => a.durationMs >= 0 && (i === 0 || a.time >= delivery.attempts[i - 1]!.time))).toBe(true);

    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[0]).toEqual({
      id: delivery.event.id,
      kind: "operation.succeeded",
      time: delivery.event.time,
      team: "default",
      deployment: "orders",
      data: { operation: { id: operation, kind: "create", status: "succeeded", error: null, summary: { create: 2 } } },
    });
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    for (const { headers } of receiver.received) {
      expect(headers).toMatchObject({ "content-type": "application/json", "slipstream-event-id": delivery.event.id, "slipstream-event-kind": "operation.succeeded", "slipstream-delivery-id": delivery.id });
      expect(headers["slipstream-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    }
    expect((await store.notifications.get(delivery.event.id))?.dispatchedAt).not.toBeNull();
  });

  it("a receiver holding the wrong secret fails verification of every attempt, and the delivery fails after the last", async () => {
    const store = openStore(storeFile());
    const receiver = await startReceiver(newSigningSecret());
    cleanups.push(() => receiver.close());
    const webhook = await subscribe(store, receiver.url);
    await createDeployment(store, "orders");
    await startWorker(store);
    startRunner(store, "instance-a");

    const delivery = await waitFor("the delivery to end", ended(store, webhook.id));
    expect(delivery).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(delivery.attempts.map((a) => [a.status, a.error])).toEqual([
      [401, "HTTP 401"],
      [401, "HTTP 401"],
      [401, "HTTP 401"],
    ]);
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.some((r) => r.verified)).toBe(false);
    // The signatures were right, for the right secret.
    expect(receiver.received.every((r) => verifySignature(webhook.secret, r.headers["slipstream-signature"] as string, r.body))).toBe(true);
  });

  it("sends only the kinds subscribed to: a failure reaches a webhook of failures, not one of successes", async () => {
    const store = openStore(storeFile());
    const receiver = await startReceiver("unused");
    cleanups.push(() => receiver.close());
    const failures = await subscribe(store, receiver.url, ["operation.failed"]);
    const successes = await subscribe(store, receiver.url, ["operation.succeeded"]);
    const engine = new ScriptedEngine();
    engine.failKinds.add("create");
    await createDeployment(store, "orders");
    await startWorker(store, engine);
    startRunner(store, "instance-a");
    const delivery = await waitFor("the failure's delivery to end", ended(store, failures.id));
    expect(delivery.event).toMatchObject({ kind: "operation.failed", data: { operation: { status: "failed", error: { title: "create failed", detail: "provider said no" } } } });
    await waitFor("the outbox to drain", async () => (await store.notifications.listUndispatched(10)).length === 0);
    expect(await store.deliveries.listByWebhook(successes.id, undefined, 10)).toEqual([]);
  });

  it("two instances on one store attempt each delivery once", async () => {
    const file = storeFile();
    const store = openStore(file);
    const secret = newSigningSecret();
    const verified = await startReceiver(secret);
    cleanups.push(() => verified.close());
    const webhook = await subscribe(store, verified.url, undefined, secret);
    for (const name of ["a-one", "a-two", "a-three", "a-four", "a-five"]) await createDeployment(store, name);
    await startWorker(store);
    startRunner(store, "instance-a");
    startRunner(openStore(file), "instance-b");
    await waitFor("five deliveries to succeed", async () => {
      const log = await store.deliveries.listByWebhook(webhook.id, undefined, 10);
      return log.length === 5 && log.every((d) => d.status === "succeeded");
    });
    expect(verified.received).toHaveLength(5);
    expect(verified.received.every((r) => r.verified)).toBe(true);
    expect(new Set(verified.received.map((r) => r.headers["slipstream-event-id"])).size).toBe(5);
  });

  it("delivers after a restart what was queued before it (the same store file)", async () => {
    const file = storeFile();
    const before = new SqliteStore(file);
    const secret = newSigningSecret();
    const receiver = await startReceiver(secret);
    cleanups.push(() => receiver.close());
    const webhook = await subscribe(before, receiver.url, undefined, secret);
    const operation = await createDeployment(before, "orders");
    const worker = new OperationWorker(before, new ScriptedEngine(), new EventBus(), { concurrency: 1, pollIntervalMs: 20, leaseMs: 30_000 }, log);
    await worker.start();
    await waitFor("the operation to end", async () => (await before.operations.get(operation))?.status === "succeeded");
    await worker.stop();
    expect(await new NotificationDispatcher(before, log).dispatchPending(new Date().toISOString())).toBe(1);
    expect(await before.deliveries.listByWebhook(webhook.id, undefined, 10)).toEqual([expect.objectContaining({ status: "pending", attempts: [] })]);
    await before.close();
    expect(receiver.received).toHaveLength(0);

    const after = openStore(file);
    startRunner(after, "instance-after-restart");
    const delivery = await waitFor("the queued delivery to end", ended(after, webhook.id));
    expect(delivery).toMatchObject({ status: "succeeded", attempts: [expect.objectContaining({ status: 200 })] });
    expect(receiver.received.map((r) => r.verified)).toEqual([true]);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ kind: "operation.succeeded", data: { operation: { id: operation } } });
  });
});
