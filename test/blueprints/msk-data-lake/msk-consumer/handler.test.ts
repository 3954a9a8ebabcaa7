import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../../blueprints/msk-data-lake/functions/msk-consumer/config";
import { createHandler } from "../../../../blueprints/msk-data-lake/functions/msk-consumer/create-handler";
import { toRawRecord } from "../../../../blueprints/msk-data-lake/functions/msk-consumer/raw-record";
import type { LogFields } from "../../../../blueprints/lambda-runtime/json-log";
import { recordsOf, UnsupportedEventError } from "../../../../blueprints/lambda-runtime/kafka-records";
import { DOCUMENTED_EVENT, mskEvent } from "../../lambda-runtime/msk-events";
import { startFakeFirehose, type FakeFirehose } from "./fake-firehose";

const STREAM = "orders-raw-delivery";
let firehose: FakeFirehose;

beforeAll(async () => {
  firehose = await startFakeFirehose(STREAM);
});
afterAll(async () => firehose?.stop());
beforeEach(() => firehose.reset());

function consumer(options: { maxAttempts?: number; deliveryStreamName?: string; remainingMs?: number } = {}) {
  const logs: ({ level: string; message: string } & LogFields)[] = [];
  const sleeps: number[] = [];
  const handle = createHandler({
    config: { deliveryStreamName: options.deliveryStreamName ?? STREAM, maxAttempts: options.maxAttempts ?? 5 },
    firehose: firehose.client,
    log: (level, message, fields) => void logs.push({ level, message, ...fields }),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
  const context = options.remainingMs === undefined ? undefined : { awsRequestId: "req-1", getRemainingTimeInMillis: () => options.remainingMs! };
  return { handle: (event: Parameters<typeof handle>[0]) => handle(event, context), logs, sleeps };
}

const lines = (records: string[]) => records.map((r) => JSON.parse(r) as Record<string, unknown>);

describe("MSK consumer → Firehose", () => {
  it("decodes the documented MSK event into one raw-zone JSON line", async () => {
    const { handle } = consumer();
    expect(await handle(DOCUMENTED_EVENT)).toEqual({ batchItemFailures: [] });
    const [record] = firehose.accepted();
    expect(record!.endsWith("\n")).toBe(true);
    expect(JSON.parse(record!)).toEqual({
      topic: "mytopic",
      kafka_partition: 0,
      kafka_offset: 15,
      kafka_timestamp: "2018-12-17T22:10:50.987Z",
      timestamp_type: "CREATE_TIME",
      // The documented key is not UTF-8 text, so key and value stay base64.
      key: "abcDEFghiJKLmnoPQRstuVWXyz1234==",
      value: "SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==",
      encoding: "base64",
      headers: { headerKey: "headerValue" },
    });
  });

  it("sends every record of every topic-partition, in offset order, as text when it is text", async () => {
    const { handle } = consumer();
    const event = mskEvent([
      { topic: "orders", partition: 1, offset: 8, key: "o-2", value: '{"id":"o-2"}' },
      { topic: "orders", partition: 1, offset: 7, key: "o-1", value: '{"id":"o-1"}', headers: { source: "pos" } },
      { topic: "clicks", partition: 0, offset: 100, key: null, value: "näive ✓" },
    ]);
    expect(await handle(event)).toEqual({ batchItemFailures: [] });
    expect(firehose.calls).toHaveLength(1);
    expect(lines(firehose.accepted()).map((r) => [r.topic, r.kafka_partition, r.kafka_offset, r.key, r.value, r.encoding])).toEqual([
      ["orders", 1, 7, "o-1", '{"id":"o-1"}', "utf8"],
      ["orders", 1, 8, "o-2", '{"id":"o-2"}', "utf8"],
      ["clicks", 0, 100, null, "näive ✓", "utf8"],
    ]);
    expect(lines(firehose.accepted())[0]!.headers).toEqual({ source: "pos" });
  });

  it("retries only the records Firehose refused, with backoff, and reports none when they get through", async () => {
    const { handle, sleeps, logs } = consumer();
    firehose.failRecords((data) => data.includes('"kafka_offset":2'), 2);
    const event = mskEvent([0, 1, 2, 3].map((offset) => ({ topic: "orders", partition: 0, offset, value: `v${offset}` })));
    expect(await handle(event)).toEqual({ batchItemFailures: [] });
    expect(firehose.calls.map((c) => c.length)).toEqual([4, 1, 1]);
    expect(lines(firehose.accepted()).map((r) => r.kafka_offset).sort()).toEqual([0, 1, 2, 3]);
    expect(sleeps).toEqual([50, 100]);
    expect(logs.at(-1)).toMatchObject({ level: "info", records: 4, delivered: 4, failed: 0, attempts: 3 });
  });

  it("reports records still refused after the last attempt by topic-partition and offset", async () => {
    const { handle, logs } = consumer({ maxAttempts: 3 });
    firehose.failRecords((data) => data.includes('"topic":"clicks"'), 100);
    const event = mskEvent([
      { topic: "orders", partition: 0, offset: 1, value: "a" },
      { topic: "clicks", partition: 2, offset: 40, value: "b" },
      { topic: "clicks", partition: 2, offset: 41, value: "c" },
    ]);
    expect(await handle(event)).toEqual({
      batchItemFailures: [{ itemIdentifier: { partition: "clicks-2", offset: 40 } }, { itemIdentifier: { partition: "clicks-2", offset: 41 } }],
    });
    expect(firehose.calls).toHaveLength(3);
    expect(logs.at(-1)).toMatchObject({ level: "error", failed: 2, failuresByCode: { ServiceUnavailableException: 2 } });
    // Logs carry counts, never record contents.
    expect(JSON.stringify(logs)).not.toContain('"value"');
  });

  it("retries a whole call that failed with a 503", async () => {
    const { handle } = consumer();
    firehose.failNextCalls(1);
    expect(await handle(mskEvent([{ topic: "orders", partition: 0, offset: 1, value: "x" }]))).toEqual({ batchItemFailures: [] });
    expect(firehose.calls).toHaveLength(2);
  });

  it("splits large batches within PutRecordBatch's 500-record limit", async () => {
    const { handle } = consumer();
    const event = mskEvent(Array.from({ length: 1201 }, (_, offset) => ({ topic: "orders", partition: 0, offset, value: "x" })));
    expect(await handle(event)).toEqual({ batchItemFailures: [] });
    expect(firehose.calls.map((c) => c.length)).toEqual([500, 500, 201]);
  });

  it("reports a record over Firehose's 1,000 KiB limit without sending it", async () => {
    const { handle } = consumer();
    const event = mskEvent([
      { topic: "orders", partition: 0, offset: 1, value: "x".repeat(1024 * 1024) },
      { topic: "orders", partition: 0, offset: 2, value: "small" },
    ]);
    expect(await handle(event)).toEqual({ batchItemFailures: [{ itemIdentifier: { partition: "orders-0", offset: 1 } }] });
    expect(firehose.calls).toEqual([[expect.stringContaining('"kafka_offset":2')]]);
  });

  it("stops retrying when the invocation is about to time out", async () => {
    const { handle } = consumer({ remainingMs: 500 });
    firehose.failRecords(() => true, 100);
    const result = await handle(mskEvent([{ topic: "orders", partition: 0, offset: 9, value: "x" }]));
    expect(result.batchItemFailures).toHaveLength(1);
    expect(firehose.calls).toHaveLength(1);
  });

  it("throws on an error no retry can fix, so Lambda retries and bisects the batch", async () => {
    const { handle } = consumer({ deliveryStreamName: "missing-stream" });
    await expect(handle(mskEvent([{ topic: "orders", partition: 0, offset: 1, value: "x" }]))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses events that are not from MSK", async () => {
    const { handle } = consumer();
    await expect(handle({ Records: [] } as never)).rejects.toBeInstanceOf(UnsupportedEventError);
    expect(() => recordsOf({ eventSource: "aws:kinesis" } as never)).toThrow(UnsupportedEventError);
  });

  it("keeps a record without key or value", () => {
    const [first] = recordsOf(mskEvent([{ topic: "t", partition: 0, offset: 0, value: null }]));
    expect(toRawRecord(first!.record)).toMatchObject({ key: null, value: null, encoding: "utf8" });
  });
});

describe("MSK consumer configuration", () => {
  it("reads the delivery stream and attempts", () => {
    expect(loadConfig({ DELIVERY_STREAM_NAME: STREAM })).toEqual({ deliveryStreamName: STREAM, maxAttempts: 5 });
    expect(loadConfig({ DELIVERY_STREAM_NAME: STREAM, MAX_ATTEMPTS: "2" }).maxAttempts).toBe(2);
  });
  it.each([
    [{}, "DELIVERY_STREAM_NAME"],
    [{ DELIVERY_STREAM_NAME: "arn:aws:firehose:x" }, "DELIVERY_STREAM_NAME"],
    [{ DELIVERY_STREAM_NAME: STREAM, MAX_ATTEMPTS: "0" }, "MAX_ATTEMPTS"],
    [{ DELIVERY_STREAM_NAME: STREAM, MAX_ATTEMPTS: "many" }, "MAX_ATTEMPTS"],
  ])("names the bad variable in %j", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
