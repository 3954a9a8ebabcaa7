/** A record a batch put API (PutRecordBatch, PutRecords) sends, and what identifies it to the caller. */
export interface PutItem<Id> {
  readonly id: Id;
  readonly data: Buffer;
  /** Kinesis only. */
  readonly partitionKey?: string;
}

export interface BatchLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly maxRecordBytes: number;
  /** Bytes an item counts for against `maxBytes`. */
  readonly sizeOf: (item: PutItem<unknown>) => number;
}

/** Sends one batch; answers per item, in order, an error code or undefined when accepted. */
export type PutBatch = (items: readonly PutItem<unknown>[]) => Promise<ReadonlyArray<string | undefined>>;

export interface RetryOptions {
  /** Rounds, first included. */
  readonly maxAttempts: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1). */
  readonly random: () => number;
  /** Default 100 ms, doubling per round up to `maxDelayMs` (default 5 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Milliseconds left for more rounds; no round starts when the next wait would not fit. */
  readonly remainingMs?: () => number;
}

export interface PutOutcome<Id> {
  readonly failed: { id: Id; errorCode: string }[];
  readonly attempts: number;
  readonly calls: number;
}

// Throttling, 5xx and network errors pass; validation, missing-stream and permission errors never will.
const RETRYABLE_NAMES = new Set([
  "ThrottlingException", "ServiceUnavailableException", "ProvisionedThroughputExceededException", "InternalFailure", "InternalFailureException",
  "KMSThrottlingException", "LimitExceededException", "TimeoutError", "RequestTimeout", "RequestTimeoutException",
]);
const RETRYABLE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);

export function isRetryable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, $retryable, $metadata } = error as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if ($retryable) return true;
  if (name !== undefined && RETRYABLE_NAMES.has(name)) return true;
  if (code !== undefined && RETRYABLE_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  return status !== undefined && (status >= 500 || status === 429);
}

/** Packs items, in order, into as few batches as the limits allow. */
export function packBatches<T extends PutItem<unknown>>(items: readonly T[], limits: BatchLimits): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = limits.sizeOf(item);
    if (current.length > 0 && (current.length >= limits.maxRecords || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Delivers items through a batch put API that can partly fail. Items above the per-record
 * limit fail at once (no retry can fix them); the rest are packed into calls, and after each
 * round only the items that failed are sent again after a "full jitter" backoff. A call that
 * fails as a whole with a retryable error counts as all its items failing; any other error
 * is thrown, because repeating it cannot succeed.
 */
export async function putWithRetry<Id>(items: readonly PutItem<Id>[], limits: BatchLimits, put: PutBatch, retry: RetryOptions): Promise<PutOutcome<Id>> {
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
      const ceiling = Math.min(retry.maxDelayMs ?? 5_000, (retry.baseDelayMs ?? 100) * 2 ** (attempts - 1));
      const delay = Math.floor(retry.random() * ceiling);
      if (retry.remainingMs !== undefined && retry.remainingMs() < delay + 1_000) break;
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
        if (!isRetryable(error)) throw error;
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
