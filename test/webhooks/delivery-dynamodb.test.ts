import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../api/domain/access";
import type { Deployment, DeploymentRequest } from "../../api/domain/model";
import { EventBus } from "../../api/operations/event-bus";
import { OperationWorker } from "../../api/operations/worker";
import { createDynamoStore } from "../../api/store/dynamodb/dynamo-store";
import { newId } from "../../api/store/ids";
import type { Store } from "../../api/store/store";
import { newSigningSecret } from "../../api/webhooks/signing-secret";
import { WebhookRunner } from "../../api/webhooks/webhook-runner";
import { ScriptedEngine } from "../api/support/scripted-engine";
import { localDynamoClientConfig, startDynalite, type LocalDynamo } from "../support/dynalite";
import { waitFor } from "../support/wait-for";
import { startReceiver } from "./receiver";

const log = pino({ level: "silent" });
const request: DeploymentRequest = { params: {}, tags: { owner: "platform", "cost-center": "cc-1", environment: "dev" } };
const requester: Actor = { tokenId: "anonymous", tokenName: "anonymous", team: null, role: "service-admin" };

let local: LocalDynamo;
beforeAll(async () => {
  local = await startDynalite();
});
afterAll(async () => {
  await local?.close();
});

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A store on `table` as one service instance would open it: its own client. */
async function instance(table: string): Promise<Store> {
  const client = new DynamoDBClient(localDynamoClientConfig(local.endpoint));
  const store = await createDynamoStore({ table, log, client });
  cleanups.push(() => client.destroy());
  return store;
}

describe("webhook delivery on DynamoDB, two instances sharing the table", () => {
  it("delivers each operation's end once, verified, after a receiver's two failures, with every attempt in the log", async () => {
    const table = `slipstream-webhooks-${newId()}`;
    const [a, b] = [await instance(table), await instance(table)];
    const secret = newSigningSecret();
    // Every event's first two attempts fail: each delivery succeeds on its third.
    const tries = new Map<string, number>();
    const flaky = await startReceiver(secret, (n) => {
      const id = flaky.received[n - 1]!.headers["slipstream-event-id"] as string;
      tries.set(id, (tries.get(id) ?? 0) + 1);
      return tries.get(id)! <= 2 ? 500 : 200;
    });
    cleanups.push(() => flaky.close());
    const webhook = { id: newId(), team: "default", url: flaky.url, kinds: ["operation.succeeded" as const], createdAt: new Date().toISOString(), createdBy: "anonymous", secret };
    await a.webhooks.create(webhook);

    const names = ["dyn-one", "dyn-two", "dyn-three"];
    for (const name of names) {
      const now = new Date().toISOString();
      const deployment: Deployment = { name, team: "default", blueprint: "dynamodb-search", region: "us-east-1", request, blueprintVersion: "1.0.0", appliedOperation: null, status: "pending", outputs: {}, needsRecovery: false, runningOperation: null, statusBeforeDestroy: null, lastError: null, drift: null, driftScheduleFrom: now, expiry: null, createdAt: now, updatedAt: now };
      await a.deployments.create(deployment, { id: newId(), deployment: name, kind: "create", request, requestedBy: requester });
    }
    const worker = new OperationWorker(a, new ScriptedEngine(), new EventBus(), { concurrency: 2, pollIntervalMs: 20, leaseMs: 30_000 }, log);
    await worker.start();
    cleanups.push(() => worker.stop());
    for (const [store, id] of [
      [a, "instance-a"],
      [b, "instance-b"],
    ] as const) {
      const runner = new WebhookRunner(store, { attempts: 3, retryBaseMs: 20, timeoutMs: 10_000, pollIntervalMs: 20, instanceId: id }, log);
      runner.start();
      cleanups.push(() => runner.stop());
    }

    const deliveries = await waitFor("three deliveries to end", async () => {
      const page = await b.deliveries.listByWebhook(webhook.id, undefined, 10);
      return page.length === 3 && page.every((d) => d.status !== "pending") && page;
    });
    expect(deliveries.map((d) => d.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    for (const d of deliveries) expect(d.attempts.map((x) => x.status)).toEqual([500, 500, 200]);
    expect(flaky.received).toHaveLength(9);
    expect(flaky.received.every((r) => r.verified)).toBe(true);
    expect(new Set(deliveries.map((d) => (d.event.data["operation"] as { id: string }).id)).size).toBe(3);
    expect(await a.notifications.listUndispatched(10)).toEqual([]);
  });
});
