import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { Api, localJobsEndpoint, REPOSITORY_ROOT, serviceEnv, TAGS } from "./support/service";

interface LogLine {
  msg?: string;
  url?: string;
  signal?: string;
}

/** Starts `slipstream serve` as its own process group, as a container would run it, keeping its log lines. */
async function startServiceProcess(dataDir: string, extra: Record<string, string>): Promise<{ child: ChildProcess; api: Api; log: LogLine[]; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  await localJobsEndpoint();
  const child = spawn(process.execPath, [path.join(REPOSITORY_ROOT, "bin", "slipstream.js"), "serve"], {
    env: { ...process.env, ...serviceEnv(dataDir, { LOG_LEVEL: "info", ...extra }) },
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const log: LogLine[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const entry = JSON.parse(line) as LogLine;
      log.push(entry);
      if (entry.msg === "slipstream listening" && entry.url) resolve(entry.url);
    });
    void exited.then(({ code, signal }) => reject(new Error(`service exited early with ${code ?? signal}`)));
  });
  return { child, api: new Api(url), log, exited };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    process.kill(-child.pid!, signal);
  });
}

describe("a service sent SIGTERM mid-operation", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-shutdown-"));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) await killGroup(child, "SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("cancels the operation, records its outcome, ends its event stream and exits 0", async () => {
    // Slow resource steps keep the up running while the signal arrives; the grace is long
    // enough for a busy machine, so the outcome is recorded rather than left to a lapsing lease.
    const first = await startServiceProcess(dataDir, { PULUMI_STANDIN_DELAY_MS: "400", SLIPSTREAM_SHUTDOWN_GRACE_MS: "240000" });
    children.push(first.child);
    const accepted = await first.api.call("POST", "/v1/deployments", { name: "stopping", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(accepted.status).toBe(202);
    const operationId = accepted.body.operation.id as string;
    await first.api.untilEvent(operationId, "resOutputsEvent", 1);
    expect((await first.api.call("GET", `/v1/operations/${operationId}`)).body.status).toBe("running");
    // A client following the operation: its stream must end with the recorded outcome, not be cut.
    const stream = fetch(`${first.api.url}/v1/operations/${operationId}/events/stream`).then((res) => res.text());
    await first.api.untilEvent(operationId, "resOutputsEvent", 2);

    // The service process only: the engine it started is stopped by the service, not by the signal.
    first.child.kill("SIGTERM");
    const exit = await first.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const messages = first.log.map((l) => l.msg);
    expect(first.log).toContainEqual(expect.objectContaining({ msg: "signal received: shutting down gracefully", signal: "SIGTERM" }));
    expect(messages).toContain("slipstream shut down gracefully");
    const body = await stream;
    expect(body).toContain('"type":"slipstream.cancelled"');

    // A new process on the same data dir reads the outcome the first one recorded.
    const second = await startServiceProcess(dataDir, {});
    children.push(second.child);
    const operation = (await second.api.call("GET", `/v1/operations/${operationId}`)).body;
    expect(operation).toMatchObject({ status: "cancelled", error: { title: "Cancelled" } });
    const events = (await second.api.call("GET", `/v1/operations/${operationId}/events?limit=500`)).body.events as { type: string }[];
    expect(events[events.length - 1]!.type).toBe("slipstream.cancelled");
    expect(events.map((e) => e.type)).not.toContain("slipstream.interrupted");

    second.child.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });
});
