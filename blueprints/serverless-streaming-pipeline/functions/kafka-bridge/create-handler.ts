import { createHash } from "node:crypto";
import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import type { Context, MSKEvent, MSKRecord } from "aws-lambda";
// The bridge reads the same MSK events as the data lake's consumer and retries the same way;
// the Kafka side and the retrying batch put are shared rather than copied.
import { recordsOf, type KafkaItemIdentifier } from "../../../msk-data-lake/functions/msk-consumer/kafka-records";
import { countBy, jsonLineLogger, type Logger } from "../../../msk-data-lake/functions/msk-consumer/log";
import { putWithRetry, type BatchLimits, type PutItem } from "../../../msk-data-lake/functions/msk-consumer/retrying-put";
import type { BridgeConfig } from "./config";

// PutRecords quotas: 500 records and 5 MiB per call, 1 MiB per record; partition keys count.
export const KINESIS_LIMITS: BatchLimits = {
  maxRecords: 500,
  maxBytes: 5 * 1024 * 1024,
  maxRecordBytes: 1024 * 1024 - 256,
  sizeOf: (item) => item.data.length + Buffer.byteLength(item.partitionKey ?? "", "utf8"),
};
const MAX_PARTITION_KEY_LENGTH = 256;

export interface BridgeDependencies {
  readonly config: BridgeConfig;
  /** Production: a KinesisClient with the SDK's own retries off (`maxAttempts: 1`). */
  readonly kinesis: Pick<KinesisClient, "send">;
  readonly log?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Time kept back to answer Lambda. Default 2 s. */
  readonly reserveMs?: number;
}

export interface KafkaBatchResponse {
  batchItemFailures: { itemIdentifier: KafkaItemIdentifier }[];
}

export type BridgeHandler = (event: MSKEvent, context?: Pick<Context, "getRemainingTimeInMillis" | "awsRequestId">) => Promise<KafkaBatchResponse>;

/**
 * Kinesis partition key of a Kafka record: its key, so one key's records stay in order on
 * one shard as they were on one Kafka partition; keyless records keep their partition's
 * order. Lambda hands keys over base64, which is a fine partition key as it is.
 */
export function partitionKeyOf(record: MSKRecord): string {
  const key = record.key;
  if (key === undefined || key === null || key === "") return `${record.topic}-${record.partition}`;
  return key.length <= MAX_PARTITION_KEY_LENGTH ? key : createHash("sha256").update(key).digest("hex");
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Kafka → Kinesis bridge: writes each Kafka record's value, byte for byte, into the
 * pipeline's stream with PutRecords, retrying the records Kinesis refused (throttling per
 * shard is normal under bursts). Tombstones (null values) carry no data for the stream and
 * are skipped, counted in the log. Records still refused are reported as batch item failures.
 */
export function createHandler({ config, kinesis, log = jsonLineLogger, sleep = defaultSleep, random = Math.random, reserveMs = 2_000 }: BridgeDependencies): BridgeHandler {
  if (!Number.isInteger(config.maxAttempts) || config.maxAttempts < 1) throw new RangeError(`config.maxAttempts must be a positive integer (got ${config.maxAttempts})`);

  return async function bridgeKafkaBatch(event, context) {
    const startedAt = Date.now();
    const records = recordsOf(event);
    const items: PutItem<KafkaItemIdentifier>[] = [];
    let tombstones = 0;
    for (const { id, record } of records) {
      if (record.value === undefined || record.value === null) {
        tombstones += 1;
        continue;
      }
      items.push({ id, data: Buffer.from(record.value, "base64"), partitionKey: partitionKeyOf(record) });
    }
    const outcome = await putWithRetry(
      items,
      KINESIS_LIMITS,
      async (batch) => {
        const response = await kinesis.send(
          new PutRecordsCommand({ StreamName: config.streamName, Records: batch.map((item) => ({ Data: item.data, PartitionKey: item.partitionKey! })) }),
        );
        if (response.FailedRecordCount === 0) return batch.map(() => undefined);
        return (response.Records ?? []).map((result) => result.ErrorCode);
      },
      { maxAttempts: config.maxAttempts, sleep, random, remainingMs: context === undefined ? undefined : () => context.getRemainingTimeInMillis() - reserveMs },
    );
    const batchItemFailures = outcome.failed.map(({ id }) => ({ itemIdentifier: id }));
    log(batchItemFailures.length === 0 ? "info" : "error", "bridged batch", {
      awsRequestId: context?.awsRequestId,
      records: records.length,
      tombstones,
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
