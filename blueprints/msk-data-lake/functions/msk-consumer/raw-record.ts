import type { MSKRecord } from "aws-lambda";

/**
 * One Kafka record as the raw zone stores it: one JSON object per line. Its fields are the
 * raw table's columns (see the blueprint's `raw-table.ts`); `partition` and `offset` are
 * prefixed because both are reserved words in Athena and Redshift SQL.
 */
export interface RawKafkaRecord {
  readonly topic: string;
  readonly kafka_partition: number;
  readonly kafka_offset: number;
  /** The record's Kafka timestamp, ISO 8601 UTC. */
  readonly kafka_timestamp: string;
  readonly timestamp_type: string;
  /** The key as UTF-8 text, base64 when it is not text, null when absent. */
  readonly key: string | null;
  readonly value: string | null;
  /** How `key` and `value` are written: `utf8`, or `base64` for binary payloads. */
  readonly encoding: "utf8" | "base64";
  readonly headers: Readonly<Record<string, string>>;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function text(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The raw-zone form of a record. Lambda base64-encodes keys, values and gives headers as
 * byte arrays; text stays text, anything else stays base64 so nothing is lost or mangled.
 */
export function toRawRecord(record: MSKRecord): RawKafkaRecord {
  const key = record.key === undefined || record.key === null ? undefined : Buffer.from(record.key, "base64");
  const value = record.value === undefined || record.value === null ? undefined : Buffer.from(record.value, "base64");
  const keyText = key === undefined ? undefined : text(key);
  const valueText = value === undefined ? undefined : text(value);
  const binary = (key !== undefined && keyText === undefined) || (value !== undefined && valueText === undefined);
  const headers: Record<string, string> = {};
  for (const header of record.headers ?? []) {
    for (const [name, bytes] of Object.entries(header)) {
      const buffer = Buffer.from(bytes);
      headers[name] = text(buffer) ?? buffer.toString("base64");
    }
  }
  return {
    topic: record.topic,
    kafka_partition: record.partition,
    kafka_offset: record.offset,
    kafka_timestamp: new Date(record.timestamp).toISOString(),
    timestamp_type: record.timestampType,
    // Binary payloads keep Lambda's own base64 text, byte for byte.
    key: key === undefined ? null : binary ? record.key : keyText!,
    value: value === undefined ? null : binary ? record.value : valueText!,
    encoding: binary ? "base64" : "utf8",
    headers,
  };
}
