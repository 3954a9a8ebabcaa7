import { backoffDelay } from "../../../lambda-runtime/backoff";
import { packBatches, type BatchLimits as PackingLimits } from "../../../lambda-runtime/batch-packing";
import type { RetryPolicy } from "../../../lambda-runtime/retry-policy";
import { isRetryableError } from "../../../lambda-runtime/retryable-error";
import { NO_DEADLINE, type Deadline } from "./deadline";
import type { ForwardRecord } from "./forward-record";
import type { Logger } from "./logger";

/** What one put API accepts per call. */
export type BatchLimits = PackingLimits<ForwardRecord>;

/**
 * Sends one batch (within the limits) and reports, per record and in order, the error code of
 * a record that was not accepted, or undefined for one that was.
 */
export type PutBatch = (records: readonly ForwardRecord[]) => Promise<ReadonlyArray<string | undefined>>;

/** The outcome of delivering records to one destination. */
export interface DeliveryReport {
  readonly destination: string;
  readonly delivered: number;
  /** Records still not accepted after the last attempt. */
  readonly failed: number;
  /** True when retrying stopped because the invocation's time ran out, not after maxAttempts. */
  readonly outOfTime?: boolean;
  readonly attempts: number;
  /** Error codes of the records that failed in the end, with counts. */
  readonly errorCodes: Readonly<Record<string, number>>;
}

export interface SendOptions {
  readonly destination: string;
  readonly limits: BatchLimits;
  readonly put: PutBatch;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  /** No retry starts whose wait would not end in time. Default: no limit. */
  readonly deadline?: Deadline;
}

/**
 * Delivers records through a batch put API that can partly fail (PutRecordBatch, PutRecords):
 * records are packed into calls within the API's limits, and after each round only the records
 * that failed are sent again, after a jittered backoff, up to `maxAttempts` rounds. A whole call
 * failing with a retryable error (throttling, 5xx, network) counts as all its records failing;
 * any other error is thrown, because repeating it cannot succeed. A retry whose backoff would
 * outlast the invocation's deadline is not waited for: the records count as failed and the
 * message is retried by SQS instead of the invocation timing out.
 */
export async function sendWithRetry(records: readonly ForwardRecord[], options: SendOptions): Promise<DeliveryReport> {
  const { destination, limits, put, retry, logger } = options;
  const deadline = options.deadline ?? NO_DEADLINE;
  let pending = records;
  let errorCodes: Record<string, number> = {};
  let attempt = 0;
  let outOfTime = false;
  while (pending.length > 0 && attempt < retry.maxAttempts) {
    if (attempt > 0) {
      const delay = backoffDelay(attempt, retry, retry.random);
      if (deadline.remainingMs() <= delay) {
        outOfTime = true;
        break;
      }
      await retry.sleep(delay);
    } else if (deadline.remainingMs() <= 0) {
      outOfTime = true;
      break;
    }
    attempt += 1;
    const failed: ForwardRecord[] = [];
    errorCodes = {};
    for (const batch of packBatches(pending, limits)) {
      let codes: ReadonlyArray<string | undefined>;
      try {
        codes = await put(batch);
      } catch (error) {
        if (!isRetryableError(error)) throw error;
        const code = error instanceof Error ? error.name : "RetryableError";
        codes = batch.map(() => code);
      }
      if (codes.length !== batch.length) {
        throw new Error(`${destination} answered ${codes.length} results for ${batch.length} records`);
      }
      batch.forEach((record, index) => {
        const code = codes[index];
        if (code === undefined) return;
        failed.push(record);
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      });
    }
    if (failed.length > 0 && attempt < retry.maxAttempts) {
      logger.warn("records not accepted, retrying them", { destination, attempt, failed: failed.length, errorCodes });
    }
    pending = failed;
  }
  const report = { destination, delivered: records.length - pending.length, failed: pending.length, attempts: attempt, errorCodes: pending.length > 0 ? errorCodes : {} };
  return outOfTime ? { ...report, outOfTime } : report;
}
