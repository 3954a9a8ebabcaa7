import type { DynamoDBStreamEvent, KinesisStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
// handler.ts validates the environment as it loads (see config.test.ts); the factory itself does not.
import { createHandler, type IndexerDependencies } from "../../../../blueprints/dynamodb-search/functions/indexer/create-handler";
import { documentId } from "../../../../blueprints/dynamodb-search/functions/indexer/document-id";
import type { LogFields, LogLevel } from "../../../../blueprints/dynamodb-search/functions/indexer/log";
import { createSignedBulkSender, type BulkSender } from "../../../../blueprints/dynamodb-search/functions/indexer/signed-bulk-sender";
import { FakeOpenSearch, TEST_CREDENTIALS, TEST_REGION } from "./fake-opensearch";
import { KinesisDestination } from "./kinesis-events";
import { awsDocsExampleEvent, orderItem, streamsEvent, type Change } from "./stream-events";

const INDEX = "orders";

let fake: FakeOpenSearch;
let kinesis: KinesisDestination;
let sleeps: number[];
let logs: { level: LogLevel; message: string; fields?: LogFields }[];

beforeAll(async () => {
  [fake, kinesis] = await Promise.all([FakeOpenSearch.start(), KinesisDestination.start()]);
});
afterAll(async () => {
  await Promise.all([fake.close(), kinesis.close()]);
});
beforeEach(() => {
  fake.reset();
  sleeps = [];
  logs = [];
});

function signedSender(): BulkSender {
  return createSignedBulkSender({ endpoint: fake.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, protocol: "http:" });
}

function indexer(overrides: Partial<IndexerDependencies> = {}) {
  return createHandler({
    config: { indexName: INDEX, maxAttempts: 3 },
    send: signedSender(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    log: (level, message, fields) => logs.push({ level, message, ...(fields === undefined ? {} : { fields }) }),
    ...overrides,
  });
}

function sequenceNumbers(event: DynamoDBStreamEvent | KinesisStreamEvent): string[] {
  return event.Records.map((record) => ("kinesis" in record ? record.kinesis.sequenceNumber : (record.dynamodb?.SequenceNumber ?? "")));
}

const order1 = orderItem("order#1");
const order2 = orderItem("order#2", { status: { S: "SHIPPED" } });
const order3 = orderItem("order#3");
const id1 = documentId(order1.keys);
const id2 = documentId(order2.keys);
const id3 = documentId(order3.keys);

const expectedOrder1 = {
  customerId: "customer#42",
  orderId: "order#1",
  total: 129.95,
  quantity: 3,
  ledgerSequence: "12345678901234567890",
  status: "PLACED",
  giftWrapped: false,
  coupon: null,
  signature: "3q2+7w==",
  tags: ["express", "fragile"],
  warehouseIds: [7, 11],
  checksums: ["AAE=", "AgM="],
  shipping: { city: "Lisbon", postcode: "1100-148", floor: 2 },
  lines: [
    { sku: "SKU-1", qty: 2 },
    { sku: "SKU-2", qty: 1 },
  ],
};

// Both triggers carry the same changes; every behaviour is checked for each.
const triggers: { name: string; eventFor: (changes: readonly Change[]) => Promise<DynamoDBStreamEvent | KinesisStreamEvent> }[] = [
  { name: "DynamoDB Streams", eventFor: async (changes) => streamsEvent(changes) },
  { name: "Kinesis streaming destination", eventFor: (changes) => kinesis.eventFor(changes) },
];

describe.each(triggers)("with a $name trigger", ({ eventFor }) => {
  it("indexes INSERTs as whole documents under the item's key id", async () => {
    const event = await eventFor([
      { eventName: "INSERT", keys: order1.keys, newImage: order1.image },
      { eventName: "INSERT", keys: order2.keys, newImage: order2.image },
    ]);

    await expect(indexer()(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(fake.violations).toEqual([]);
    expect(fake.document(INDEX, id1)).toEqual(expectedOrder1);
    expect(fake.document(INDEX, id2)).toMatchObject({ orderId: "order#2", status: "SHIPPED" });
    expect(fake.requests).toHaveLength(1);
  });

  it("replaces the document on MODIFY and deletes it on REMOVE, under the same id", async () => {
    const handler = indexer();
    const modified = orderItem("order#1", { status: { S: "SHIPPED" }, coupon: { S: "SPRING" } }).image;
    await handler(await eventFor([{ eventName: "INSERT", keys: order1.keys, newImage: order1.image }]));
    await handler(await eventFor([{ eventName: "MODIFY", keys: order1.keys, newImage: modified, oldImage: order1.image }]));

    expect(fake.document(INDEX, id1)).toEqual({ ...expectedOrder1, status: "SHIPPED", coupon: "SPRING" });

    // Keys in another attribute order: DynamoDB promises none.
    const reorderedKeys = { orderId: order1.keys["orderId"]!, customerId: order1.keys["customerId"]! };
    await expect(handler(await eventFor([{ eventName: "REMOVE", keys: reorderedKeys, oldImage: modified }]))).resolves.toEqual({ batchItemFailures: [] });

    expect(fake.document(INDEX, id1)).toBeUndefined();
    expect(fake.requests.map(({ actions }) => actions.map((action) => Object.keys(action)[0]))).toEqual([["index"], ["index"], ["delete"]]);
    expect(fake.violations).toEqual([]);
  });

  it("treats the delete of a document that is not in the index as done", async () => {
    const event = await eventFor([{ eventName: "REMOVE", keys: order3.keys, oldImage: order3.image }]);

    await expect(indexer()(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(fake.requests).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("retries an item rejected with 429 and reports nothing once it succeeds", async () => {
    fake.throttleOnce(id2);
    const event = await eventFor([
      { eventName: "INSERT", keys: order1.keys, newImage: order1.image },
      { eventName: "INSERT", keys: order2.keys, newImage: order2.image },
    ]);

    await expect(indexer()(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(fake.document(INDEX, id2)).toMatchObject({ orderId: "order#2" });
    // Only the throttled item is sent again, after one backoff.
    expect(fake.requests.map(({ actions }) => actions.length)).toEqual([2, 1]);
    expect(sleeps).toEqual([150]);
  });

  it("reports exactly the record whose document the mapping rejects, without retrying or logging it", async () => {
    fake.rejectMapping(id2);
    const event = await eventFor([
      { eventName: "INSERT", keys: order1.keys, newImage: order1.image },
      { eventName: "INSERT", keys: order2.keys, newImage: order2.image },
      { eventName: "INSERT", keys: order3.keys, newImage: order3.image },
    ]);

    const response = await indexer()(event);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumbers(event)[1] }] });
    expect(fake.document(INDEX, id1)).toBeDefined();
    expect(fake.document(INDEX, id3)).toBeDefined();
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(logs.at(-1)).toMatchObject({ level: "error", message: "indexed batch", fields: { records: 3, failedRecords: 1, failuresByType: { mapper_parsing_exception: 1 } } });
    // The fake's error reason quotes the document, as OpenSearch's does; none of it reaches the logs.
    const logged = JSON.stringify(logs);
    for (const content of ["customer#42", "order#2", "SHIPPED", "Lisbon", id2]) {
      expect(logged).not.toContain(content);
    }
  });

  it("reports every record when the domain answers 500 to every attempt", async () => {
    fake.failRequests(500);
    const event = await eventFor([
      { eventName: "INSERT", keys: order1.keys, newImage: order1.image },
      { eventName: "REMOVE", keys: order2.keys, oldImage: order2.image },
    ]);

    const response = await indexer()(event);

    expect(response).toEqual({ batchItemFailures: sequenceNumbers(event).map((itemIdentifier) => ({ itemIdentifier })) });
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([150, 300]);
    expect(logs.at(-1)?.fields).toMatchObject({ attempts: 3, failedRecords: 2, failuresByType: { "http-500": 2 } });
  });

  it("sends only the last of several changes to one item, and fails them together", async () => {
    const handler = indexer();
    const placed = order1.image;
    const shipped = orderItem("order#1", { status: { S: "SHIPPED" } }).image;
    const delivered = orderItem("order#1", { status: { S: "DELIVERED" } }).image;
    const changes: Change[] = [
      { eventName: "INSERT", keys: order1.keys, newImage: placed },
      { eventName: "INSERT", keys: order3.keys, newImage: order3.image },
      { eventName: "MODIFY", keys: order1.keys, newImage: shipped, oldImage: placed },
      { eventName: "MODIFY", keys: order1.keys, newImage: delivered, oldImage: shipped },
    ];

    const event = await eventFor(changes);
    await expect(handler(event)).resolves.toEqual({ batchItemFailures: [] });
    expect(fake.requests[0]?.actions).toEqual([{ index: expect.objectContaining({ _index: INDEX, _id: id1 }) }, { index: expect.objectContaining({ _index: INDEX, _id: id3 }) }]);
    expect(fake.document(INDEX, id1)).toMatchObject({ status: "DELIVERED" });
    expect(logs.at(-1)?.fields).toMatchObject({ records: 4, indexActions: 2, supersededRecords: 2 });

    fake.reset();
    fake.rejectMapping(id1);
    const again = await eventFor(changes);
    const seq = sequenceNumbers(again);
    await expect(handler(again)).resolves.toEqual({ batchItemFailures: [seq[0], seq[2], seq[3]].map((itemIdentifier) => ({ itemIdentifier })) });
    expect(fake.document(INDEX, id3)).toBeDefined();
  });

  it("splits bulk bodies at the size limit", async () => {
    const orders = Array.from({ length: 12 }, (_, n) => orderItem(`order#${100 + n}`));
    const event = await eventFor(orders.map(({ keys, image }) => ({ eventName: "INSERT", keys, newImage: image })));

    await expect(indexer({ maxBulkBytes: 2_000 })(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(fake.requests.length).toBeGreaterThan(1);
    expect(Math.max(...fake.requests.map(({ bytes }) => bytes))).toBeLessThanOrEqual(2_000);
    expect(fake.indices.get(INDEX)?.size).toBe(12);
    expect(fake.violations).toEqual([]);
  });
});

describe("DynamoDB Streams specifics", () => {
  it("handles the Lambda developer guide's example event: INSERT, MODIFY, REMOVE of one item collapse to one delete", async () => {
    const event = awsDocsExampleEvent();

    await expect(indexer()(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(fake.requests).toEqual([{ actions: [{ delete: { _index: INDEX, _id: documentId({ Id: { N: "101" } }) } }], bytes: expect.any(Number) }]);
    expect(fake.violations).toEqual([]);
  });

  it("reports changes it cannot index when the stream carries no new image", async () => {
    const event = streamsEvent([{ eventName: "INSERT", keys: order1.keys }]);

    const response = await indexer()(event);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumbers(event)[0] }] });
    expect(fake.requests).toEqual([]);
    expect(logs.at(-1)?.fields).toMatchObject({ failuresByType: { "missing-new-image": 1 } });
  });

  it("stops retrying when the invocation is about to time out, and reports what is left", async () => {
    fake.throttleOnce(id1);
    const event = streamsEvent([{ eventName: "INSERT", keys: order1.keys, newImage: order1.image }]);

    const response = await indexer()(event, { awsRequestId: "req-1", getRemainingTimeInMillis: () => 2_100 });

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumbers(event)[0] }] });
    expect(sleeps).toEqual([]);
    expect(logs.at(-1)?.fields).toMatchObject({ awsRequestId: "req-1", failuresByType: { es_rejected_execution_exception: 1 } });
  });

  it("retries when a request gets no answer", async () => {
    const real = signedSender();
    let calls = 0;
    const flaky: BulkSender = async (body, signal) => {
      calls += 1;
      if (calls === 1) {
        throw new TypeError("fetch failed");
      }
      return real(body, signal);
    };
    const event = streamsEvent([{ eventName: "INSERT", keys: order1.keys, newImage: order1.image }]);

    await expect(indexer({ send: flaky })(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(calls).toBe(2);
    expect(fake.document(INDEX, id1)).toEqual(expectedOrder1);
  });

  it("does not retry a whole-request 403", async () => {
    const unsigned = createSignedBulkSender({ endpoint: fake.endpoint, region: TEST_REGION, credentials: { ...TEST_CREDENTIALS, secretAccessKey: "wrong" }, protocol: "http:" });
    const event = streamsEvent([{ eventName: "INSERT", keys: order1.keys, newImage: order1.image }]);

    const response = await indexer({ send: unsigned })(event);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumbers(event)[0] }] });
    expect(sleeps).toEqual([]);
    expect(fake.violations).toEqual(["The request signature we calculated does not match the signature you provided"]);
  });
});

describe("Kinesis specifics", () => {
  it("reports a record whose data is not a DynamoDB change record, and indexes the rest", async () => {
    const event = await kinesis.eventFor([
      { eventName: "INSERT", keys: order1.keys, newImage: order1.image },
      { eventName: "INSERT", keys: order2.keys, newImage: order2.image },
    ]);
    const poisoned = event.Records[0]!;
    poisoned.kinesis.data = Buffer.from("not json").toString("base64");

    const response = await indexer()(event);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: poisoned.kinesis.sequenceNumber }] });
    expect(fake.document(INDEX, id2)).toBeDefined();
  });
});

// Kinesis Data Streams for DynamoDB may deliver out of order and twice (deploy-review M4): every
// change carries its creation time as an external version, so OpenSearch refuses older ones.
describe("Kinesis ordering and duplicates", () => {
  const at = (micros: number) => 1_800_000_000_000_000 + micros;
  const shipped = orderItem("order#1", { status: { S: "SHIPPED" } }).image;

  it("sends each action with its change's creation time as an external version", async () => {
    await indexer()(await kinesis.eventFor([{ eventName: "INSERT", keys: order1.keys, newImage: order1.image, createdAtMicros: at(1) }]));
    await indexer()(await kinesis.eventFor([{ eventName: "REMOVE", keys: order1.keys, oldImage: order1.image, createdAtMicros: at(2) }]));

    expect(fake.requests.map(({ actions }) => actions)).toEqual([
      [{ index: { _index: INDEX, _id: id1, version: at(1), version_type: "external" } }],
      [{ delete: { _index: INDEX, _id: id1, version: at(2), version_type: "external" } }],
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("does not bring back a deleted document when an older INSERT arrives late", async () => {
    const handler = indexer();
    await handler(await kinesis.eventFor([{ eventName: "INSERT", keys: order1.keys, newImage: order1.image, createdAtMicros: at(10) }]));
    await handler(await kinesis.eventFor([{ eventName: "REMOVE", keys: order1.keys, oldImage: order1.image, createdAtMicros: at(30) }]));
    expect(fake.document(INDEX, id1)).toBeUndefined();

    // The INSERT delivered again, and a MODIFY made before the REMOVE but delivered after it.
    const late = await kinesis.eventFor([
      { eventName: "INSERT", keys: order1.keys, newImage: order1.image, createdAtMicros: at(10) },
      { eventName: "MODIFY", keys: order1.keys, newImage: shipped, oldImage: order1.image, createdAtMicros: at(20) },
    ]);
    await expect(handler(late)).resolves.toEqual({ batchItemFailures: [] });

    expect(fake.document(INDEX, id1)).toBeUndefined();
    expect(logs.at(-1)?.fields).toMatchObject({ records: 2, staleActions: 1, failedRecords: 0 });
  });

  it("keeps the newest state when a batch holds an item's changes out of order", async () => {
    const event = await kinesis.eventFor([
      { eventName: "MODIFY", keys: order1.keys, newImage: shipped, oldImage: order1.image, createdAtMicros: at(50) },
      { eventName: "INSERT", keys: order1.keys, newImage: order1.image, createdAtMicros: at(40) },
    ]);

    await expect(indexer()(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(fake.document(INDEX, id1)).toMatchObject({ status: "SHIPPED" });
    expect(fake.requests[0]?.actions).toEqual([{ index: { _index: INDEX, _id: id1, version: at(50), version_type: "external" } }]);
  });

  it("refuses an older change that arrives in a later batch, and a duplicate, without reporting them", async () => {
    const handler = indexer();
    await handler(await kinesis.eventFor([{ eventName: "MODIFY", keys: order1.keys, newImage: shipped, oldImage: order1.image, createdAtMicros: at(70) }]));
    const older = await kinesis.eventFor([
      { eventName: "INSERT", keys: order1.keys, newImage: order1.image, createdAtMicros: at(60) },
      { eventName: "MODIFY", keys: order2.keys, newImage: order2.image, createdAtMicros: at(61) },
    ]);
    await expect(handler(older)).resolves.toEqual({ batchItemFailures: [] });
    const duplicate = await kinesis.eventFor([{ eventName: "MODIFY", keys: order1.keys, newImage: shipped, oldImage: order1.image, createdAtMicros: at(70) }]);
    await expect(handler(duplicate)).resolves.toEqual({ batchItemFailures: [] });

    expect(fake.document(INDEX, id1)).toMatchObject({ status: "SHIPPED" });
    expect(fake.document(INDEX, id2)).toBeDefined();
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([]);
  });

  it("is protected from a late change as long as the tombstone lives: index.gc_deletes", async () => {
    let now = 1_000_000;
    fake.now = () => now;
    const handler = indexer();
    await handler(await kinesis.eventFor([{ eventName: "REMOVE", keys: order3.keys, oldImage: order3.image, createdAtMicros: at(90) }]));
    const lateInsert = () => kinesis.eventFor([{ eventName: "INSERT", keys: order3.keys, newImage: order3.image, createdAtMicros: at(80) }]);

    // The deployment sets gc_deletes to the event source's maximum record age plus a minute
    // (deleteTombstones in the component): 30 minutes later the tombstone still refuses it.
    fake.setGcDeletes(INDEX, 3_660_000);
    now += 30 * 60_000;
    await handler(await lateInsert());
    expect(fake.document(INDEX, id3)).toBeUndefined();

    // With OpenSearch's default of 60 s the same late change would have restored the document.
    fake.setGcDeletes(INDEX, 60_000);
    await handler(await lateInsert());
    expect(fake.document(INDEX, id3)).toBeDefined();
  });

  it("parks a change without its creation time: it cannot be ordered", async () => {
    const event = await kinesis.eventFor([
      { eventName: "INSERT", keys: order1.keys, newImage: order1.image },
      { eventName: "INSERT", keys: order2.keys, newImage: order2.image },
    ]);
    const record = event.Records[0]!;
    const payload = JSON.parse(Buffer.from(record.kinesis.data, "base64").toString("utf8")) as { dynamodb: Record<string, unknown> };
    delete payload.dynamodb["ApproximateCreationDateTime"];
    record.kinesis.data = Buffer.from(JSON.stringify(payload)).toString("base64");

    const response = await indexer()(event);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.kinesis.sequenceNumber }] });
    expect(logs.at(-1)?.fields).toMatchObject({ failuresByType: { "missing-approximate-creation-time": 1 } });
    expect(fake.document(INDEX, id2)).toBeDefined();
  });

  it("sends DynamoDB Streams changes unversioned: that trigger delivers in order, once", async () => {
    await indexer()(streamsEvent([{ eventName: "INSERT", keys: order1.keys, newImage: order1.image }]));

    expect(fake.requests[0]?.actions).toEqual([{ index: { _index: INDEX, _id: id1 } }]);
  });
});

describe("createHandler", () => {
  it("rejects an event that is not from a stream", async () => {
    await expect(indexer()({} as DynamoDBStreamEvent)).rejects.toThrow("the event has no Records");
  });

  it("rejects a config without attempts at startup", () => {
    expect(() => indexer({ config: { indexName: INDEX, maxAttempts: 0 } })).toThrow("config.maxAttempts must be a positive integer (got 0)");
  });
});
