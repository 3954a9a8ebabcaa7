import type { BlobStore } from "./blob-store";
import type { Wire } from "./wire";

/**
 * What the cloud holds differently from what the stand-in's provider last wrote: the stand-in
 * has no cloud, so a test describes drift in a small JSON object beside the stack's state,
 * `standin-cloud/<project>/<stack>.json` in the backend (a file under a `file://` folder, an
 * object in an `s3://` bucket). Only `refresh` reads it, as only a provider's `Read` looks
 * at the cloud; `up` and `preview` diff the program against the state, as the real engine
 * does without `--refresh`.
 */
export interface CloudDriftFile {
  /** Per resource URN, the properties the cloud now holds: a value, or null for one removed. */
  changed?: Record<string, Record<string, Wire>>;
  /** URNs of resources gone from the cloud: a provider's `Read` finds nothing. */
  deleted?: string[];
}

export type CloudCopy = { gone: true } | { gone: false; properties: Record<string, Wire> };

export function cloudDriftKey(project: string, stack: string): string {
  return `standin-cloud/${project}/${stack}.json`;
}

export class CloudDrift {
  private readonly key: string;
  private file: CloudDriftFile | undefined;

  constructor(
    private readonly blobs: BlobStore,
    project: string,
    stack: string,
  ) {
    this.key = cloudDriftKey(project, stack);
    // Read once per run: a run sees the cloud as it was when it started.
    const raw = blobs.read(this.key);
    this.file = raw === undefined ? undefined : (JSON.parse(raw) as CloudDriftFile);
  }

  /** The cloud's differences for one resource; undefined when it holds what the provider wrote. */
  lookup(urn: string): CloudCopy | undefined {
    if (this.file?.deleted?.includes(urn)) return { gone: true };
    const properties = this.file?.changed?.[urn];
    return properties ? { gone: false, properties } : undefined;
  }

  /**
   * A provider create, update or delete writes the resource's cloud copy, so whatever drift
   * the file described for it is gone. Without this, a drifted resource that `refresh` then
   * `up` put right would read back drifted forever.
   */
  wrote(urn: string): void {
    if (!this.file || this.lookup(urn) === undefined) return;
    const { [urn]: _dropped, ...changed } = this.file.changed ?? {};
    this.file = { changed, deleted: (this.file.deleted ?? []).filter((u) => u !== urn) };
    this.blobs.write(this.key, JSON.stringify(this.file, null, 2));
  }
}
