import { gzipSync } from "node:zlib";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { LogFormat } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/config";
import { createDepsFromEnvironment, createHandler, handler } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/handler";
import type { Logger, LogFields } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/logger";
import { startFakeFirehose, startKinesis, startS3, type FakeFirehose, type LocalKinesis, type LocalS3 } from "./local-servers";
import { ALB_LOG, CLOUDFRONT_LOG, JSON_LINES_LOG, VPC_FLOW_LOG } from "./sample-logs";
import { objectCreatedBody, objectCreatedEventBridgeBody, sqsEvent, sqsRecord, testEventBody } from "./sqs-events";

const BUCKET = "raw-access-logs";
const SEARCH_STREAM = "logs-to-search";
const ARCHIVE_STREAM = "logs-to-archive";

let s3: LocalS3;
let firehose: FakeFirehose;
let kinesis: LocalKinesis;

beforeAll(async () => {
  [s3, firehose, kinesis] = await Promise.all([startS3([BUCKET]), startFakeFirehose([SEARCH_STREAM, ARCHIVE_STREAM]), startKinesis()]);
});
afterAll(async () => {
  await Promise.all([s3?.stop(), firehose?.stop(), kinesis?.stop()]);
});
beforeEach(() => firehose.reset());

interface ForwarderOptions {
  deliveryStreamNames?: string[];
  anomalyStreamName?: string;
  maxAttempts?: number;
}

/** A handler wired to the local servers, with the log lines and backoff waits it produced. */
function forwarder(logFormat: LogFormat, options: ForwarderOptions = {}) {
  const logs: Array<{ level: string; message: string } & LogFields> = [];
  const sleeps: number[] = [];
  const capture = (level: string) => (message: string, fields: LogFields = {}) => void logs.push({ level, message, ...fields });
  const logger: Logger = { info: capture("INFO"), warn: capture("WARN"), error: capture("ERROR") };
  const forward = createHandler({
    s3: s3.client,
    firehose: firehose.client,
    kinesis: kinesis.client,
    config: {
      logFormat,
      deliveryStreamNames: options.deliveryStreamNames ?? [SEARCH_STREAM, ARCHIVE_STREAM],
      anomalyStreamName: options.anomalyStreamName,
      maxAttempts: options.maxAttempts ?? 5,
      concurrency: 4,
    },
    logger,
    sleep: async (milliseconds) => void sleeps.push(milliseconds),
    random: () => 0.5,
  });
  return { forward, logs, sleeps };
}

async function putObject(key: string, body: string | Buffer): Promise<number> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes }));
  return bytes.length;
}

async function objectMessage(messageId: string, key: string, body: string | Buffer) {
  return sqsRecord(messageId, objectCreatedBody(BUCKET, key, await putObject(key, body)));
}

const parse = (data: string) => JSON.parse(data) as Record<string, unknown>;

describe("log forwarder against local S3, Firehose and Kinesis", () => {
  it("delivers a gzip'd CloudFront object, whose key has spaces and +, to every delivery stream and the anomaly stream", async () => {
    const key = "AWSLogs/cloudfront/E2EXAMPLE.2019-12-04-21.my dist+v1.gz";
    await kinesis.createStream("anomalies-cloudfront");
    const { forward, logs } = forwarder("cloudfront", { anomalyStreamName: "anomalies-cloudfront" });

    const result = await forward(sqsEvent(await objectMessage("m-1", key, gzipSync(CLOUDFRONT_LOG))));

    expect(result).toEqual({ batchItemFailures: [] });
    for (const stream of [SEARCH_STREAM, ARCHIVE_STREAM]) {
      const records = firehose.accepted(stream);
      expect(records).toHaveLength(4);
      for (const data of records) expect(data.endsWith("}\n")).toBe(true);
      expect(parse(records[0] ?? "")).toMatchObject({ "@timestamp": "2019-12-04T21:02:31.000Z", "c-ip": "192.0.2.100", "sc-status": 200, bucket: BUCKET, key });
    }
    const anomalies = await kinesis.readRecords("anomalies-cloudfront");
    expect(anomalies.map((r) => r.partitionKey).sort()).toEqual(["192.0.2.100", "192.0.2.100", "192.0.2.100", "192.0.2.200"]);
    expect(anomalies.map((r) => parse(r.data)["x-edge-request-id"]).sort()).toEqual(
      firehose.accepted(SEARCH_STREAM).map((data) => parse(data)["x-edge-request-id"]).sort(),
    );
    expect(logs).toContainEqual(expect.objectContaining({ message: "object forwarded", key, lines: 6, records: 4, skipped: 2, invalid: 0 }));
    // Counts and names only: no record content reaches the function's logs.
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain("192.0.2.100");
    expect(logged).not.toContain("SOX4xwn4XV6Q4rgb7XiVGOHms");
  });

  it("recognises gzip by its magic bytes when the key has no .gz suffix (ALB)", async () => {
    const { forward } = forwarder("alb");
    const result = await forward(sqsEvent(await objectMessage("m-1", "AWSLogs/123456789012/elasticloadbalancing/us-east-2/2018/07/02/alb-log", gzipSync(ALB_LOG))));
    expect(result.batchItemFailures).toEqual([]);
    const records = firehose.accepted(SEARCH_STREAM).map(parse);
    expect(records.map((r) => r.type)).toEqual(["http", "https", "http"]);
    expect(records[1]).toMatchObject({ "@timestamp": "2018-07-02T22:23:00.186Z", client_ip: "192.168.131.39", client_port: 2817, elb_status_code: 200, sent_bytes: 57 });
  });

  it("delivers a plain VPC Flow Logs object with numbers as numbers", async () => {
    const { forward } = forwarder("vpc-flow");
    const result = await forward(sqsEvent(await objectMessage("m-1", "AWSLogs/123456789010/vpcflowlogs/us-east-1/2014/12/14/flow.log", VPC_FLOW_LOG)));
    expect(result.batchItemFailures).toEqual([]);
    const records = firehose.accepted(ARCHIVE_STREAM).map(parse);
    expect(records.map((r) => r["log-status"])).toEqual(["OK", "OK", "NODATA", "SKIPDATA"]);
    expect(records[0]).toMatchObject({ srcport: 20641, bytes: 4249, "account-id": "123456789010", "@timestamp": "2014-12-14T04:06:50.000Z" });
  });

  it("skips a bad JSON line and drops an oversize record without failing the object", async () => {
    const oversize = JSON.stringify({ time: 1714564800, message: "x".repeat(1_100_000) });
    const { forward, logs } = forwarder("json-lines");
    const key = "app/2024/05/01/app.jsonl";
    const result = await forward(sqsEvent(await objectMessage("m-1", key, `${JSON_LINES_LOG}${oversize}\n`)));
    expect(result.batchItemFailures).toEqual([]);
    expect(firehose.accepted(SEARCH_STREAM).map(parse).map((r) => r.level)).toEqual(["info", "warn", "debug"]);
    expect(logs).toContainEqual(expect.objectContaining({ message: "record dropped: larger than a Firehose record may be", key, line: 6 }));
    expect(logs).toContainEqual(expect.objectContaining({ message: "object forwarded", records: 3, invalid: 1, oversize: 1, invalidReasons: { "not JSON": 1 } }));
  });

  it("ignores the s3:TestEvent and reports exactly the malformed message and the missing object", async () => {
    const { forward, logs } = forwarder("vpc-flow");
    const event = sqsEvent(
      sqsRecord("m-test", testEventBody(BUCKET)),
      sqsRecord("m-malformed", "{ not an S3 notification"),
      sqsRecord("m-missing", objectCreatedBody(BUCKET, "AWSLogs/gone.log", 120)),
      await objectMessage("m-ok", "AWSLogs/present.log", VPC_FLOW_LOG),
    );

    const result = await forward(event);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m-malformed" }, { itemIdentifier: "m-missing" }] });
    expect(firehose.accepted(SEARCH_STREAM)).toHaveLength(4);
    expect(logs).toContainEqual(expect.objectContaining({ level: "ERROR", message: "malformed message", messageId: "m-malformed", reason: "the message body is not JSON" }));
    expect(logs).toContainEqual(expect.objectContaining({ level: "ERROR", message: "object not fully delivered", key: "AWSLogs/gone.log", errorName: "NoSuchKey" }));
  });

  it("reports a message whose object cannot be read: a truncated gzip", async () => {
    const { forward, logs } = forwarder("cloudfront");
    const gzip = gzipSync(CLOUDFRONT_LOG);
    const event = sqsEvent(
      await objectMessage("m-truncated", "AWSLogs/cloudfront/truncated.gz", gzip.subarray(0, gzip.length - 20)),
      await objectMessage("m-whole", "AWSLogs/cloudfront/whole.gz", gzip),
    );
    const result = await forward(event);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m-truncated" }]);
    expect(logs).toContainEqual(expect.objectContaining({ message: "object not fully delivered", key: "AWSLogs/cloudfront/truncated.gz", errorName: "Error", errorCode: "Z_BUF_ERROR" }));
  });

  it("resends only the records Firehose failed, and every record arrives exactly once", async () => {
    const { forward, sleeps } = forwarder("vpc-flow");
    firehose.failOnce((data) => data.includes('"srcport":49761') || data.includes('"log-status":"SKIPDATA"'));

    const result = await forward(sqsEvent(await objectMessage("m-1", "AWSLogs/retry.log", VPC_FLOW_LOG)));

    expect(result.batchItemFailures).toEqual([]);
    for (const stream of [SEARCH_STREAM, ARCHIVE_STREAM]) {
      const calls = firehose.calls.filter((call) => call.deliveryStreamName === stream).map((call) => call.records.map((data) => parse(data)["log-status"]));
      expect(calls).toEqual([["OK", "OK", "NODATA", "SKIPDATA"], ["OK", "SKIPDATA"]]);
      expect(parse(firehose.calls.filter((call) => call.deliveryStreamName === stream)[1]?.records[0] ?? "")).toMatchObject({ srcport: 49761 });
      const accepted = firehose.accepted(stream);
      expect(accepted).toHaveLength(4);
      expect(new Set(accepted).size).toBe(4);
    }
    // One backoff per delivery stream: full jitter of the 100 ms first ceiling.
    expect(sleeps).toEqual([50, 50]);
  });

  it("retries a PutRecordBatch call that failed as a whole (HTTP 503)", async () => {
    const { forward, sleeps } = forwarder("vpc-flow", { deliveryStreamNames: [SEARCH_STREAM] });
    firehose.failNextCalls(1);
    const result = await forward(sqsEvent(await objectMessage("m-1", "AWSLogs/throttled.log", VPC_FLOW_LOG)));
    expect(result.batchItemFailures).toEqual([]);
    expect(firehose.calls.map((call) => call.records.length)).toEqual([4, 4]);
    expect(firehose.accepted(SEARCH_STREAM)).toHaveLength(4);
    expect(sleeps).toEqual([50]);
  });

  it("sends more than 500 records in calls of at most 500, to Firehose and Kinesis", async () => {
    const [header, ...samples] = VPC_FLOW_LOG.trim().split("\n");
    // Each line made unique through its window start, so "exactly once" can be checked by set size.
    const lines = Array.from({ length: 1203 }, (_, i) => {
      const fields = (samples[i % samples.length] ?? "").split(" ");
      fields[10] = String(1_418_530_010 + i);
      return fields.join(" ");
    });
    await kinesis.createStream("anomalies-many");
    const { forward } = forwarder("vpc-flow", { deliveryStreamNames: [SEARCH_STREAM], anomalyStreamName: "anomalies-many" });

    const result = await forward(sqsEvent(await objectMessage("m-1", "AWSLogs/big.log.gz", gzipSync([header, ...lines].join("\n")))));

    expect(result.batchItemFailures).toEqual([]);
    expect(firehose.calls.map((call) => call.records.length)).toEqual([500, 500, 203]);
    expect(new Set(firehose.accepted(SEARCH_STREAM)).size).toBe(1203);
    const anomalies = await kinesis.readRecords("anomalies-many");
    expect(anomalies).toHaveLength(1203);
    // NODATA records have no srcaddr: they are spread by a hash of the record instead.
    const keys = new Set(anomalies.map((r) => r.partitionKey));
    expect(keys).toContain("172.31.16.139");
    expect([...keys].some((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
  });

  it("reports only the message whose record keeps failing after MAX_ATTEMPTS", async () => {
    const { forward, sleeps, logs } = forwarder("json-lines", { maxAttempts: 3 });
    firehose.failAlways((data) => data.includes('"message":"poison"'));
    const event = sqsEvent(
      await objectMessage("m-poisoned", "app/poisoned.jsonl", '{"message":"fine"}\n{"message":"poison"}\n'),
      await objectMessage("m-healthy", "app/healthy.jsonl", '{"message":"also fine"}\n'),
    );

    const result = await forward(event);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m-poisoned" }] });
    for (const stream of [SEARCH_STREAM, ARCHIVE_STREAM]) {
      const poisonSends = firehose.calls.filter((call) => call.deliveryStreamName === stream).flatMap((call) => call.records).filter((data) => data.includes('"message":"poison"'));
      expect(poisonSends).toHaveLength(3);
      expect(firehose.accepted(stream).map((data) => parse(data).message).sort()).toEqual(["also fine", "fine"]);
    }
    // Two retries per delivery stream, the ceiling doubling; the streams retry concurrently.
    expect([...sleeps].sort((a, b) => a - b)).toEqual([50, 50, 100, 100]);
    expect(logs).toContainEqual(
      expect.objectContaining({ message: "records still failing after retries", destination: `firehose:${SEARCH_STREAM}`, failed: 1, attempts: 3, errorCodes: { ServiceUnavailableException: 1 } }),
    );
  });

  it("fails the message at once when a delivery stream does not exist", async () => {
    const { forward, sleeps } = forwarder("vpc-flow", { deliveryStreamNames: [SEARCH_STREAM, "no-such-stream"] });
    const result = await forward(sqsEvent(await objectMessage("m-1", "AWSLogs/nowhere.log", VPC_FLOW_LOG)));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m-1" }]);
    expect(firehose.calls.filter((call) => call.deliveryStreamName === "no-such-stream")).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe("a caller's bucket announced through EventBridge (M7)", () => {
  it("forwards the object the event names, its key read as written", async () => {
    const key = "AWSLogs/cf/E2EXAMPLE.2019-12-04-21.my dist+v1:a.gz";
    const size = await putObject(key, gzipSync(CLOUDFRONT_LOG));
    const { forward } = forwarder("cloudfront");
    const result = await forward(sqsEvent(sqsRecord("m-eb", objectCreatedEventBridgeBody(BUCKET, key, size))));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(firehose.accepted(SEARCH_STREAM).map(parse).map((r) => r.key)).toEqual([key, key, key, key]);
  });
});

describe("the time guard (m15): the forwarder answers before Lambda's timeout", () => {
  /** A handler with one object at a time, whose Lambda context's remaining time the test sets. */
  function guarded(options: { remainingMs: number; reserveMs: number; maxAttempts?: number }) {
    const clock = { remainingMs: options.remainingMs };
    const logs: Array<{ level: string; message: string } & LogFields> = [];
    const sleeps: number[] = [];
    const capture = (level: string) => (message: string, fields: LogFields = {}) => {
      logs.push({ level, message, ...fields });
      // The first object finishes; then the invocation is (nearly) out of time.
      if (message === "object forwarded") clock.remainingMs = options.reserveMs;
    };
    const forward = createHandler({
      s3: s3.client,
      firehose: firehose.client,
      config: { logFormat: "vpc-flow", deliveryStreamNames: [SEARCH_STREAM, ARCHIVE_STREAM], maxAttempts: options.maxAttempts ?? 5, concurrency: 1 },
      logger: { info: capture("INFO"), warn: capture("WARN"), error: capture("ERROR") },
      sleep: async (milliseconds) => void sleeps.push(milliseconds),
      random: () => 0.5,
      reserveMs: options.reserveMs,
    });
    const context = { getRemainingTimeInMillis: () => clock.remainingMs };
    return { forward: (event: Parameters<typeof forward>[0]) => forward(event, context), logs, sleeps };
  }

  it("starts nothing when the invocation has no time to spare, and leaves every message for SQS", async () => {
    const { forward, logs } = guarded({ remainingMs: 1_000, reserveMs: 5_000 });
    const event = sqsEvent(await objectMessage("m-1", "AWSLogs/late-1.log", VPC_FLOW_LOG), await objectMessage("m-2", "AWSLogs/late-2.log", VPC_FLOW_LOG));
    expect(await forward(event)).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }, { itemIdentifier: "m-2" }] });
    expect(firehose.calls).toHaveLength(0);
    expect(logs).toContainEqual(expect.objectContaining({ level: "WARN", notStarted: 2, reserveMs: 5_000 }));
  });

  it("reports only the messages it could not finish: the ones forwarded in full are not delivered again", async () => {
    const { forward } = guarded({ remainingMs: 60_000, reserveMs: 2_000 });
    const event = sqsEvent(
      await objectMessage("m-done", "AWSLogs/first.log", VPC_FLOW_LOG),
      await objectMessage("m-late-1", "AWSLogs/second.log", VPC_FLOW_LOG),
      await objectMessage("m-late-2", "AWSLogs/third.log", VPC_FLOW_LOG),
    );
    expect(await forward(event)).toEqual({ batchItemFailures: [{ itemIdentifier: "m-late-1" }, { itemIdentifier: "m-late-2" }] });
    expect(new Set(firehose.accepted(SEARCH_STREAM).map((data) => parse(data).key))).toEqual(new Set(["AWSLogs/first.log"]));
  });

  it("does not wait for a retry that would outlast the invocation", async () => {
    // 30 ms left after the reserve: the first backoff (50 ms) no longer fits.
    const { forward, sleeps, logs } = guarded({ remainingMs: 2_030, reserveMs: 2_000 });
    firehose.failAlways((data) => data.includes('"log-status":"NODATA"'));
    const result = await forward(sqsEvent(await objectMessage("m-1", "AWSLogs/throttled.log", VPC_FLOW_LOG)));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
    expect(sleeps).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ level: "ERROR", message: "records not delivered before the invocation's time ran out", failed: 1, attempts: 1 }));
    firehose.failAlways(() => false);
  });

  it("keeps a tenth of the starting time, at most 5 seconds, when no reserve is configured", async () => {
    const logs: Array<{ message: string } & LogFields> = [];
    const capture = (message: string, fields: LogFields = {}) => void logs.push({ message, ...fields });
    const forward = createHandler({
      s3: s3.client,
      firehose: firehose.client,
      config: { logFormat: "vpc-flow", deliveryStreamNames: [SEARCH_STREAM], maxAttempts: 1, concurrency: 1 },
      logger: { info: capture, warn: capture, error: capture },
    });
    // 4 s left: the reserve is 400 ms, so there is time to work.
    const result = await forward(sqsEvent(await objectMessage("m-1", "AWSLogs/small.log", VPC_FLOW_LOG)), { getRemainingTimeInMillis: () => 4_000 });
    expect(result).toEqual({ batchItemFailures: [] });
    // 60 s left at the start, then 4 s: the reserve is the 5 s cap, so nothing starts.
    let remaining = 60_000;
    const late = await forward(sqsEvent(await objectMessage("m-2", "AWSLogs/small-2.log", VPC_FLOW_LOG)), {
      getRemainingTimeInMillis: () => {
        const now = remaining;
        remaining = 4_000;
        return now;
      },
    });
    expect(late).toEqual({ batchItemFailures: [{ itemIdentifier: "m-2" }] });
    expect(logs).toContainEqual(expect.objectContaining({ notStarted: 1, reserveMs: 5_000 }));
  });
});

describe("the Lambda entry point", () => {
  it("fails with the name of a missing variable", async () => {
    vi.stubEnv("LOG_FORMAT", "");
    vi.stubEnv("DELIVERY_STREAM_NAMES", "logs-to-search");
    try {
      await expect(handler(sqsEvent())).rejects.toThrow("LOG_FORMAT is required");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("creates a Kinesis client only when ANOMALY_STREAM_NAME is set", () => {
    const without = createDepsFromEnvironment({ LOG_FORMAT: "alb", DELIVERY_STREAM_NAMES: "a", AWS_REGION: "us-east-1" });
    expect(without.kinesis).toBeUndefined();
    const withStream = createDepsFromEnvironment({ LOG_FORMAT: "alb", DELIVERY_STREAM_NAMES: "a", ANOMALY_STREAM_NAME: "anomalies" });
    expect(withStream.kinesis).toBeDefined();
    for (const deps of [without, withStream]) {
      deps.s3.destroy();
      deps.firehose.destroy();
      deps.kinesis?.destroy();
    }
  });
});
