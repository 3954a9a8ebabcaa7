import { PutRecordBatchCommand, type FirehoseClient } from "@aws-sdk/client-firehose";
import type { RetryPolicy } from "../../../lambda-runtime/retry-policy";
import { sendWithRetry, type BatchLimits } from "./batch-sender";
import type { Logger } from "./logger";
import type { RecordSink } from "./record-sink";

// PutRecordBatch quotas (Amazon Data Firehose API reference): 500 records and 4 MiB per call.
const FIREHOSE_LIMITS: BatchLimits = {
  maxRecords: 500,
  maxBytes: 4 * 1024 * 1024,
  sizeOf: (record) => record.data.length,
};

/** Delivers records to one Firehose delivery stream with PutRecordBatch. */
export function createFirehoseSink(client: FirehoseClient, deliveryStreamName: string, retry: RetryPolicy, logger: Logger): RecordSink {
  const destination = `firehose:${deliveryStreamName}`;
  return {
    destination,
    deliver: (records, deadline) =>
      sendWithRetry(records, {
        destination,
        deadline,
        limits: FIREHOSE_LIMITS,
        retry,
        logger,
        put: async (batch) => {
          const response = await client.send(
            new PutRecordBatchCommand({ DeliveryStreamName: deliveryStreamName, Records: batch.map((record) => ({ Data: record.data })) }),
          );
          // FailedPutCount is 0 whenever everything was accepted; RequestResponses is then all RecordIds.
          if (response.FailedPutCount === 0) return batch.map(() => undefined);
          const results = response.RequestResponses ?? [];
          return results.map((result) => result.ErrorCode);
        },
      }),
  };
}
