import { createHash } from "node:crypto";
import type { LogRecord } from "./log-record";

/** One record ready for Firehose and Kinesis. */
export interface ForwardRecord {
  /**
   * The record as JSON plus `\n`. Firehose concatenates records into S3 objects, so the
   * newline keeps them one per line; Kinesis gets the same bytes (JSON readers ignore the
   * trailing whitespace), so one encoding serves both.
   */
  readonly data: Buffer;
  /** Kinesis partition key: the client/source IP, else a hash of the record. */
  readonly partitionKey: string;
}

/** Firehose's per-record limit, which is also below Kinesis's 1 MiB (data plus key). */
export const MAX_RECORD_BYTES = 1000 * 1024;
// Kinesis rejects partition keys longer than this (PutRecords API reference).
const MAX_PARTITION_KEY_LENGTH = 256;

/** Encodes a record; undefined when it is larger than a record may be. */
export function encodeRecord(record: LogRecord, partitionKeyFields: readonly string[]): ForwardRecord | undefined {
  const data = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
  if (data.length > MAX_RECORD_BYTES) return undefined;
  return { data, partitionKey: partitionKeyOf(record, partitionKeyFields) ?? hashKey(data) };
}

function partitionKeyOf(record: LogRecord, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const value = record[field];
    if ((typeof value === "string" || typeof value === "number") && String(value) !== "") {
      const key = String(value);
      if (key.length <= MAX_PARTITION_KEY_LENGTH) return key;
    }
  }
  return undefined;
}

// Records without a client spread evenly over the shards instead of piling onto one.
function hashKey(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
