import * as fs from "node:fs";
import * as http from "node:http";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from "@aws-sdk/client-kinesis";
import { S3Client } from "@aws-sdk/client-s3";

// Local servers take any well-formed signature; the SDK still needs something to sign with.
const CLIENT_DEFAULTS = { region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } };

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
// Neither package ships type declarations.
const S3rver = require("s3rver") as S3rverConstructor;
const kinesalite = require("kinesalite") as (options: Record<string, unknown>) => http.Server;

export interface LocalS3 {
  readonly client: S3Client;
  stop(): Promise<void>;
}

/** s3rver in this process, on a free port, storing into a fresh temporary directory. */
export async function startS3(buckets: readonly string[]): Promise<LocalS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "log-forwarder-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true, configureBuckets: buckets.map((name) => ({ name, configs: [] })) });
  const { port } = await server.run();
  const client = new S3Client({ ...CLIENT_DEFAULTS, endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true });
  return {
    client,
    async stop() {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface LocalKinesis {
  readonly client: KinesisClient;
  createStream(name: string): Promise<void>;
  /** Every record in the stream, oldest first, across all shards. */
  readRecords(name: string): Promise<Array<{ data: string; partitionKey: string }>>;
  stop(): Promise<void>;
}

/**
 * kinesalite in this process. The Kinesis client of SDK v3 speaks HTTP/2 only (for
 * SubscribeToShard), so kinesalite's request handler is mounted on a cleartext HTTP/2 server:
 * the forwarder's client runs with its production transport.
 */
export async function startKinesis(): Promise<LocalKinesis> {
  const backend = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
  const handler = backend.listeners("request")[0] as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void;
  const server = http2.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = new KinesisClient({ ...CLIENT_DEFAULTS, endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
  return {
    client,
    async createStream(name) {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }));
      for (let tries = 0; tries < 50; tries += 1) {
        const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        if (summary.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`stream ${name} did not become ACTIVE`);
    },
    async readRecords(name) {
      const records: Array<{ data: string; partitionKey: string }> = [];
      const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: name }));
      for (const shard of Shards) {
        const { ShardIterator } = await client.send(
          new GetShardIteratorCommand({ StreamName: name, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }),
        );
        let iterator = ShardIterator;
        while (iterator !== undefined) {
          const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
          for (const record of page.Records ?? []) {
            records.push({ data: Buffer.from(record.Data ?? new Uint8Array()).toString("utf8"), partitionKey: record.PartitionKey ?? "" });
          }
          // An open shard always hands out a next iterator; an empty page means we are at the tip.
          iterator = (page.Records ?? []).length > 0 ? page.NextShardIterator : undefined;
        }
      }
      return records;
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Closes kinesalite's store; its HTTP server never listened, hence the ignored error.
      await new Promise<void>((resolve) => backend.close(() => resolve()));
    },
  };
}

/** One PutRecordBatch call as the fake Firehose saw it. */
export interface FirehoseCall {
  readonly deliveryStreamName: string;
  /** Decoded record data, in request order. */
  readonly records: readonly string[];
}

export interface FakeFirehose {
  readonly client: FirehoseClient;
  readonly calls: FirehoseCall[];
  /** Records each stream accepted, in arrival order. */
  accepted(deliveryStreamName: string): string[];
  /** Records matching `predicate` get `ServiceUnavailableException` the first time they are sent. */
  failOnce(predicate: (data: string) => boolean): void;
  /** Records matching `predicate` get `ServiceUnavailableException` every time. */
  failAlways(predicate: (data: string) => boolean): void;
  /** The next `count` calls fail as a whole with HTTP 503. */
  failNextCalls(count: number): void;
  reset(): void;
  stop(): Promise<void>;
}

/**
 * A stand-in for the Firehose API: the JSON 1.1 protocol on node:http, PutRecordBatch only,
 * answering per record like the real service (RecordId or ErrorCode, FailedPutCount), for the
 * delivery streams it is told exist.
 */
export async function startFakeFirehose(deliveryStreamNames: readonly string[]): Promise<FakeFirehose> {
  const calls: FirehoseCall[] = [];
  const accepted = new Map<string, string[]>();
  let failOncePredicate: ((data: string) => boolean) | undefined;
  let failAlwaysPredicate: ((data: string) => boolean) | undefined;
  const failedOnce = new Set<string>();
  let failingCalls = 0;
  let recordIds = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `req-${calls.length}` });
        res.end(JSON.stringify(body));
      };
      if (req.headers["x-amz-target"] !== "Firehose_20150804.PutRecordBatch") {
        reply(400, { __type: "UnknownOperationException", message: `unsupported ${String(req.headers["x-amz-target"])}` });
        return;
      }
      const request = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { DeliveryStreamName: string; Records: Array<{ Data: string }> };
      const records = request.Records.map((record) => Buffer.from(record.Data, "base64").toString("utf8"));
      calls.push({ deliveryStreamName: request.DeliveryStreamName, records });
      if (failingCalls > 0) {
        failingCalls -= 1;
        reply(503, { __type: "ServiceUnavailableException", message: "Slow down." });
        return;
      }
      if (!deliveryStreamNames.includes(request.DeliveryStreamName)) {
        reply(400, { __type: "ResourceNotFoundException", message: `Firehose ${request.DeliveryStreamName} not found.` });
        return;
      }
      let failedPutCount = 0;
      const requestResponses = records.map((data) => {
        const onceKey = `${request.DeliveryStreamName}\n${data}`;
        const failNow = failAlwaysPredicate?.(data) === true || (failOncePredicate?.(data) === true && !failedOnce.has(onceKey));
        if (failNow) {
          failedOnce.add(onceKey);
          failedPutCount += 1;
          return { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." };
        }
        const list = accepted.get(request.DeliveryStreamName) ?? [];
        list.push(data);
        accepted.set(request.DeliveryStreamName, list);
        recordIds += 1;
        return { RecordId: `record-${recordIds}` };
      });
      reply(200, { FailedPutCount: failedPutCount, Encrypted: false, RequestResponses: requestResponses });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // maxAttempts 1, as in production: the forwarder does the retrying.
  const client = new FirehoseClient({ ...CLIENT_DEFAULTS, endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });

  return {
    client,
    calls,
    accepted: (name) => accepted.get(name) ?? [],
    failOnce: (predicate) => {
      failOncePredicate = predicate;
    },
    failAlways: (predicate) => {
      failAlwaysPredicate = predicate;
    },
    failNextCalls: (count) => {
      failingCalls = count;
    },
    reset() {
      calls.length = 0;
      accepted.clear();
      failedOnce.clear();
      failOncePredicate = undefined;
      failAlwaysPredicate = undefined;
      failingCalls = 0;
    },
    async stop() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
