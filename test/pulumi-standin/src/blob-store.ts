import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { CliError } from "./cli-args";
import { openS3BlobStore } from "./s3-blob-store";

/**
 * What the DIY backend keeps its state in, as the CLI's `gocloud.dev/blob` bucket: objects
 * under slash-separated keys (`.pulumi/stacks/<project>/<stack>.json`, …) relative to the
 * backend URL. `file://` and `s3://` share every key and every caller (src/backend.ts); only
 * the storage differs. Calls are synchronous, as the stand-in's file backend always was: a
 * checkpoint is saved before the next step starts, so a SIGKILL never outruns a write.
 */
export interface BlobStore {
  /** The backend URL, as `pulumi whoami --json` prints it. */
  readonly url: string;
  /** Where a key lives, for messages: `file:///…/x.json`, `s3://bucket/prefix/x.json`. */
  location(key: string): string;
  /** The object's text, or undefined when there is none. */
  read(key: string): string | undefined;
  /** Writes the object whole: a reader sees the old text or the new, never half of one. */
  write(key: string, body: string): void;
  /**
   * Creates the object only if there is none; false when one exists. Atomic for files
   * (O_EXCL) and on S3 with conditional writes (`If-None-Match: *`); see s3-blob-store.ts
   * for servers that ignore the condition.
   */
  create(key: string, body: string): boolean;
  exists(key: string): boolean;
  delete(key: string): void;
  /** Names of the objects directly in `dir` (not in sub-folders), sorted. */
  list(dir: string): string[];
  /** Deletes every object under `dir`. */
  deleteAll(dir: string): void;
}

/** `PULUMI_BACKEND_URL` wins over the project's `backend.url`, as in the CLI. */
export function backendUrl(projectBackendUrl: string | undefined): string {
  const url = process.env["PULUMI_BACKEND_URL"] || projectBackendUrl;
  if (!url) throw new CliError("the Pulumi CLI stand-in needs a DIY backend: set PULUMI_BACKEND_URL or backend.url to a file:// or s3:// URL");
  return url;
}

/** Opens the DIY backend a URL names: `file://<folder>` or `s3://<bucket>[/<prefix>][?…]`. */
export function openBlobStore(url: string, projectDir: string): BlobStore {
  if (url.startsWith("file://")) return new FileBlobStore(fileBackendRoot(url, projectDir));
  if (url.startsWith("s3://")) return openS3BlobStore(url);
  throw new CliError(`the Pulumi CLI stand-in supports only file:// and s3:// backends, not ${url}`);
}

/** `file://~/x`, `file:///abs` or `file://rel` (relative to the project), as the CLI reads them. */
export function fileBackendRoot(url: string, projectDir: string): string {
  const rest = url.slice("file://".length);
  if (rest.startsWith("~")) return path.join(os.homedir(), rest.slice(1));
  if (rest.startsWith("/")) return fileURLToPath(url);
  return path.resolve(projectDir, rest);
}

/** A folder on disk: one file per key. */
export class FileBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  get url(): string {
    return `file://${this.root}`;
  }

  private file(key: string): string {
    return path.join(this.root, ...key.split("/"));
  }

  location(key: string): string {
    return `file://${this.file(key)}`;
  }

  read(key: string): string | undefined {
    try {
      return fs.readFileSync(this.file(key), "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }

  write(key: string, body: string): void {
    const file = this.file(key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write-then-rename: a SIGKILL never leaves a half-written checkpoint, as with the real engine.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, file);
  }

  create(key: string, body: string): boolean {
    const file = this.file(key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, body, { flag: "wx" });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw err;
    }
  }

  exists(key: string): boolean {
    return fs.existsSync(this.file(key));
  }

  delete(key: string): void {
    fs.rmSync(this.file(key), { force: true });
  }

  list(dir: string): string[] {
    try {
      return fs
        .readdirSync(this.file(dir), { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
        .sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
  }

  deleteAll(dir: string): void {
    fs.rmSync(this.file(dir), { recursive: true, force: true });
  }
}
