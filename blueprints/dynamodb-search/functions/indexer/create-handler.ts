import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { backoffDelay, type BackoffOptions } from "../../../lambda-runtime/backoff";
import { DEFAULT_MAX_BULK_BYTES, serializeAction } from "./bulk-body";
import { indexActions } from "./bulk-indexer";
import { parseRecord, UnsupportedRecordError, type ChangeRecord, type RecordFailure } from "./change-record";
import type { IndexerConfig } from "./config";
import { jsonLineLogger, type Logger } from "./log";
import { planBulkActions } from "./plan-bulk-actions";
import type { BulkSender } from "./signed-bulk-sender";

/** What the handler needs; everything but `config` and `send` has a production default. */
export interface IndexerDependencies {
  readonly config: Pick<IndexerConfig, "indexName" | "maxAttempts">;
  /** Sends one bulk body; production signs it and POSTs it to the domain's `/_bulk`. */
  readonly send: BulkSender;
  /** Waits between attempts. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Source of backoff jitter in [0, 1). Default: `Math.random`. */
  readonly random?: () => number;
  readonly backoff?: BackoffOptions;
  readonly log?: Logger;
  /** Upper bound for one bulk body. Default 5 MiB. */
  readonly maxBulkBytes?: number;
  /** Upper bound for one bulk request. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Time kept back from the invocation's remaining time to answer Lambda. Default 2 s: without an
   * answer the invocation times out and every record of the batch counts as failed.
   */
  readonly reserveMs?: number;
}

/** The parts of the Lambda context the handler reads; tests may omit it. */
export type IndexerContext = Pick<Context, "getRemainingTimeInMillis" | "awsRequestId">;

export type IndexerHandler = (event: DynamoDBStreamEvent | KinesisStreamEvent, context?: IndexerContext) => Promise<DynamoDBBatchResponse>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The indexer: reads the batch's changes, sends the last change per item to OpenSearch's bulk API,
 * and reports the sequence numbers of the records that are still not indexed, for an event source
 * mapping configured with `ReportBatchItemFailures`.
 */
export function createHandler({
  config,
  send,
  sleep = defaultSleep,
  random = Math.random,
  backoff = {},
  log = jsonLineLogger,
  maxBulkBytes = DEFAULT_MAX_BULK_BYTES,
  requestTimeoutMs = 30_000,
  reserveMs = 2_000,
}: IndexerDependencies): IndexerHandler {
  if (!Number.isInteger(config.maxAttempts) || config.maxAttempts < 1) {
    throw new RangeError(`config.maxAttempts must be a positive integer (got ${config.maxAttempts})`);
  }
  if (config.indexName === "") {
    throw new RangeError("config.indexName must not be empty");
  }

  return async function indexStreamBatch(event, context) {
    const startedAt = Date.now();
    const requestLog: Logger = (level, message, fields) => log(level, message, { awsRequestId: context?.awsRequestId, ...fields });
    const remainingMs = () => (context === undefined ? Number.POSITIVE_INFINITY : context.getRemainingTimeInMillis() - reserveMs);
    const records: readonly (DynamoDBRecord | KinesisStreamRecord)[] | undefined = event.Records;
    if (!Array.isArray(records)) {
      throw new UnsupportedRecordError("the event has no Records: the function is only meant for stream event source mappings");
    }

    const changes: ChangeRecord[] = [];
    const failures: RecordFailure[] = [];
    for (const record of records) {
      const parsed = parseRecord(record);
      if ("change" in parsed) {
        changes.push(parsed.change);
      } else {
        failures.push(parsed.failure);
      }
    }

    const plan = planBulkActions(changes);
    failures.push(...plan.failures);
    const result = await indexActions(
      plan.actions.map((action) => serializeAction(action, config.indexName)),
      {
        send,
        maxAttempts: config.maxAttempts,
        maxBulkBytes,
        requestTimeoutMs,
        // Equal jitter from 200 ms: concurrent shards never retry against a throttled domain in lockstep, and every wait still grows.
        backoff: (retry) => backoffDelay(retry, { jitter: "equal", ...backoff, baseDelayMs: backoff.baseDelayMs ?? 200 }, random),
        sleep,
        remainingMs,
        log: requestLog,
      },
    );
    for (const [action, failure] of result.failed) {
      failures.push(...action.itemIdentifiers.map((itemIdentifier) => ({ itemIdentifier, errorType: failure.errorType })));
    }

    const failedIds = new Set(failures.map(({ itemIdentifier }) => itemIdentifier));
    // Stream order: Lambda checkpoints before the lowest reported sequence number either way, but
    // an ordered list reads better in the on-failure queue and in tests.
    const batchItemFailures = orderedIdentifiers(records).filter((id) => failedIds.has(id)).map((itemIdentifier) => ({ itemIdentifier }));

    requestLog(batchItemFailures.length === 0 ? "info" : "error", "indexed batch", {
      records: records.length,
      indexActions: plan.actions.filter(({ op }) => op === "index").length,
      deleteActions: plan.actions.filter(({ op }) => op === "delete").length,
      supersededRecords: plan.superseded,
      attempts: result.attempts,
      requests: result.requests,
      retriedActions: result.retriedActions,
      staleActions: result.staleActions,
      failedRecords: batchItemFailures.length,
      failuresByType: countBy(failures.map(({ errorType }) => errorType)),
      durationMs: Date.now() - startedAt,
    });
    return { batchItemFailures };
  };
}

function orderedIdentifiers(records: readonly (DynamoDBRecord | KinesisStreamRecord)[]): string[] {
  const ids = records.map((record) => ("kinesis" in record ? record.kinesis.sequenceNumber : record.dynamodb?.SequenceNumber));
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) {
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}
