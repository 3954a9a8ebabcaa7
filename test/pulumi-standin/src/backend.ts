import * as os from "node:os";
import { randomUUID } from "node:crypto";
import { backendUrl, openBlobStore, type BlobStore } from "./blob-store";
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

/** A DIY backend (`file://` or `s3://`): stacks, locks and history of one project, in the CLI's layout. */
export class Backend {
  readonly blobs: BlobStore;

  constructor(readonly project: Project) {
    this.blobs = openBlobStore(backendUrl(project.backendUrl), project.dir);
    this.blobs.create(".pulumi/meta.yaml", "version: 1\n");
  }

  get url(): string {
    return this.blobs.url;
  }

  fqn(stack: string): string {
    return `${DIY_ORG}/${this.project.name}/${stack}`;
  }

  stackKey(stack: string): string {
    return `.pulumi/stacks/${this.project.name}/${stack}.json`;
  }

  lockDir(stack: string): string {
    return `.pulumi/locks/${this.project.name}/${stack}`;
  }

  historyDir(stack: string): string {
    return `.pulumi/history/${this.project.name}/${stack}`;
  }

  exists(stack: string): boolean {
    return this.blobs.exists(this.stackKey(stack));
  }

  stacks(): string[] {
    return this.blobs
      .list(`.pulumi/stacks/${this.project.name}`)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -5))
      .sort();
  }

  requireStack(stack: string): void {
    if (!this.exists(stack)) throw new CliError(`no stack named '${stack}' found`);
  }

  create(stack: string, secretsSalt: string): void {
    if (this.exists(stack)) throw new CliError(`stack '${this.fqn(stack)}' already exists`);
    this.writeDeployment(stack, emptyDeployment(secretsSalt));
  }

  remove(stack: string, force: boolean): void {
    const deployment = this.readRaw(stack);
    const live = (deployment?.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack");
    if (live.length > 0 && !force) {
      throw new CliError(`'${stack}' still has resources; removal rejected. Possible actions:\n- Make sure that '${stack}' is the stack that you want to destroy\n- Run \`pulumi destroy\` to delete the resources, then run \`pulumi stack rm\`\n- Run \`pulumi stack rm --force\` to override this error`);
    }
    this.blobs.delete(this.stackKey(stack));
    this.blobs.deleteAll(this.historyDir(stack));
    this.blobs.deleteAll(this.lockDir(stack));
  }

  /** The latest deployment with secrets still encrypted, as stored. */
  readRaw(stack: string): Deployment | undefined {
    const text = this.blobs.read(this.stackKey(stack));
    if (text === undefined) throw new CliError(`no stack named '${stack}' found`);
    return (JSON.parse(text) as CheckpointFile).checkpoint.latest;
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
    const body: CheckpointFile = { version: 3, checkpoint: { stack: this.fqn(stack), latest: deployment } };
    // Whole-object writes (write-then-rename on disk, one PutObject on S3): a SIGKILL never
    // leaves a half-written checkpoint, as with the real engine.
    this.blobs.write(this.stackKey(stack), JSON.stringify(body, null, 4));
  }

  // --- locks -------------------------------------------------------------------------------

  /**
   * Takes the stack's lock or fails with the DIY backend's text (which the SDK turns into
   * `ConcurrentUpdateError`). The lock is `.pulumi/locks/<project>/<stack>/<uuid>.json`, as
   * the CLI's, and outlives a SIGKILL as the real one does. Taking it:
   * 1. a short-lived mutex (`<stack>.mutex` beside the lock folder) created with create-if-
   *    absent — O_EXCL on disk, a conditional PutObject on S3 — serialises check-and-write
   *    between processes; one left by a process that died holding it goes after 5 s;
   * 2. no other lock file may exist, then ours is written;
   * 3. as the CLI's DIY backend does (pkg/backend/diy/lock.go: check, write, check again),
   *    the folder is listed once more and we back off if another lock appeared. Where the
   *    server ignores the mutex's condition (s3rver), this still keeps two updates from both
   *    holding the lock: with read-after-write consistency, of two writers at least the later
   *    one sees the other; at worst both back off.
   */
  lock(stack: string): () => void {
    const dir = this.lockDir(stack);
    const mutex = `${dir}.mutex`;
    const info = JSON.stringify({ pid: process.pid, username: os.userInfo().username, hostname: os.hostname(), timestamp: new Date().toISOString() });
    const deadline = Date.now() + 5_000;
    while (!this.blobs.create(mutex, info)) {
      if (Date.now() > deadline) this.blobs.delete(mutex);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
    const key = `${dir}/${randomUUID()}.json`;
    try {
      this.failIfLocked(stack, key);
      this.blobs.create(key, info);
    } finally {
      this.blobs.delete(mutex);
    }
    try {
      this.failIfLocked(stack, key);
    } catch (err) {
      this.blobs.delete(key);
      throw err;
    }
    return () => this.blobs.delete(key);
  }

  private failIfLocked(stack: string, own: string): void {
    const dir = this.lockDir(stack);
    const lines: string[] = [];
    for (const name of this.blobs.list(dir).filter((f) => f.endsWith(".json"))) {
      const key = `${dir}/${name}`;
      if (key === own) continue;
      const text = this.blobs.read(key);
      // Released between the listing and the read: no longer a lock.
      if (text === undefined) continue;
      const lock = JSON.parse(text) as { pid: number; username: string; hostname: string; timestamp: string };
      lines.push(`  ${this.blobs.location(key)}: created by ${lock.username}@${lock.hostname} (pid ${lock.pid}) at ${lock.timestamp}`);
    }
    if (lines.length > 0) {
      throw new CliError(
        `the stack is currently locked by ${lines.length} lock(s). Either wait for the other process(es) to end or delete the lock file with \`pulumi cancel\`.\n${lines.join("\n")}`,
      );
    }
  }

  /** `pulumi cancel` on a DIY backend: delete every lock file of the stack. */
  unlockAll(stack: string): number {
    const dir = this.lockDir(stack);
    const files = this.blobs.list(dir).filter((f) => f.endsWith(".json"));
    for (const f of files) this.blobs.delete(`${dir}/${f}`);
    return files.length;
  }

  isLocked(stack: string): boolean {
    return this.blobs.list(this.lockDir(stack)).some((f) => f.endsWith(".json"));
  }

  // --- history -----------------------------------------------------------------------------

  history(stack: string): HistoryEntry[] {
    const dir = this.historyDir(stack);
    return this.blobs
      .list(dir)
      .filter((f) => f.endsWith(".history.json"))
      .flatMap((f) => {
        const text = this.blobs.read(`${dir}/${f}`);
        return text === undefined ? [] : [JSON.parse(text) as HistoryEntry];
      })
      .sort((a, b) => b.version - a.version);
  }

  appendHistory(stack: string, entry: Omit<HistoryEntry, "version">): HistoryEntry {
    const dir = this.historyDir(stack);
    // The version is in the file names (`<stack>-000042.history.json`): no need to read them all.
    const versions = this.blobs.list(dir).map((f) => Number(/-(\d+)\.history\.json$/.exec(f)?.[1] ?? 0));
    const version = Math.max(0, ...versions) + 1;
    const full: HistoryEntry = { version, ...entry };
    this.blobs.write(`${dir}/${stack}-${String(version).padStart(6, "0")}.history.json`, JSON.stringify(full, null, 4));
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
