import type { Context, MSKEvent, MSKRecord } from "aws-lambda";
import { countBy, jsonLineLogger, type LogFields, type Logger } from "./json-log";
import { recordsOf, type KafkaBatchResponse, type KafkaItemIdentifier } from "./kafka-records";
import { putWithRetry, type PutBatch, type PutItem, type PutLimits } from "./put-with-retry";
import { sleep as realSleep } from "./sleep";

// The data lake's consumer (Firehose) and the streaming pipeline's bridge (Kinesis) handle an
// MSK batch the same way; only what a record becomes and where it is put differ.

export type KafkaBatchContext = Pick<Context, "getRemainingTimeInMillis" | "awsRequestId">;
export type KafkaBatchHandler = (event: MSKEvent, context?: KafkaBatchContext) => Promise<KafkaBatchResponse>;

/** What a handler may be given besides its config and client; tests replace time and randomness. */
export interface KafkaBatchDependencies {
  readonly log?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Time kept back to answer Lambda before the invocation times out. Default 2 s. */
  readonly reserveMs?: number;
}

export interface KafkaBatchDelivery extends KafkaBatchDependencies {
  /** Rounds of the batch put, first included (`MAX_ATTEMPTS`). */
  readonly maxAttempts: number;
  readonly limits: PutLimits;
  readonly put: PutBatch;
  /** The log line's message, e.g. "consumed batch". */
  readonly message: string;
  /** The items to put for the event's records, and counts to log before the outcome's. */
  readonly itemsOf: (records: { id: KafkaItemIdentifier; record: MSKRecord }[]) => { items: PutItem<KafkaItemIdentifier>[]; fields: LogFields };
}

/**
 * An MSK batch handler: puts the items of every record with retry and reports the records
 * still not accepted as batch item failures (the mapping enables `ReportBatchItemFailures`),
 * so Lambda retries them, bisects, and after its bounded retries hands them to the
 * on-failure destination. One log line per batch, counts and error codes only.
 */
export function createKafkaBatchHandler({
  maxAttempts,
  limits,
  put,
  message,
  itemsOf,
  log = jsonLineLogger,
  sleep = realSleep,
  random = Math.random,
  reserveMs = 2_000,
}: KafkaBatchDelivery): KafkaBatchHandler {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`config.maxAttempts must be a positive integer (got ${maxAttempts})`);

  return async function handleKafkaBatch(event, context) {
    const startedAt = Date.now();
    const { items, fields } = itemsOf(recordsOf(event));
    const outcome = await putWithRetry(items, limits, put, {
      maxAttempts,
      sleep,
      random,
      remainingMs: context === undefined ? undefined : () => context.getRemainingTimeInMillis() - reserveMs,
    });
    const batchItemFailures = outcome.failed.map(({ id }) => ({ itemIdentifier: id }));
    log(batchItemFailures.length === 0 ? "info" : "error", message, {
      awsRequestId: context?.awsRequestId,
      ...fields,
      delivered: items.length - outcome.failed.length,
      failed: outcome.failed.length,
      attempts: outcome.attempts,
      calls: outcome.calls,
      failuresByCode: countBy(outcome.failed.map(({ errorCode }) => errorCode)),
      durationMs: Date.now() - startedAt,
    });
    return { batchItemFailures };
  };
}
