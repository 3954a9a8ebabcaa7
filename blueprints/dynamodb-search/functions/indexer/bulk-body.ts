import type { BulkAction } from "./plan-bulk-actions";

/**
 * Bulk bodies are cut at 5 MiB: well under the smallest `http.max_content_length` of OpenSearch
 * Service (10 MiB on the smallest instance types, 100 MiB on the others) and at the low end of
 * the 5-15 MiB that bulk-sizing guidance suggests starting from.
 */
export const DEFAULT_MAX_BULK_BYTES = 5 * 1024 * 1024;

/** An action with its NDJSON lines, serialized once and reused by every retry. */
export interface SerializedAction {
  readonly action: BulkAction;
  readonly ndjson: string;
  readonly bytes: number;
}

/**
 * The action line and, except for delete, the document line, each ending in the newline bulk
 * requires. A versioned action carries `version` with `version_type: external` (OpenSearch "Bulk"
 * API, action metadata; "Index document": external versions must be greater than the stored one,
 * else 409). A delete sent so leaves a tombstone with its version for `index.gc_deletes`, which
 * refuses a late older index of the same document.
 */
export function serializeAction(action: BulkAction, indexName: string): SerializedAction {
  const versioning = action.version === undefined ? {} : { version: action.version, version_type: "external" };
  const meta = JSON.stringify({ [action.op]: { _index: indexName, _id: action.id, ...versioning } });
  // JSON.stringify never emits a raw newline, so each value stays on its own line.
  const ndjson = action.op === "delete" ? `${meta}\n` : `${meta}\n${JSON.stringify(action.document)}\n`;
  return { action, ndjson, bytes: Buffer.byteLength(ndjson, "utf8") };
}

/**
 * Splits actions into bodies of at most `maxBytes`, keeping their order. An action larger than
 * `maxBytes` on its own (impossible for a 400 KB DynamoDB item at the default) gets a body alone
 * rather than being dropped.
 */
export function chunkBySize(actions: readonly SerializedAction[], maxBytes: number): SerializedAction[][] {
  const chunks: SerializedAction[][] = [];
  let current: SerializedAction[] = [];
  let size = 0;
  for (const action of actions) {
    if (current.length > 0 && size + action.bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(action);
    size += action.bytes;
  }
  if (current.length > 0) {
    chunks.push(current);
  }
  return chunks;
}
