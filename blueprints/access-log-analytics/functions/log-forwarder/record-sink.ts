import type { DeliveryReport } from "./batch-sender";
import type { Deadline } from "./deadline";
import type { ForwardRecord } from "./forward-record";

/**
 * A destination every parsed record is delivered to (a Firehose delivery stream or the
 * anomaly Kinesis stream). `deliver` resolves with what was and was not accepted after
 * retries, and rejects only on an error retrying cannot fix (missing stream, no permission).
 */
export interface RecordSink {
  readonly destination: string;
  deliver(records: readonly ForwardRecord[], deadline?: Deadline): Promise<DeliveryReport>;
}
