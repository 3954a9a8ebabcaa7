import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../../blueprints/serverless-streaming-pipeline/functions/kafka-bridge/config";
import { createHandler, partitionKeyOf } from "../../../../blueprints/serverless-streaming-pipeline/functions/kafka-bridge/create-handler";
import type { LogFields } from "../../../../blueprints/lambda-runtime/json-log";
import { DOCUMENTED_EVENT, mskEvent } from "../../lambda-runtime/msk-events";
import { startKinesis, type LocalKinesis } from "./local-kinesis";

let kinesis: LocalKinesis;
let streams = 0;

beforeAll(async () => {
  kinesis = await startKinesis();
});
afterAll(async () => kinesis?.stop());

async function freshStream(shards = 2): Promise<string> {
  streams += 1;
  const name = `pipeline-stream-${streams}`;
  await kinesis.createStream(name, shards);
  return name;
}

function bridge(streamName: string, client: Pick<KinesisClient, "send"> = kinesis.client, maxAttempts = 5) {
  const logs: ({ level: string; message: string } & LogFields)[] = [];
  const sleeps: number[] = [];
  const handle = createHandler({
    config: { streamName, maxAttempts },
    kinesis: client,
    log: (level, message, fields) => void logs.push({ level, message, ...fields }),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
  return { handle, logs, sleeps };
}

describe("Kafka → Kinesis bridge against kinesalite", () => {
  it("writes the documented MSK event's value into the stream, keyed by the Kafka key", async () => {
    const stream = await freshStream();
    expect(await bridge(stream).handle(DOCUMENTED_EVENT)).toEqual({ batchItemFailures: [] });
    const records = await kinesis.readRecords(stream);
    expect(records).toEqual([{ data: Buffer.from("Hello, this is a test."), partitionKey: "abcDEFghiJKLmnoPQRstuVWXyz1234==" }]);
  });

  it("keeps each value's bytes, JSON or binary, and keys keyless records by topic-partition", async () => {
    const stream = await freshStream();
    const binary = Buffer.from([0, 159, 146, 150, 255]);
    const event = mskEvent([
      { topic: "readings", partition: 3, offset: 10, key: "device-1", value: '{"device_id":"device-1","temperature":21.5}' },
      { topic: "readings", partition: 3, offset: 11, value: binary },
      { topic: "alerts", partition: 0, offset: 1, key: "device-2", value: '{"device_id":"device-2","status":"hot"}' },
    ]);
    const { handle, logs } = bridge(stream);
    expect(await handle(event)).toEqual({ batchItemFailures: [] });
    const records = await kinesis.readRecords(stream);
    const byKey = new Map(records.map((r) => [r.partitionKey, r.data]));
    expect(records).toHaveLength(3);
    expect(byKey.get(Buffer.from("device-1").toString("base64"))?.toString()).toBe('{"device_id":"device-1","temperature":21.5}');
    expect(byKey.get("readings-3")).toEqual(binary);
    expect(logs.at(-1)).toMatchObject({ level: "info", records: 3, delivered: 3, failed: 0, tombstones: 0 });
  });

  it("skips tombstones and counts them", async () => {
    const stream = await freshStream(1);
    const { handle, logs } = bridge(stream);
    const event = mskEvent([
      { topic: "readings", partition: 0, offset: 1, key: "k", value: null },
      { topic: "readings", partition: 0, offset: 2, key: "k", value: "{}" },
    ]);
    expect(await handle(event)).toEqual({ batchItemFailures: [] });
    expect(await kinesis.readRecords(stream)).toHaveLength(1);
    expect(logs.at(-1)).toMatchObject({ tombstones: 1, delivered: 1 });
  });

  it("splits a large batch within PutRecords' 500-record limit", async () => {
    const stream = await freshStream(4);
    const sends: number[] = [];
    const counting = { send: (command: PutRecordsCommand) => (sends.push(command.input.Records?.length ?? 0), kinesis.client.send(command)) } as unknown as Pick<KinesisClient, "send">;
    const event = mskEvent(Array.from({ length: 1100 }, (_, offset) => ({ topic: "readings", partition: offset % 3, offset, key: `d-${offset % 50}`, value: `{"n":${offset}}` })));
    expect(await bridge(stream, counting).handle(event)).toEqual({ batchItemFailures: [] });
    expect(sends).toEqual([500, 500, 100]);
    expect(await kinesis.readRecords(stream)).toHaveLength(1100);
  });

  it("retries only the records Kinesis refused (throttled shard) and reports those that never get in", async () => {
    const stream = await freshStream();
    // Kinesis answers per record; kinesalite never throttles, so the first answer is rewritten
    // the way the service reports a hot shard.
    let calls = 0;
    const throttling = {
      async send(command: PutRecordsCommand) {
        calls += 1;
        const records = command.input.Records ?? [];
        const throttle = (i: number) => Buffer.from(records[i]!.Data!).toString().includes('"hot"');
        const passing = records.filter((_, i) => !throttle(i));
        const real = passing.length > 0 ? await kinesis.client.send(new PutRecordsCommand({ ...command.input, Records: passing })) : { Records: [] };
        let next = 0;
        return {
          FailedRecordCount: records.length - passing.length,
          Records: records.map((_, i) => (throttle(i) ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard" } : real.Records![next++])),
        };
      },
    } as unknown as Pick<KinesisClient, "send">;
    const event = mskEvent([
      { topic: "readings", partition: 0, offset: 5, key: "a", value: '{"ok":1}' },
      { topic: "readings", partition: 1, offset: 9, key: "b", value: '{"hot":1}' },
    ]);
    const { handle, sleeps, logs } = bridge(stream, throttling, 3);
    expect(await handle(event)).toEqual({ batchItemFailures: [{ itemIdentifier: { partition: "readings-1", offset: 9 } }] });
    expect(calls).toBe(3);
    expect(sleeps).toEqual([50, 100]);
    expect(await kinesis.readRecords(stream)).toEqual([{ data: Buffer.from('{"ok":1}'), partitionKey: Buffer.from("a").toString("base64") }]);
    expect(logs.at(-1)).toMatchObject({ level: "error", failuresByCode: { ProvisionedThroughputExceededException: 1 } });
  });

  it("throws when the stream does not exist, so Lambda retries and bisects", async () => {
    await expect(bridge("no-such-stream").handle(mskEvent([{ topic: "t", partition: 0, offset: 0, value: "{}" }]))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("hashes keys longer than Kinesis allows for a partition key", () => {
    const long = Buffer.alloc(300, 1).toString("base64");
    const [record] = Object.values(mskEvent([{ topic: "t", partition: 0, offset: 0, key: Buffer.alloc(300, 1), value: "{}" }]).records).flat();
    expect(record!.key).toBe(long);
    expect(partitionKeyOf(record!)).toMatch(/^[0-9a-f]{64}$/);
    expect(partitionKeyOf({ ...record!, key: "c2hvcnQ=" })).toBe("c2hvcnQ=");
  });
});

describe("Kafka bridge configuration", () => {
  it("reads the stream and attempts", () => {
    expect(loadConfig({ STREAM_NAME: "s-1", MAX_ATTEMPTS: "3" })).toEqual({ streamName: "s-1", maxAttempts: 3 });
  });
  it.each([
    [{}, "STREAM_NAME"],
    [{ STREAM_NAME: "arn:aws:kinesis:us-east-1:0:stream/x" }, "STREAM_NAME"],
    [{ STREAM_NAME: "s", MAX_ATTEMPTS: "11" }, "MAX_ATTEMPTS"],
  ])("names the bad variable in %j", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
