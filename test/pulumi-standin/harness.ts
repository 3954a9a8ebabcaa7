import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { LocalWorkspace, PulumiCommand, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";

// Tests drive the stand-in only through @pulumi/pulumi/automation, as the service drives the CLI.
export const ROOT = path.resolve(__dirname);
export const REPO = path.resolve(__dirname, "../..");
export const PROJECT = "standin-test";
const dirs: string[] = [];
let command: Promise<PulumiCommand> | undefined;

export function pulumiCommand(): Promise<PulumiCommand> {
  command ??= PulumiCommand.get({ root: ROOT });
  return command;
}

/** Removes every temp dir a test made; call from afterEach. */
export function cleanup(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** A bucket and (unless `withQueue` is "false") a queue, driven by config, plus a secret output. */
export const program = async () => {
  const config = new pulumi.Config();
  const bucket = new aws.s3.Bucket("raw", { forceDestroy: true, tags: { team: config.require("team") } });
  const outputs: Record<string, pulumi.Output<unknown>> = { bucketName: bucket.bucket, apiToken: pulumi.secret(pulumi.interpolate`token-${bucket.bucket}`) };
  if (config.get("withQueue") !== "false") {
    const queue = new aws.sqs.Queue("jobs", { visibilityTimeoutSeconds: config.requireNumber("visibility"), sqsManagedSseEnabled: config.get("encrypt") !== "false" });
    outputs["queueUrl"] = queue.url;
  }
  return outputs;
};

export interface Setup {
  dir: string;
  backend: string;
  workDir: string;
  stack: Stack;
}

/** A stack `dev` in its own temp backend and workDir (or `backend`'s, to share one), configured. */
export async function setup(opts: { env?: Record<string, string>; backend?: string; select?: boolean; stackName?: string } = {}): Promise<Setup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-test-"));
  dirs.push(dir);
  const backend = opts.backend ?? path.join(dir, "backend");
  const workDir = path.join(dir, "work");
  fs.mkdirSync(backend, { recursive: true });
  fs.mkdirSync(workDir);
  const args = { projectName: PROJECT, stackName: opts.stackName ?? "dev", program };
  const wsOpts = {
    workDir,
    pulumiCommand: await pulumiCommand(),
    pulumiHome: path.join(dir, "home"),
    projectSettings: { name: PROJECT, runtime: "nodejs" as const, backend: { url: `file://${backend}` } },
    envVars: { PULUMI_CONFIG_PASSPHRASE: "correct horse", ...opts.env },
  };
  const stack = opts.select ? await LocalWorkspace.selectStack(args, wsOpts) : await LocalWorkspace.createOrSelectStack(args, wsOpts);
  if (!opts.select) await stack.setAllConfig({ team: { value: "data" }, visibility: { value: "30" }, "aws:region": { value: "eu-west-1" } });
  return { dir, backend, workDir, stack };
}

export function kinds(events: EngineEvent[]): string[] {
  return events.map((e) => Object.keys(e).find((k) => k !== "sequence" && k !== "timestamp")!);
}

export function lockFiles(backend: string): string[] {
  const dir = path.join(backend, ".pulumi", "locks", PROJECT, "dev");
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f)) : [];
}

/** The pid in the stack's lock file: the stand-in process running the update. */
export function lockHolder(backend: string): number {
  const [lock] = lockFiles(backend);
  return (JSON.parse(fs.readFileSync(lock!, "utf8")) as { pid: number }).pid;
}

/** Resolves on the first resourcePreEvent for a custom AWS resource. */
export function firstAwsStep(): { onEvent: (e: EngineEvent) => void; started: Promise<void> } {
  let resolve!: () => void;
  const started = new Promise<void>((r) => (resolve = r));
  return { onEvent: (e) => e.resourcePreEvent?.metadata.type.startsWith("aws:") && resolve(), started };
}

/** Settles a promise into its error (or undefined), so a rejection is never left unhandled. */
export function settle(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => undefined, (e: unknown) => e);
}
