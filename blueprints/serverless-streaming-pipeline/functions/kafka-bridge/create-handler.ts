import { createHash } from "node:crypto";
import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import type { MSKRecord } from "aws-lambda";
import { createKafkaBatchHandler, type KafkaBatchDependencies, type KafkaBatchHandler } from "../../../lambda-runtime/kafka-batch-handler";
import type { KafkaItemIdentifier } from "../../../lambda-runtime/kafka-records";
import type { PutItem, PutLimits } from "../../../lambda-runtime/put-with-retry";
import type { BridgeConfig } from "./config";

export type { KafkaBatchResponse } from "../../../lambda-runtime/kafka-records";

// PutRecords quotas (Kinesis Data Streams API reference, PutRecords): 500 records and 5 MiB
// per call, 1 MiB per record; partition keys count towards both.
export const KINESIS_LIMITS: PutLimits = {
  maxRecords: 500,
  maxBytes: 5 * 1024 * 1024,
  maxRecordBytes: 1024 * 1024 - 256,
  sizeOf: (item) => item.data.length + Buffer.byteLength(item.partitionKey ?? "", "utf8"),
};
const MAX_PARTITION_KEY_LENGTH = 256;

export interface BridgeDependencies extends KafkaBatchDependencies {
  readonly config: BridgeConfig;
  /** Production: a KinesisClient with the SDK's own retries off (`maxAttempts: 1`). */
  readonly kinesis: Pick<KinesisClient, "send">;
}

export type BridgeHandler = KafkaBatchHandler;

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

/**
 * The Kafka → Kinesis bridge: writes each Kafka record's value, byte for byte, into the
 * pipeline's stream with PutRecords, retrying the records Kinesis refused (throttling per
 * shard is normal under bursts). Tombstones (null values) carry no data for the stream and
 * are skipped, counted in the log. Records still refused are reported as batch item failures.
 */
export function createHandler({ config, kinesis, ...dependencies }: BridgeDependencies): BridgeHandler {
  return createKafkaBatchHandler({
    ...dependencies,
    maxAttempts: config.maxAttempts,
    limits: KINESIS_LIMITS,
    message: "bridged batch",
    itemsOf: (records) => {
      const items: PutItem<KafkaItemIdentifier>[] = [];
      let tombstones = 0;
      for (const { id, record } of records) {
        if (record.value === undefined || record.value === null) {
          tombstones += 1;
          continue;
        }
        items.push({ id, data: Buffer.from(record.value, "base64"), partitionKey: partitionKeyOf(record) });
      }
      return { items, fields: { records: records.length, tombstones } };
    },
    put: async (batch) => {
      const response = await kinesis.send(
        new PutRecordsCommand({ StreamName: config.streamName, Records: batch.map((item) => ({ Data: item.data, PartitionKey: item.partitionKey! })) }),
      );
      if (response.FailedRecordCount === 0) return batch.map(() => undefined);
      return (response.Records ?? []).map((result) => result.ErrorCode);
    },
  });
}
