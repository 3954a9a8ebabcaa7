import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";

type Image = Record<string, AttributeValue>;

const TABLE_STREAM_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000";

/**
 * The example event from the Lambda developer guide ("Using AWS Lambda with Amazon DynamoDB"): an
 * INSERT, a MODIFY and a REMOVE of item Id 101, in one batch.
 */
export function awsDocsExampleEvent(): DynamoDBStreamEvent {
  const base = {
    eventVersion: "1.0",
    awsRegion: "us-west-2",
    eventSourceARN: "arn:aws:dynamodb:us-west-2:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899",
    eventSource: "aws:dynamodb",
  };
  return {
    Records: [
      {
        ...base,
        eventID: "1",
        eventName: "INSERT",
        dynamodb: {
          Keys: { Id: { N: "101" } },
          NewImage: { Message: { S: "New item!" }, Id: { N: "101" } },
          StreamViewType: "NEW_AND_OLD_IMAGES",
          SequenceNumber: "111",
          SizeBytes: 26,
        },
      },
      {
        ...base,
        eventID: "2",
        eventName: "MODIFY",
        dynamodb: {
          Keys: { Id: { N: "101" } },
          NewImage: { Message: { S: "This item has changed" }, Id: { N: "101" } },
          OldImage: { Message: { S: "New item!" }, Id: { N: "101" } },
          StreamViewType: "NEW_AND_OLD_IMAGES",
          SequenceNumber: "222",
          SizeBytes: 59,
        },
      },
      {
        ...base,
        eventID: "3",
        eventName: "REMOVE",
        dynamodb: {
          Keys: { Id: { N: "101" } },
          OldImage: { Message: { S: "This item has changed" }, Id: { N: "101" } },
          StreamViewType: "NEW_AND_OLD_IMAGES",
          SequenceNumber: "333",
          SizeBytes: 38,
        },
      },
    ],
  };
}

/** A change as the tests describe it; turned into either trigger's shape below. */
export interface Change {
  readonly eventName: "INSERT" | "MODIFY" | "REMOVE";
  readonly keys: Image;
  readonly newImage?: Image;
  readonly oldImage?: Image;
  /**
   * When DynamoDB made the change, in microseconds (a Kinesis record's ApproximateCreationDateTime
   * with MICROSECOND precision). Default: the next tick of a clock shared by every test, so
   * changes written later are newer, as they are in a table.
   */
  readonly createdAtMicros?: number;
}

// 2026-01-01T00:00:00Z in microseconds; every change not given a time is 1 ms after the last one.
let tableClockMicros = 1_767_225_600_000_000;
function nextCreationMicros(): number {
  tableClockMicros += 1_000;
  return tableClockMicros;
}

/** A DynamoDB Streams event (view type NEW_AND_OLD_IMAGES) with sequence numbers from `firstSequence`. */
export function streamsEvent(changes: readonly Change[], firstSequence = 4_000_000_000_000_000_000_001n): DynamoDBStreamEvent {
  return {
    Records: changes.map((change, index): DynamoDBRecord => ({
      eventID: `c${index}9b1f2e0d5a7b3c8e4f6a1d2b9c0e7f${index}`,
      eventName: change.eventName,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "eu-west-1",
      eventSourceARN: TABLE_STREAM_ARN,
      dynamodb: {
        ApproximateCreationDateTime: 1_767_225_600 + index,
        Keys: change.keys,
        ...(change.newImage === undefined ? {} : { NewImage: change.newImage }),
        ...(change.oldImage === undefined ? {} : { OldImage: change.oldImage }),
        SequenceNumber: (firstSequence + BigInt(index) * 100n).toString(),
        SizeBytes: JSON.stringify(change).length,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    })),
  };
}

/**
 * The JSON a DynamoDB Kinesis streaming destination writes for a change, with the creation time
 * in microseconds (the precision Slipstream configures).
 */
export function kinesisChangeRecord(change: Change, index: number): Record<string, unknown> {
  return {
    awsRegion: "eu-west-1",
    eventID: `6d4a4bd6-0b1e-4c5f-9a7e-2f3b1c0d${String(index).padStart(4, "0")}`,
    eventName: change.eventName,
    userIdentity: null,
    recordFormat: "application/json",
    tableName: "orders",
    dynamodb: {
      ApproximateCreationDateTime: change.createdAtMicros ?? nextCreationMicros(),
      Keys: change.keys,
      ...(change.newImage === undefined ? {} : { NewImage: change.newImage }),
      ...(change.oldImage === undefined ? {} : { OldImage: change.oldImage }),
      SizeBytes: JSON.stringify(change).length,
    },
    eventSource: "aws:dynamodb",
  };
}

/** An order item using every attribute type: S, N, B, SS, NS, BS, M, L, BOOL, NULL. */
export function orderItem(orderId: string, overrides: Image = {}): { keys: Image; image: Image } {
  const keys: Image = { customerId: { S: "customer#42" }, orderId: { S: orderId } };
  return {
    keys,
    image: {
      ...keys,
      total: { N: "129.95" },
      quantity: { N: "3" },
      ledgerSequence: { N: "12345678901234567890" },
      status: { S: "PLACED" },
      giftWrapped: { BOOL: false },
      coupon: { NULL: true },
      signature: { B: "3q2+7w==" },
      tags: { SS: ["express", "fragile"] },
      warehouseIds: { NS: ["7", "11"] },
      checksums: { BS: ["AAE=", "AgM="] },
      shipping: { M: { city: { S: "Lisbon" }, postcode: { S: "1100-148" }, floor: { N: "2" } } },
      lines: { L: [{ M: { sku: { S: "SKU-1" }, qty: { N: "2" } } }, { M: { sku: { S: "SKU-2" }, qty: { N: "1" } } }] },
      ...overrides,
    },
  };
}
