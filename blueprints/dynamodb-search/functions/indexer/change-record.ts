import type { AttributeValue, DynamoDBRecord, KinesisStreamRecord } from "aws-lambda";
import { kinesisChangeVersion } from "./change-version";

export type ChangeEventName = "INSERT" | "MODIFY" | "REMOVE";

/** One item change, whichever trigger delivered it. */
export interface ChangeRecord {
  /** The record's sequence number: what Lambda expects back in `batchItemFailures`. */
  readonly itemIdentifier: string;
  readonly eventName: ChangeEventName;
  readonly keys: Readonly<Record<string, AttributeValue>>;
  /** Absent for REMOVE, and for every event when the stream does not carry new images. */
  readonly newImage?: Readonly<Record<string, AttributeValue>>;
  /**
   * The change's external version (microseconds, change-version.ts) when the trigger can deliver
   * out of order or twice (Kinesis); absent for DynamoDB Streams, which delivers in order.
   */
  readonly version?: number;
}

/** A record that cannot be indexed; `errorType` is safe to log (it never quotes the record). */
export interface RecordFailure {
  readonly itemIdentifier: string;
  readonly errorType: string;
}

export type ParsedRecord = { readonly change: ChangeRecord } | { readonly failure: RecordFailure };

/**
 * Raised for a record that carries no sequence number. Lambda can only be told about records by
 * sequence number, so such a record fails the whole invocation (a trigger that is neither
 * DynamoDB Streams nor Kinesis is a deployment mistake, not bad data).
 */
export class UnsupportedRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedRecordError";
  }
}

const EVENT_NAMES: readonly string[] = ["INSERT", "MODIFY", "REMOVE"] satisfies ChangeEventName[];

/**
 * Reads a DynamoDB Streams record, or a Kinesis record whose data is a change record written by a
 * DynamoDB Kinesis streaming destination. The shape is decided per record: an event source mapping
 * only ever delivers one, but nothing is lost by not assuming which.
 */
export function parseRecord(record: DynamoDBRecord | KinesisStreamRecord): ParsedRecord {
  if (isObject((record as Partial<KinesisStreamRecord>).kinesis)) {
    return parseKinesisRecord(record as KinesisStreamRecord);
  }
  if (isObject((record as Partial<DynamoDBRecord>).dynamodb)) {
    return parseStreamsRecord(record as DynamoDBRecord);
  }
  throw new UnsupportedRecordError("a record is neither a DynamoDB Streams nor a Kinesis record");
}

function parseStreamsRecord(record: DynamoDBRecord): ParsedRecord {
  const itemIdentifier = record.dynamodb?.SequenceNumber;
  if (typeof itemIdentifier !== "string" || itemIdentifier === "") {
    throw new UnsupportedRecordError("a DynamoDB Streams record has no dynamodb.SequenceNumber");
  }
  return toChange(itemIdentifier, record.eventName, record.dynamodb);
}

function parseKinesisRecord(record: KinesisStreamRecord): ParsedRecord {
  const itemIdentifier = record.kinesis.sequenceNumber;
  if (typeof itemIdentifier !== "string" || itemIdentifier === "") {
    throw new UnsupportedRecordError("a Kinesis record has no kinesis.sequenceNumber");
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(record.kinesis.data, "base64").toString("utf8"));
  } catch {
    return { failure: { itemIdentifier, errorType: "undecodable-record" } };
  }
  // Anything else writing to the stream is a mistake worth surfacing in the on-failure queue.
  if (!isObject(payload) || payload["eventSource"] !== "aws:dynamodb") {
    return { failure: { itemIdentifier, errorType: "not-a-dynamodb-change" } };
  }
  const parsed = toChange(itemIdentifier, payload["eventName"], payload["dynamodb"]);
  if (!("change" in parsed)) return parsed;
  const version = kinesisChangeVersion(payload["dynamodb"] as Record<string, unknown>);
  // Without its creation time a change cannot be ordered against the others: indexing it could
  // restore a deleted document, so it goes to the on-failure queue instead.
  if ("invalid" in version) return { failure: { itemIdentifier, errorType: "missing-approximate-creation-time" } };
  return { change: { ...parsed.change, version: version.version } };
}

function toChange(itemIdentifier: string, eventName: unknown, dynamodb: unknown): ParsedRecord {
  if (typeof eventName !== "string" || !EVENT_NAMES.includes(eventName)) {
    return { failure: { itemIdentifier, errorType: "unknown-event-name" } };
  }
  if (!isObject(dynamodb) || !isObject(dynamodb["Keys"])) {
    return { failure: { itemIdentifier, errorType: "missing-keys" } };
  }
  const newImage = dynamodb["NewImage"];
  return {
    change: {
      itemIdentifier,
      eventName: eventName as ChangeEventName,
      keys: dynamodb["Keys"] as Record<string, AttributeValue>,
      ...(isObject(newImage) ? { newImage: newImage as Record<string, AttributeValue> } : {}),
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
