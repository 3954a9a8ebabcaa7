import type { BulkAction } from "./plan-bulk-actions";

/** What became of one bulk action. `errorType` is an OpenSearch error type or our own label. */
export type ItemOutcome =
  | { readonly kind: "ok" }
  /** A versioned action OpenSearch refused because the index holds a newer state: nothing to do. */
  | { readonly kind: "stale" }
  | { readonly kind: "retry" | "fail"; readonly status?: number; readonly errorType: string };

/** A bulk request's HTTP answer. */
export interface BulkHttpResponse {
  readonly status: number;
  readonly body: string;
}

const OK: ItemOutcome = { kind: "ok" };
const STALE: ItemOutcome = { kind: "stale" };

/**
 * 429 (a full write queue, `es_rejected_execution_exception`) and 5xx are transient; other 4xx
 * (mapping errors, a closed or missing index, denied access) will answer the same next time.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The outcome of each action, in the order sent. The bulk API answers 200 even when items fail, so
 * a 2xx is read item by item: an item fails when its status is 300 or more, except a delete
 * answering 404 — the document is already gone, which is what the REMOVE asked for — and a 409
 * `version_conflict_engine_exception`, which only versioned actions get: the index already holds
 * this change or a newer one (or a newer delete's tombstone), so the record is done. A whole-request
 * error, or a 2xx whose body does not account for every action, applies to every action.
 */
export function outcomesOf(response: BulkHttpResponse, ops: readonly BulkAction["op"][]): ItemOutcome[] {
  if (response.status < 200 || response.status >= 300) {
    const outcome: ItemOutcome = {
      kind: isRetryableStatus(response.status) ? "retry" : "fail",
      status: response.status,
      errorType: `http-${response.status}`,
    };
    return ops.map(() => outcome);
  }
  const items = bulkItems(response.body);
  if (items === undefined || items.length !== ops.length) {
    // The actions may or may not have been applied; all of them are idempotent, so sending again is safe.
    return ops.map(() => ({ kind: "retry", status: response.status, errorType: "malformed-bulk-response" }));
  }
  return items.map((item, index) => itemOutcome(item, ops[index]));
}

interface BulkItemResult {
  readonly status?: unknown;
  readonly error?: { readonly type?: unknown };
}

function bulkItems(body: string): BulkItemResult[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const items = (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) {
    return undefined;
  }
  // Each item is `{ "<op>": { _index, _id, status, error? } }`.
  return items.map((item: unknown) => {
    const result: unknown = typeof item === "object" && item !== null ? Object.values(item)[0] : undefined;
    return typeof result === "object" && result !== null ? (result as BulkItemResult) : {};
  });
}

function itemOutcome(item: BulkItemResult, op: BulkAction["op"] | undefined): ItemOutcome {
  const status = item.status;
  if (typeof status !== "number") {
    return { kind: "retry", errorType: "malformed-bulk-response" };
  }
  if (status < 300 || (op === "delete" && status === 404)) {
    return OK;
  }
  const errorType = typeof item.error?.type === "string" ? item.error.type : `http-${status}`;
  if (status === 409 && errorType === "version_conflict_engine_exception") {
    return STALE;
  }
  return { kind: isRetryableStatus(status) ? "retry" : "fail", status, errorType };
}
