import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What a bundle was built from: each input file (relative to the repository root) and its content's SHA-256. */
export interface BundleInputs {
  [file: string]: string;
}

interface CachedBundle {
  inputs: BundleInputs;
  code: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * Lambda bundles kept on disk, shared by every process and thread on the machine: a new plan
 * thread, a `slipstream plan` or a `pulumi up` reuses the bundle another one built instead of
 * running esbuild again. An entry is keyed by the handler and the build's settings, and holds
 * the hash of every file the bundle was built from (esbuild's metafile): it is used only while
 * each of those files still hashes the same, so an edited handler — or anything it imports —
 * is bundled afresh. Written beside and renamed into place, so a reader never sees half of one.
 */
export class BundleCache {
  constructor(
    private readonly root: string,
    private readonly dir = path.join(os.tmpdir(), `slipstream-lambda-bundles-${os.userInfo().uid}`),
  ) {}

  /** The cached code of `key` if every file it was built from is unchanged. */
  get(key: string): string | undefined {
    let cached: CachedBundle;
    try {
      cached = JSON.parse(fs.readFileSync(this.file(key), "utf8")) as CachedBundle;
    } catch {
      return undefined;
    }
    for (const [file, hash] of Object.entries(cached.inputs)) {
      try {
        if (sha256(fs.readFileSync(path.join(this.root, file))) !== hash) return undefined;
      } catch {
        return undefined;
      }
    }
    return cached.code;
  }

  /** Keeps `code` for `key`, built from `files` (paths relative to the root); a cache that cannot be written is only a cache. */
  set(key: string, files: readonly string[], code: string): void {
    try {
      const inputs: BundleInputs = Object.fromEntries(files.map((file) => [file, sha256(fs.readFileSync(path.join(this.root, file)))]));
      fs.mkdirSync(this.dir, { recursive: true });
      const partial = `${this.file(key)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(partial, JSON.stringify({ inputs, code } satisfies CachedBundle));
      fs.renameSync(partial, this.file(key));
    } catch {
      // Read-only or full disk: the bundle is rebuilt next time, nothing else changes.
    }
  }

  private file(key: string): string {
    return path.join(this.dir, `${sha256(key).slice(0, 32)}.json`);
  }
}
