import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import { Api, localJobsEndpoint, REPOSITORY_ROOT, serviceEnv } from "./service";

/**
 * Pieces for tests that run several `slipstream serve` processes as replicas would: one
 * DynamoDB table (test/support/dynalite.ts) and one Pulumi state bucket (s3rver, here), each
 * instance its own process group and data dir.
 */

/** One line a service printed: pino's JSON, or the raw text of anything else. */
export interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

/** A `slipstream serve` process, started as its own process group as a container would run it. */
export interface ServiceInstance {
  /** The test's name for it (A, B, C, A'…). */
  name: string;
  dataDir: string;
  /** The environment it was started with (beyond the test's own), to start a successor the same way. */
  env: Record<string, string>;
  child: ChildProcess;
  api: Api;
  /** Its lease owner id (`hostname/pid/random`), as operations name it in `runner`. */
  id: string;
  logs: LogLine[];
  /** Resolves with the exit code (or signal) once the service process has exited. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/**
 * Starts `slipstream serve` (bin/slipstream.js) with `serviceEnv(dataDir, env)` on top of this
 * process's environment and waits for its "slipstream listening" line, which names its URL and
 * lease owner id. Every stdout line is kept in `logs` (read continuously, so the pipe never
 * fills and blocks the service).
 */
export async function startInstance(name: string, dataDir: string, env: Record<string, string>): Promise<ServiceInstance> {
  await localJobsEndpoint();
  const child = spawn(process.execPath, [path.join(REPOSITORY_ROOT, "bin", "slipstream.js"), "serve"], {
    env: { ...process.env, ...serviceEnv(dataDir, { LOG_LEVEL: "info", ...env }) },
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const logs: LogLine[] = [];
  const lines = readline.createInterface({ input: child.stdout! });
  const listening = new Promise<{ url: string; id: string }>((resolve, reject) => {
    lines.on("line", (line) => {
      let entry: LogLine;
      try {
        entry = JSON.parse(line) as LogLine;
      } catch {
        entry = { msg: line };
      }
      logs.push(entry);
      if (entry.msg === "slipstream listening" && typeof entry.url === "string" && typeof entry.instance === "string") resolve({ url: entry.url, id: entry.instance });
    });
    void exited.then((code) => reject(new Error(`service ${name} exited (${code}) before listening; its log:\n${logs.map((l) => JSON.stringify(l)).join("\n")}`)));
  });
  const { url, id } = await listening;
  return { name, dataDir, env, child, api: new Api(url), id, logs, exited };
}

/** Whether the instance's service process is still running. */
export function isAlive(instance: ServiceInstance): boolean {
  return instance.child.exitCode === null && instance.child.signalCode === null;
}

/**
 * Sends `signal` to the instance's whole process group — the service and the engine runs it
 * started — and waits for the service process to exit. Safe on one that already exited: its
 * group's stragglers still get the signal.
 */
export async function signalGroup(instance: ServiceInstance, signal: NodeJS.Signals): Promise<void> {
  try {
    process.kill(-instance.child.pid!, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
  await instance.exited;
}

/**
 * The last `limit` lines at warn level or above (pino: 40 warn, 50 error, 60 fatal), each its
 * message, operation and error message, for a failure's report.
 */
export function warnings(instance: ServiceInstance, limit = 40): string[] {
  return instance.logs
    .filter((l) => (l.level ?? 0) >= 40)
    .slice(-limit)
    .map((l) => {
      const err = (l.err as { message?: string } | undefined)?.message;
      return `${instance.name} [${l.level}] ${l.msg ?? ""}${l.operation ? ` operation=${String(l.operation)}` : ""}${err ? `: ${err}` : ""}`;
    });
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
// s3rver ships no type declarations.
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => S3rverInstance;

// s3rver knows one key pair, its default; dynalite checks none, so the same pair serves both.
const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** The credentials a service process (and the engine it runs) needs to reach the state bucket, the standard way. */
export const STATE_CREDENTIALS_ENV = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };

/** An S3 bucket in s3rver, in this process: the Pulumi state several instances share. */
export interface StateBucket {
  bucket: string;
  endpoint: string;
  /** Reads the bucket as the test's own eyes. */
  s3: S3Client;
  /** The DIY backend URL of a prefix of the bucket, as the Pulumi CLI (and SLIPSTREAM_STATE_URL) reads it. */
  url(prefix: string): string;
  close(): Promise<void>;
}

export async function startStateBucket(bucket: string): Promise<StateBucket> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: S3_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    bucket,
    endpoint,
    s3,
    url: (prefix) => `s3://${bucket}/${prefix}?endpoint=${endpoint}&s3ForcePathStyle=true&region=us-east-1`,
    close: async () => {
      s3.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Slipstream's Pulumi project: every deployment is a stack of it. */
const PROJECT = "slipstream";

/**
 * An object's text; undefined when there is none, or while it is being rewritten: s3rver
 * stores an object as its body arrives, so a read during a PutObject can get half of it or
 * have its body cut off ("aborted"). Callers read again.
 */
async function readObject(state: StateBucket, key: string): Promise<string | undefined> {
  let body;
  try {
    body = (await state.s3.send(new GetObjectCommand({ Bucket: state.bucket, Key: key }))).Body!;
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return undefined;
    throw error;
  }
  try {
    return await body.transformToString();
  } catch {
    return undefined;
  }
}

/** The stack's lock objects in the DIY layout (`.pulumi/locks/<project>/<stack>/<uuid>.json`): who holds it. */
export async function stackLocks(state: StateBucket, prefix: string, stack: string): Promise<{ key: string; pid: number; hostname: string }[]> {
  const folder = `${prefix}/.pulumi/locks/${PROJECT}/${stack}/`;
  const page = await state.s3.send(new ListObjectsV2Command({ Bucket: state.bucket, Prefix: folder }));
  const locks = [];
  for (const key of (page.Contents ?? []).map((o) => o.Key!).filter((k) => k.endsWith(".json"))) {
    const text = await readObject(state, key);
    try {
      if (text !== undefined) locks.push({ key, ...(JSON.parse(text) as { pid: number; hostname: string }) });
    } catch {
      // Being written (readObject): the next read sees it whole.
    }
  }
  return locks;
}

/**
 * How many pending operations (steps in flight) the stack's saved checkpoint holds; undefined
 * before its first save, or while it is being rewritten (readObject).
 */
export async function pendingOperations(state: StateBucket, prefix: string, stack: string): Promise<number | undefined> {
  const text = await readObject(state, `${prefix}/.pulumi/stacks/${PROJECT}/${stack}.json`);
  if (text === undefined) return undefined;
  let file: { checkpoint?: { latest?: { pending_operations?: unknown[] } } };
  try {
    file = JSON.parse(text) as typeof file;
  } catch {
    return undefined;
  }
  return file.checkpoint?.latest?.pending_operations?.length ?? 0;
}

/** One line of the CLI stand-in's run log (test/pulumi-standin/README.md, "The run log"). */
export interface RunRecord {
  command: "up" | "preview" | "refresh" | "destroy";
  stack: string | null;
  message: string | null;
  pid: number;
  startedAt: string;
  finishedAt: string;
  result: "succeeded" | "failed";
}

export function readRunLog(file: string): RunRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RunRecord);
}

/** The Slipstream operation a run was for: its engine message starts `slipstream operation <id>` (then who asked for it). */
export function runOperation(record: RunRecord): string | undefined {
  return /^slipstream operation (\S+)(?: |$)/.exec(record.message ?? "")?.[1];
}
