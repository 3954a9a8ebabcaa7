import type { MSKEvent, MSKRecord } from "aws-lambda";

/**
 * How Lambda names a Kafka record in a partial batch response: its topic-partition (the key
 * of `event.records`) and offset. A list of these tells the mapping to retry from the
 * lowest reported offset of each partition.
 */
export interface KafkaItemIdentifier {
  readonly "topic-partition": string;
  readonly offset: number;
}

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

export interface DecodedRecord {
  readonly id: KafkaItemIdentifier;
  readonly source: MSKRecord;
  /** The raw-zone record (Firehose) or the payload (Kinesis), as bytes. */
  readonly data: Buffer;
}

/** The event is not an MSK event: the function is meant for MSK event source mappings only. */
export class UnsupportedEventError extends Error {
  override readonly name = "UnsupportedEventError";
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function text(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Every record of the event, partition by partition in the order Lambda listed them, offsets ascending. */
export function recordsOf(event: MSKEvent): { id: KafkaItemIdentifier; record: MSKRecord }[] {
  if (event === null || typeof event !== "object" || (event.eventSource as string) !== "aws:kafka" || typeof event.records !== "object" || event.records === null) {
    throw new UnsupportedEventError("the event is not an MSK event (eventSource aws:kafka with records by topic-partition)");
  }
  const out: { id: KafkaItemIdentifier; record: MSKRecord }[] = [];
  for (const [topicPartition, records] of Object.entries(event.records)) {
    const sorted = [...records].sort((a, b) => a.offset - b.offset);
    for (const record of sorted) out.push({ id: { "topic-partition": topicPartition, offset: record.offset }, record });
  }
  return out;
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
