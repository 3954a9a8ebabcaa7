import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { Api, localJobsEndpoint, REPOSITORY_ROOT, serviceEnv, TAGS } from "./support/service";

// Short leases, so the restarted instance recovers the killed one's operation soon after it
// starts: until its lease lapses, an operation may belong to a live instance sharing the store.
const LEASE_MS = "3000";

/** Starts `slipstream serve` as its own process group, as a container would run it. */
async function startServiceProcess(dataDir: string, extra: Record<string, string>): Promise<{ child: ChildProcess; api: Api }> {
  await localJobsEndpoint();
  const child = spawn(process.execPath, [path.join(REPOSITORY_ROOT, "bin", "slipstream.js"), "serve"], {
    env: { ...process.env, ...serviceEnv(dataDir, { LOG_LEVEL: "info", ...extra }) },
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === "slipstream listening" && entry.url) resolve(entry.url);
    });
    child.once("exit", (code) => reject(new Error(`service exited early with ${code}`)));
  });
  return { child, api: new Api(url) };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    process.kill(-child.pid!, signal);
  });
}

describe("a service killed with SIGKILL mid-operation", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-crash-"));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) await killGroup(child, "SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("marks the operation interrupted once its lease lapses, and the next operation recovers the stack", async () => {
    // Slow resource steps keep the up running long enough to kill it halfway.
    const first = await startServiceProcess(dataDir, { PULUMI_STANDIN_DELAY_MS: "400", SLIPSTREAM_LEASE_MS: LEASE_MS });
    children.push(first.child);
    const accepted = await first.api.call("POST", "/v1/deployments", { name: "crashy", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(accepted.status).toBe(202);
    const operationId = accepted.body.operation.id as string;
    await first.api.untilEvent(operationId, "resOutputsEvent", 3);
    // Accepted before the crash, queued behind the running up: it must survive the restart.
    const queued = await first.api.call("POST", "/v1/deployments/crashy/preview");
    expect(queued.status).toBe(202);
    // The whole process group — service and the engine it started — dies at once.
    await killGroup(first.child, "SIGKILL");

    const second = await startServiceProcess(dataDir, { SLIPSTREAM_LEASE_MS: LEASE_MS });
    children.push(second.child);
    const interrupted = await second.api.settle(operationId);
    expect(interrupted).toMatchObject({ status: "interrupted", error: { title: "Interrupted" } });
    const events = (await second.api.call("GET", `/v1/operations/${operationId}/events?limit=500`)).body.events as { type: string }[];
    expect(events[events.length - 1]!.type).toBe("slipstream.interrupted");

    // The preview accepted before the crash runs first, clearing the lock and pending operations.
    const preview = await second.api.settle(queued.body.operation.id);
    expect(preview.status).toBe("succeeded");
    const recovered = (await second.api.call("GET", `/v1/operations/${preview.id}/events?limit=500`)).body.events.find((e: { type: string }) => e.type === "slipstream.recovered");
    expect(recovered.data).toMatchObject({ clearedLock: true });
    expect(recovered.data.clearedPendingOperations).toBeGreaterThan(0);

    const retry = await second.api.call("PATCH", "/v1/deployments/crashy", { params: {} });
    expect(retry.status).toBe(202);
    const next = await second.api.settle(retry.body.operation.id);
    expect(next.status).toBe("succeeded");
    expect(next.summary.create).toBeGreaterThan(0);
    expect((await second.api.call("GET", "/v1/deployments/crashy")).body).toMatchObject({ status: "active" });
    await killGroup(second.child, "SIGTERM");
  });
});
