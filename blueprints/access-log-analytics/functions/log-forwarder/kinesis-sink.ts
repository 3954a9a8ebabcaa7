import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import type { RetryPolicy } from "../../../lambda-runtime/retry-policy";
import { sendWithRetry, type BatchLimits } from "./batch-sender";
import type { Logger } from "./logger";
import type { RecordSink } from "./record-sink";

// PutRecords quotas (Kinesis Data Streams API reference): 500 records and 5 MiB per call, where
// the partition keys count towards the 5 MiB.
const KINESIS_LIMITS: BatchLimits = {
  maxRecords: 500,
  maxBytes: 5 * 1024 * 1024,
  sizeOf: (record) => record.data.length + Buffer.byteLength(record.partitionKey, "utf8"),
};

/** Delivers records to the anomaly-detection Kinesis data stream with PutRecords. */
export function createKinesisSink(client: KinesisClient, streamName: string, retry: RetryPolicy, logger: Logger): RecordSink {
  const destination = `kinesis:${streamName}`;
  return {
    destination,
    deliver: (records, deadline) =>
      sendWithRetry(records, {
        destination,
        deadline,
        limits: KINESIS_LIMITS,
        retry,
        logger,
        put: async (batch) => {
          const response = await client.send(
            new PutRecordsCommand({
              StreamName: streamName,
              Records: batch.map((record) => ({ Data: record.data, PartitionKey: record.partitionKey })),
            }),
          );
          if (response.FailedRecordCount === 0) return batch.map(() => undefined);
          return (response.Records ?? []).map((result) => result.ErrorCode);
        },
      }),
  };
}
