import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { CommandError, ConcurrentUpdateError, LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, firstAwsStep, PROJECT, program, pulumiCommand, settle } from "./harness";

// Several workspaces — each its own workDir and PULUMI_HOME, as on separate replicas — share
// one s3:// state in s3rver, driven only through @pulumi/pulumi/automation.

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
// s3rver ships no type declarations.
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => S3rverInstance;

const BUCKET = "slipstream-state";
// s3rver takes any well-formed signature; the SDKs still need something to sign with.
const CREDENTIALS = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };

let server: S3rverInstance;
let s3: S3Client;
let endpoint: string;
const dirs: string[] = [];

beforeAll(async () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "standin-s3rver-"));
  dirs.push(directory);
  server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  s3 = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterEach(cleanup);

afterAll(async () => {
  s3?.destroy();
  await server?.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The backend URL as the CLI reads it, for a prefix of the shared bucket. */
function stateUrl(prefix: string): string {
  return `s3://${BUCKET}/${prefix}?endpoint=${endpoint}&s3ForcePathStyle=true&region=us-east-1`;
}

/** One "replica": its own workDir and PULUMI_HOME, the shared state, configured for the program. */
async function replica(prefix: string, opts: { create?: boolean; env?: Record<string, string>; runLog?: string; secretsProvider?: string } = {}): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-s3-replica-"));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, "work"));
  const args = { projectName: PROJECT, stackName: "dev", program };
  const wsOpts = {
    workDir: path.join(dir, "work"),
    pulumiCommand: await pulumiCommand(),
    pulumiHome: path.join(dir, "home"),
    projectSettings: { name: PROJECT, runtime: "nodejs" as const, backend: { url: stateUrl(prefix) } },
    ...(opts.secretsProvider ? { secretsProvider: opts.secretsProvider } : {}),
    envVars: { PULUMI_CONFIG_PASSPHRASE: "correct horse", ...CREDENTIALS, ...(opts.runLog ? { PULUMI_STANDIN_RUN_LOG: opts.runLog } : {}), ...opts.env },
  };
  const stack = opts.create ? await LocalWorkspace.createOrSelectStack(args, wsOpts) : await LocalWorkspace.selectStack(args, wsOpts);
  await stack.setAllConfig({ team: { value: "data" }, visibility: { value: "30" }, "aws:region": { value: "eu-west-1" } });
  return stack;
}

async function keys(prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/` }));
  return (page.Contents ?? []).map((o) => o.Key!.slice(prefix.length + 1)).sort();
}

async function locks(prefix: string): Promise<string[]> {
  return (await keys(prefix)).filter((k) => k.startsWith(`.pulumi/locks/${PROJECT}/dev/`) && k.endsWith(".json"));
}

interface RunRecord {
  command: string;
  stack: string | null;
  message: string | null;
  pid: number;
  startedAt: string;
  finishedAt: string;
  result: string;
}

function runLog(file: string): RunRecord[] {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as RunRecord) : [];
}

function tempFile(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-s3-log-"));
  dirs.push(dir);
  return path.join(dir, name);
}

describe("pulumi CLI stand-in: the s3:// DIY backend shared by several workspaces", () => {
  it("shows one stack to two workspaces: up in one, preview, refresh and destroy from the other", async () => {
    const prefix = "shared/state";
    const log = tempFile("runs.jsonl");
    const first = await replica(prefix, { create: true, runLog: log });
    const up = await first.up({ message: "first: up" });
    expect(up.summary).toMatchObject({ result: "succeeded", resourceChanges: { create: 3 } });

    // The state, history and metadata are objects under the prefix, in the DIY layout.
    const stored = await keys(prefix);
    expect(stored).toEqual(expect.arrayContaining([".pulumi/meta.yaml", `.pulumi/stacks/${PROJECT}/dev.json`]));
    expect(stored.filter((k) => k.startsWith(`.pulumi/history/${PROJECT}/dev/`))).toHaveLength(1);
    expect(fs.existsSync(path.join(first.workspace.workDir, ".pulumi"))).toBe(false);
    const checkpoint = await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}/.pulumi/stacks/${PROJECT}/dev.json` }))).Body!.transformToString();
    expect(checkpoint).toContain("aws:s3/bucket:Bucket");
    expect(checkpoint).not.toContain("token-raw");

    // Another workDir and home: it selects the stack from the shared state, and reads its
    // secrets with the passphrase and the salt saved in that state.
    const second = await replica(prefix, { runLog: log });
    expect(second.workspace.workDir).not.toBe(first.workspace.workDir);
    expect((await second.workspace.listStacks()).map((s) => [s.name, s.url])).toEqual([["dev", `s3://${BUCKET}/${prefix}/.pulumi/stacks/${PROJECT}/dev.json`]]);
    expect((await second.preview({ message: "second: preview" })).changeSummary).toEqual({ same: 3 });
    expect((await second.outputs())["apiToken"]).toEqual({ value: "token-raw", secret: true });
    expect((await second.refresh({ message: "second: refresh" })).summary).toMatchObject({ result: "succeeded", resourceChanges: { same: 3 } });
    expect((await second.destroy({ message: "second: destroy" })).summary).toMatchObject({ result: "succeeded", resourceChanges: { delete: 3 } });

    // The first sees what the second did, history included.
    expect((await first.exportStack()).deployment.resources).toEqual([]);
    const history = await first.history();
    expect(history.map((h) => `${h.kind} ${h.message}`)).toEqual(["destroy second: destroy", "refresh second: refresh", "update first: up"]);

    // Each run once, from its own stand-in process, in the order they ran.
    const runs = runLog(log);
    expect(runs.map((r) => `${r.command} ${r.stack} ${r.message} ${r.result}`)).toEqual([
      "up dev first: up succeeded",
      "preview dev second: preview succeeded",
      "refresh dev second: refresh succeeded",
      "destroy dev second: destroy succeeded",
    ]);
    for (const run of runs) {
      expect(run.pid).not.toBe(process.pid);
      expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
    }
    expect(new Set(runs.map((r) => r.pid)).size).toBe(4);
  });

  it("shares the stack's lock: a held lock, a stale one, cancel and clearing pending operations", async () => {
    const prefix = "locks";
    const log = tempFile("runs.jsonl");
    const holder = await replica(prefix, { create: true, runLog: log, env: { PULUMI_STANDIN_DELAY_MS: "1000" } });
    const other = await replica(prefix, { runLog: log });

    // A stand-in killed mid-update (SIGKILL, as a crashed replica) leaves its lock object and
    // its pending operation in the bucket.
    const crasher = await replica(prefix, { runLog: log, env: { PULUMI_STANDIN_CRASH_AFTER: "1" } });
    expect(await settle(crasher.up({ message: "crasher: up" }))).toBeInstanceOf(CommandError);
    expect(await locks(prefix)).toHaveLength(1);
    await expect(other.up({ message: "other: up while a stale lock is held" })).rejects.toBeInstanceOf(ConcurrentUpdateError);

    // `pulumi cancel` deletes the lock object; refresh clears the pending create.
    await other.cancel();
    expect(await locks(prefix)).toEqual([]);
    await expect(other.up({ message: "other: up with a pending operation" })).rejects.toThrow(/pending operations/);
    await other.refresh({ clearPendingCreates: true, message: "other: refresh" });
    expect((await other.exportStack()).deployment.pending_operations ?? []).toEqual([]);

    // A live update in one workspace holds the lock the other sees.
    const { onEvent, started } = firstAwsStep();
    const running = holder.up({ onEvent, message: "holder: up" });
    const outcome = settle(running);
    await started;
    expect(await locks(prefix)).toHaveLength(1);
    await expect(other.up({ message: "other: up while holder runs" })).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await outcome).toBeUndefined();
    expect((await running).summary.result).toBe("succeeded");
    expect(await locks(prefix)).toEqual([]);
    expect((await other.preview()).changeSummary).toEqual({ same: 3 });

    // Every run is in the log once, whatever its outcome — but a SIGKILLed one writes nothing.
    const byMessage = new Map(runLog(log).map((r) => [r.message, r.result]));
    expect(runLog(log)).toHaveLength(6);
    expect(byMessage.has("crasher: up")).toBe(false);
    expect(Object.fromEntries(byMessage)).toEqual({
      "other: up while a stale lock is held": "failed",
      "other: up with a pending operation": "failed",
      "other: refresh": "succeeded",
      "holder: up": "succeeded",
      "other: up while holder runs": "failed",
      null: "succeeded",
    });
  });

  it("refuses the awskms:// secrets provider by name: it cannot reach KMS", async () => {
    const err = await settle(replica("kms", { create: true, secretsProvider: "awskms://alias/slipstream?region=us-east-1" }));
    expect(err).toBeInstanceOf(CommandError);
    expect(String(err)).toContain("secrets provider awskms://alias/slipstream?region=us-east-1: the Pulumi CLI stand-in cannot reach AWS KMS");
  });
});
