import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from "@aws-sdk/client-kinesis";
// The Kinesis client defaults to HTTP/2, which kinesalite does not speak.
import { NodeHttpHandler } from "@smithy/node-http-handler";

const kinesalite: (options: Record<string, unknown>) => Server = require("kinesalite");

export interface LocalKinesis {
  readonly client: KinesisClient;
  createStream(name: string, shards: number): Promise<void>;
  /** Every record in the stream, across shards. */
  readRecords(name: string): Promise<{ data: Buffer; partitionKey: string }[]>;
  stop(): Promise<void>;
}

/** kinesalite in this process on a free port, spoken to over HTTP/1. */
export async function startKinesis(): Promise<LocalKinesis> {
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = new KinesisClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
  return {
    client,
    async createStream(name, shards) {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
      for (let tries = 0; tries < 100; tries += 1) {
        const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        if (summary.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`stream ${name} did not become ACTIVE`);
    },
    async readRecords(name) {
      const out: { data: Buffer; partitionKey: string }[] = [];
      const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: name }));
      for (const shard of Shards) {
        const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
        let iterator = ShardIterator;
        while (iterator !== undefined) {
          const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
          for (const r of page.Records ?? []) out.push({ data: Buffer.from(r.Data ?? new Uint8Array()), partitionKey: r.PartitionKey ?? "" });
          iterator = (page.Records ?? []).length > 0 ? page.NextShardIterator : undefined;
        }
      }
      return out;
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
