import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { CliError } from "./cli-args";
import type { Crypter } from "./secrets";
import { isSecret, SIG_KEY, SECRET_SIG, type Wire, type WireMap } from "./wire";
import { DIY_ORG, type Project } from "./workspace";

/** The stand-in reports the version of the SDK it is tested with (see README). */
export const STANDIN_VERSION = "3.248.0";

/** One resource in a checkpoint, in the engine's JSON shape (apitype.ResourceV3). */
export interface ResourceState {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs?: WireMap;
  outputs?: WireMap;
  parent?: string;
  provider?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  protect?: boolean;
  deletedWith?: string;
  created?: string;
  modified?: string;
}

export interface PendingOperation {
  resource: ResourceState;
  type: "creating" | "updating" | "deleting" | "reading";
}

export interface Deployment {
  manifest: { time: string; magic: string; version: string };
  secrets_providers?: { type: string; state: Record<string, unknown> };
  resources?: ResourceState[];
  pending_operations?: PendingOperation[];
}

interface CheckpointFile {
  version: 3;
  checkpoint: { stack: string; latest?: Deployment };
}

export interface HistoryEntry {
  version: number;
  kind: "update" | "refresh" | "destroy" | "import";
  startTime: string;
  message: string;
  environment: Record<string, string>;
  config: Record<string, { value: string; secret: boolean }>;
  result: "succeeded" | "failed" | "in-progress";
  endTime: string;
  resourceChanges?: Record<string, number>;
}

/** Resolves `PULUMI_BACKEND_URL` or the project's `backend.url`; only `file://` is modelled. */
export function backendRoot(project: Project): string {
  const url = process.env["PULUMI_BACKEND_URL"] || project.backendUrl;
  if (!url) {
    throw new CliError("the Pulumi CLI stand-in needs a DIY backend: set PULUMI_BACKEND_URL or backend.url to a file:// URL");
  }
  if (!url.startsWith("file://")) throw new CliError(`the Pulumi CLI stand-in supports only file:// backends, not ${url}`);
  const rest = url.slice("file://".length);
  if (rest.startsWith("~")) return path.join(os.homedir(), rest.slice(1));
  if (rest.startsWith("/")) return fileURLToPath(url);
  return path.resolve(project.dir, rest);
}

/** A DIY backend folder: stacks, locks and history of one project. */
export class Backend {
  readonly root: string;

  constructor(readonly project: Project) {
    this.root = backendRoot(project);
    fs.mkdirSync(path.join(this.root, ".pulumi"), { recursive: true });
    const meta = path.join(this.root, ".pulumi", "meta.yaml");
    if (!fs.existsSync(meta)) fs.writeFileSync(meta, "version: 1\n");
  }

  get url(): string {
    return `file://${this.root}`;
  }

  fqn(stack: string): string {
    return `${DIY_ORG}/${this.project.name}/${stack}`;
  }

  stackFile(stack: string): string {
    return path.join(this.root, ".pulumi", "stacks", this.project.name, `${stack}.json`);
  }

  lockDir(stack: string): string {
    return path.join(this.root, ".pulumi", "locks", this.project.name, stack);
  }

  historyDir(stack: string): string {
    return path.join(this.root, ".pulumi", "history", this.project.name, stack);
  }

  exists(stack: string): boolean {
    return fs.existsSync(this.stackFile(stack));
  }

  stacks(): string[] {
    const dir = path.dirname(this.stackFile("x"));
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  }

  requireStack(stack: string): void {
    if (!this.exists(stack)) throw new CliError(`no stack named '${stack}' found`);
  }

  create(stack: string, secretsSalt: string): void {
    if (this.exists(stack)) throw new CliError(`stack '${this.fqn(stack)}' already exists`);
    this.writeDeployment(stack, emptyDeployment(secretsSalt));
  }

  remove(stack: string, force: boolean): void {
    this.requireStack(stack);
    const deployment = this.readRaw(stack);
    const live = (deployment?.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack");
    if (live.length > 0 && !force) {
      throw new CliError(`'${stack}' still has resources; removal rejected. Possible actions:\n- Make sure that '${stack}' is the stack that you want to destroy\n- Run \`pulumi destroy\` to delete the resources, then run \`pulumi stack rm\`\n- Run \`pulumi stack rm --force\` to override this error`);
    }
    fs.rmSync(this.stackFile(stack), { force: true });
    fs.rmSync(this.historyDir(stack), { recursive: true, force: true });
    fs.rmSync(this.lockDir(stack), { recursive: true, force: true });
  }

  /** The latest deployment with secrets still encrypted, as stored. */
  readRaw(stack: string): Deployment | undefined {
    this.requireStack(stack);
    const file = JSON.parse(fs.readFileSync(this.stackFile(stack), "utf8")) as CheckpointFile;
    return file.checkpoint.latest;
  }

  /** The latest deployment with secrets decrypted into the wire's secret wrappers. */
  read(stack: string, crypter: () => Crypter): Deployment {
    const raw = this.readRaw(stack) ?? emptyDeployment(undefined);
    return mapSecrets(raw, (ciphertext) => JSON.parse(crypter().decrypt(ciphertext)) as Wire);
  }

  /** Persists a deployment holding plaintext secret wrappers; they are encrypted on the way. */
  write(stack: string, deployment: Deployment, crypter: () => Crypter): void {
    const encrypted = mapPlaintext(deployment, (value) => ({ [SIG_KEY]: SECRET_SIG, ciphertext: crypter().encrypt(JSON.stringify(value)) }));
    this.writeDeployment(stack, encrypted);
  }

  private writeDeployment(stack: string, deployment: Deployment): void {
    const file = this.stackFile(stack);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const body: CheckpointFile = { version: 3, checkpoint: { stack: this.fqn(stack), latest: deployment } };
    // Write-then-rename: a SIGKILL never leaves a half-written checkpoint, as with the real engine.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(body, null, 4));
    fs.renameSync(tmp, file);
  }

  // --- locks -------------------------------------------------------------------------------

  /**
   * Takes the stack's lock or fails with the DIY backend's text (which the SDK turns into
   * `ConcurrentUpdateError`). A short-lived mutex directory makes check-and-create atomic
   * between processes; the lock file itself outlives a SIGKILL, as the real one does.
   */
  lock(stack: string): () => void {
    const dir = this.lockDir(stack);
    fs.mkdirSync(dir, { recursive: true });
    const mutex = `${dir}.mutex`;
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        fs.mkdirSync(mutex);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        if (Date.now() > deadline) fs.rmSync(mutex, { recursive: true, force: true });
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
    try {
      const existing = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
      if (existing.length > 0) {
        const lines = existing.map((f) => {
          const info = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { pid: number; username: string; hostname: string; timestamp: string };
          return `  file://${path.join(dir, f)}: created by ${info.username}@${info.hostname} (pid ${info.pid}) at ${info.timestamp}`;
        });
        throw new CliError(
          `the stack is currently locked by ${existing.length} lock(s). Either wait for the other process(es) to end or delete the lock file with \`pulumi cancel\`.\n${lines.join("\n")}`,
        );
      }
      const file = path.join(dir, `${randomUUID()}.json`);
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, username: os.userInfo().username, hostname: os.hostname(), timestamp: new Date().toISOString() }));
      return () => fs.rmSync(file, { force: true });
    } finally {
      fs.rmSync(mutex, { recursive: true, force: true });
    }
  }

  /** `pulumi cancel` on a DIY backend: delete every lock file of the stack. */
  unlockAll(stack: string): number {
    const dir = this.lockDir(stack);
    if (!fs.existsSync(dir)) return 0;
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
    for (const f of files) fs.rmSync(path.join(dir, f), { force: true });
    return files.length;
  }

  isLocked(stack: string): boolean {
    const dir = this.lockDir(stack);
    return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith(".json"));
  }

  // --- history -----------------------------------------------------------------------------

  history(stack: string): HistoryEntry[] {
    const dir = this.historyDir(stack);
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".history.json"))
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as HistoryEntry)
      .sort((a, b) => b.version - a.version);
  }

  appendHistory(stack: string, entry: Omit<HistoryEntry, "version">): HistoryEntry {
    const dir = this.historyDir(stack);
    fs.mkdirSync(dir, { recursive: true });
    const version = (this.history(stack)[0]?.version ?? 0) + 1;
    const full: HistoryEntry = { version, ...entry };
    fs.writeFileSync(path.join(dir, `${stack}-${String(version).padStart(6, "0")}.history.json`), JSON.stringify(full, null, 4));
    return full;
  }
}

export function emptyDeployment(secretsSalt: string | undefined): Deployment {
  return {
    manifest: { time: new Date().toISOString(), magic: "", version: `v${STANDIN_VERSION}` },
    ...(secretsSalt ? { secrets_providers: { type: "passphrase", state: { salt: secretsSalt } } } : {}),
    resources: [],
  };
}

function mapDeep(v: unknown, fn: (node: Record<string, unknown>) => unknown | undefined): unknown {
  if (Array.isArray(v)) return v.map((x) => mapDeep(x, fn));
  if (v && typeof v === "object") {
    const replaced = fn(v as Record<string, unknown>);
    if (replaced !== undefined) return replaced;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapDeep(x, fn)]));
  }
  return v;
}

/** Ciphertext (or an export's `plaintext`) → the wire's `{sig, value}` secret. */
export function mapSecrets(d: Deployment, decrypt: (ciphertext: string) => Wire): Deployment {
  return mapDeep(d, (node) => {
    if (node[SIG_KEY] !== SECRET_SIG) return undefined;
    if (typeof node["ciphertext"] === "string") return { [SIG_KEY]: SECRET_SIG, value: decrypt(node["ciphertext"]) };
    if (typeof node["plaintext"] === "string") return { [SIG_KEY]: SECRET_SIG, value: JSON.parse(node["plaintext"]) as Wire };
    return undefined;
  }) as Deployment;
}

/** The wire's `{sig, value}` secret → whatever `encode` makes of it (ciphertext or plaintext). */
export function mapPlaintext(d: Deployment, encode: (value: Wire) => Wire): Deployment {
  return mapDeep(d, (node) => (isSecret(node) && "value" in node ? encode(node.value) : undefined)) as Deployment;
}
