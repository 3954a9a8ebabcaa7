import { PutRecordBatchCommand, type FirehoseClient } from "@aws-sdk/client-firehose";
import type { Context, MSKEvent } from "aws-lambda";
import type { ConsumerConfig } from "./config";
import { recordsOf, toRawRecord, type KafkaItemIdentifier } from "./kafka-records";
import { countBy, jsonLineLogger, type Logger } from "./log";
import { putWithRetry, type BatchLimits, type PutItem } from "./retrying-put";

// PutRecordBatch quotas: 500 records and 4 MiB per call, 1,000 KiB per record.
export const FIREHOSE_LIMITS: BatchLimits = { maxRecords: 500, maxBytes: 4 * 1024 * 1024, maxRecordBytes: 1000 * 1024, sizeOf: (item) => item.data.length };

export interface ConsumerDependencies {
  readonly config: ConsumerConfig;
  /** Production: a client with the SDK's own retries off (`maxAttempts: 1`), so MAX_ATTEMPTS bounds the calls. */
  readonly firehose: FirehoseClient;
  readonly log?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Time kept back to answer Lambda before the invocation times out. Default 2 s. */
  readonly reserveMs?: number;
}

export interface KafkaBatchResponse {
  batchItemFailures: { itemIdentifier: KafkaItemIdentifier }[];
}

export type ConsumerHandler = (event: MSKEvent, context?: Pick<Context, "getRemainingTimeInMillis" | "awsRequestId">) => Promise<KafkaBatchResponse>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The MSK consumer: turns each Kafka record of the batch into one JSON line and sends them
 * to the raw zone's delivery stream with PutRecordBatch, retrying the records Firehose did
 * not accept. Records still not accepted are reported as batch item failures (the mapping
 * enables `ReportBatchItemFailures`), so Lambda retries them, bisects, and after its bounded
 * retries hands them to the on-failure queue.
 */
export function createHandler({ config, firehose, log = jsonLineLogger, sleep = defaultSleep, random = Math.random, reserveMs = 2_000 }: ConsumerDependencies): ConsumerHandler {
  if (!Number.isInteger(config.maxAttempts) || config.maxAttempts < 1) throw new RangeError(`config.maxAttempts must be a positive integer (got ${config.maxAttempts})`);

  return async function consumeKafkaBatch(event, context) {
    const startedAt = Date.now();
    const items: PutItem<KafkaItemIdentifier>[] = recordsOf(event).map(({ id, record }) => ({ id, data: Buffer.from(`${JSON.stringify(toRawRecord(record))}\n`, "utf8") }));
    const outcome = await putWithRetry(
      items,
      FIREHOSE_LIMITS,
      async (batch) => {
        const response = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: config.deliveryStreamName, Records: batch.map((item) => ({ Data: item.data })) }));
        if (response.FailedPutCount === 0) return batch.map(() => undefined);
        return (response.RequestResponses ?? []).map((result) => result.ErrorCode);
      },
      { maxAttempts: config.maxAttempts, sleep, random, remainingMs: context === undefined ? undefined : () => context.getRemainingTimeInMillis() - reserveMs },
    );
    const batchItemFailures = outcome.failed.map(({ id }) => ({ itemIdentifier: id }));
    log(batchItemFailures.length === 0 ? "info" : "error", "consumed batch", {
      awsRequestId: context?.awsRequestId,
      records: items.length,
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
