import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../api/store/ids";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import { deploymentRecord, REQUESTER } from "./contract";
import { RELEASE_1_IDS, writeRelease1Store } from "./sqlite-release-1";

const STORE_MODULE = path.resolve(__dirname, "../../api/store/sqlite/sqlite-store.ts");

/**
 * A thread with its own connection, as another service process would have: it waits for
 * "go", then claims and finishes operations until none is left, and reports what it claimed:
 * each id with the wall-clock times it saw its claim return and called finish. (The times it
 * hands the store are taken before the call waits for the write lock, so an operation's
 * stored startedAt may precede the finishedAt of the one before it: they cannot show order.)
 */
const CLAIMER = `
const { parentPort, workerData } = require("node:worker_threads");
require("tsx/cjs");
const { SqliteStore } = require(workerData.module);
const store = new SqliteStore(workerData.file);
parentPort.once("message", async () => {
  const claimed = [];
  const lease = { owner: workerData.owner, expiresAt: "2999-01-01T00:00:00.000Z" };
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const op = await store.operations.claimNext(lease, new Date().toISOString(), []);
    if (op) {
      const claimSeen = Date.now();
      const finishCalled = Date.now();
      claimed.push({ id: op.id, claimSeen, finishCalled });
      await store.operations.finish(op.id, workerData.owner, { status: "succeeded", event: { type: "slipstream.succeeded", data: { by: workerData.owner } } }, new Date().toISOString());
    } else if ((await store.operations.countActive()) === 0) break;
  }
  await store.close();
  parentPort.postMessage(claimed);
});
parentPort.postMessage("ready");
`;

/** Starts a thread running `code` on `file`; resolves once it reported "ready". */
function startThread(code: string, workerData: Record<string, unknown>): Promise<{ worker: Worker; result: Promise<unknown> }> {
  const worker = new Worker(code, { eval: true, workerData });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", () => {
      const result = new Promise((done, fail) => {
        worker.once("message", done);
        worker.once("error", fail);
      });
      resolve({ worker, result });
    });
  });
}

describe("several SqliteStore connections on one file", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-shared-"));
    file = path.join(dir, "s.db");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("hands each operation to exactly one of three racing threads, one at a time per deployment", async () => {
    const store = new SqliteStore(file);
    const queued: string[] = [];
    try {
      for (let d = 0; d < 8; d++) {
        const name = `d${d}`;
        const first = newId();
        await store.deployments.create(deploymentRecord(name), { id: first, deployment: name, kind: "create", request: deploymentRecord(name).request, requestedBy: REQUESTER });
        queued.push(first);
        for (let i = 0; i < 5; i++) queued.push((await store.operations.enqueue({ id: newId(), deployment: name, kind: "preview", request: deploymentRecord(name).request, requestedBy: REQUESTER }, new Date().toISOString())).id);
      }
      const threads = await Promise.all(["t1", "t2", "t3"].map((owner) => startThread(CLAIMER, { module: STORE_MODULE, file, owner })));
      for (const { worker } of threads) worker.postMessage("go");
      const claims = (await Promise.all(threads.map((t) => t.result))) as { id: string; claimSeen: number; finishCalled: number }[][];
      await Promise.all(threads.map((t) => t.worker.terminate()));

      const all = claims.flat().map((c) => c.id);
      expect(all).toHaveLength(queued.length);
      expect(new Set(all)).toEqual(new Set(queued));
      for (const id of queued) {
        expect(await store.operations.get(id)).toMatchObject({ status: "succeeded" });
        expect((await store.events.list(id, 0, 10)).map((e) => e.type)).toEqual(["slipstream.succeeded"]);
      }
      // Per deployment, in queue order, each operation was claimed only once the one before it was being finished.
      const seen = new Map(claims.flat().map((c) => [c.id, c]));
      for (let d = 0; d < 8; d++) {
        const history = (await store.operations.listByDeployment(`d${d}`, 10)).reverse();
        for (let i = 1; i < history.length; i++) expect(seen.get(history[i]!.id)!.claimSeen).toBeGreaterThanOrEqual(seen.get(history[i - 1]!.id)!.finishCalled);
      }
      expect(await store.deployments.list({ limit: 10 })).toHaveLength(8);
      expect((await store.deployments.list({ limit: 10 })).every((d) => d.runningOperation === null && d.status === "active")).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("migrates an earlier release's file once when several connections open it at the same time", async () => {
    writeRelease1Store(file);
    const OPENER = `
      const { parentPort, workerData } = require("node:worker_threads");
      require("tsx/cjs");
      const { SqliteStore } = require(workerData.module);
      parentPort.postMessage("ready");
      parentPort.once("message", async () => {
        try {
          const store = new SqliteStore(workerData.file);
          const ids = (await store.operations.listByDeployment("alpha", 10)).map((o) => o.id);
          await store.close();
          parentPort.postMessage({ ids });
        } catch (err) {
          parentPort.postMessage({ error: String(err) });
        }
      });
    `;
    const threads = await Promise.all([1, 2, 3].map(() => startThread(OPENER, { module: STORE_MODULE, file })));
    for (const { worker } of threads) worker.postMessage("go");
    const results = await Promise.all(threads.map((t) => t.result));
    await Promise.all(threads.map((t) => t.worker.terminate()));
    for (const result of results) expect(result).toEqual({ ids: [RELEASE_1_IDS.p1, RELEASE_1_IDS.c1] });
  });
});
