import { backoffDelay } from "./backoff";
import { packBatches, type BatchLimits } from "./batch-packing";
import type { RetryPolicy } from "./retry-policy";
import { isRetryableError } from "./retryable-error";

/** A record a batch put API (PutRecordBatch, PutRecords) sends, and what identifies it to the caller. */
export interface PutItem<Id> {
  readonly id: Id;
  readonly data: Buffer;
  /** Kinesis only. */
  readonly partitionKey?: string;
}

/** The API's per-call limits, and its per-record limit: a larger record can never be accepted. */
export interface PutLimits extends BatchLimits<PutItem<unknown>> {
  readonly maxRecordBytes: number;
}

/** Sends one batch; answers per item, in order, an error code or undefined when accepted. */
export type PutBatch = (items: readonly PutItem<unknown>[]) => Promise<ReadonlyArray<string | undefined>>;

export interface PutOutcome<Id> {
  readonly failed: { id: Id; errorCode: string }[];
  readonly attempts: number;
  readonly calls: number;
}

// A round needs time for its calls too, not only for the wait before it.
const MIN_ROUND_MS = 1_000;

/**
 * Delivers items through a batch put API that can partly fail. Items above the per-record
 * limit fail at once (no retry can fix them); the rest are packed into calls, and after each
 * round only the items that failed are sent again after a jittered backoff. A call that fails
 * as a whole with a retryable error counts as all its items failing; any other error is
 * thrown, because repeating it cannot succeed.
 */
export async function putWithRetry<Id>(items: readonly PutItem<Id>[], limits: PutLimits, put: PutBatch, retry: RetryPolicy): Promise<PutOutcome<Id>> {
  const failed: { id: Id; errorCode: string }[] = [];
  let pending: PutItem<Id>[] = [];
  for (const item of items) {
    if (item.data.length > limits.maxRecordBytes) failed.push({ id: item.id, errorCode: "RecordTooLarge" });
    else pending.push(item);
  }
  let attempts = 0;
  let calls = 0;
  let lastCodes = new Map<PutItem<Id>, string>();
  while (pending.length > 0 && attempts < retry.maxAttempts) {
    if (attempts > 0) {
      const delay = backoffDelay(attempts, retry, retry.random);
      if (retry.remainingMs !== undefined && retry.remainingMs() < delay + MIN_ROUND_MS) break;
      await retry.sleep(delay);
    }
    attempts += 1;
    const next: PutItem<Id>[] = [];
    lastCodes = new Map();
    for (const batch of packBatches(pending, limits)) {
      calls += 1;
      let codes: ReadonlyArray<string | undefined>;
      try {
        codes = await put(batch);
      } catch (error) {
        if (!isRetryableError(error)) throw error;
        const code = error instanceof Error ? error.name : "RetryableError";
        codes = batch.map(() => code);
      }
      if (codes.length !== batch.length) throw new Error(`the put answered ${codes.length} results for ${batch.length} records`);
      batch.forEach((item, index) => {
        const code = codes[index];
        if (code === undefined) return;
        next.push(item);
        lastCodes.set(item, code);
      });
    }
    pending = next;
  }
  for (const item of pending) failed.push({ id: item.id, errorCode: lastCodes.get(item) ?? "NotAttempted" });
  return { failed, attempts, calls };
}
