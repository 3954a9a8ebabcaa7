import { PutRecordBatchCommand, type FirehoseClient } from "@aws-sdk/client-firehose";
import { createKafkaBatchHandler, type KafkaBatchDependencies, type KafkaBatchHandler } from "../../../lambda-runtime/kafka-batch-handler";
import type { PutLimits } from "../../../lambda-runtime/put-with-retry";
import type { ConsumerConfig } from "./config";
import { toRawRecord } from "./raw-record";

export type { KafkaBatchResponse } from "../../../lambda-runtime/kafka-records";

// PutRecordBatch quotas (Amazon Data Firehose API reference, PutRecordBatch): 500 records and
// 4 MiB per call, 1,000 KiB per record.
export const FIREHOSE_LIMITS: PutLimits = { maxRecords: 500, maxBytes: 4 * 1024 * 1024, maxRecordBytes: 1000 * 1024, sizeOf: (item) => item.data.length };

export interface ConsumerDependencies extends KafkaBatchDependencies {
  readonly config: ConsumerConfig;
  /** Production: a client with the SDK's own retries off (`maxAttempts: 1`), so MAX_ATTEMPTS bounds the calls. */
  readonly firehose: FirehoseClient;
}

export type ConsumerHandler = KafkaBatchHandler;

/**
 * The MSK consumer: turns each Kafka record of the batch into one JSON line and sends them
 * to the raw zone's delivery stream with PutRecordBatch, retrying the records Firehose did
 * not accept. Records still not accepted are reported as batch item failures.
 */
export function createHandler({ config, firehose, ...dependencies }: ConsumerDependencies): ConsumerHandler {
  return createKafkaBatchHandler({
    ...dependencies,
    maxAttempts: config.maxAttempts,
    limits: FIREHOSE_LIMITS,
    message: "consumed batch",
    itemsOf: (records) => ({
      items: records.map(({ id, record }) => ({ id, data: Buffer.from(`${JSON.stringify(toRawRecord(record))}\n`, "utf8") })),
      fields: { records: records.length },
    }),
    put: async (batch) => {
      const response = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: config.deliveryStreamName, Records: batch.map((item) => ({ Data: item.data })) }));
      if (response.FailedPutCount === 0) return batch.map(() => undefined);
      return (response.RequestResponses ?? []).map((result) => result.ErrorCode);
    },
  });
}
