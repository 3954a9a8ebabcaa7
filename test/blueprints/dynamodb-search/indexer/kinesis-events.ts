import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordCommand,
} from "@aws-sdk/client-kinesis";
// The Kinesis client defaults to HTTP/2, which kinesalite does not speak. This handler ships with
// every @aws-sdk client (it is client-kinesis's own dependency).
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { kinesisChangeRecord, type Change } from "./stream-events";

const kinesalite: (options: Record<string, unknown>) => import("node:http").Server = require("kinesalite");

const REGION = "eu-west-1";

/**
 * A DynamoDB Kinesis streaming destination in miniature: change records are put into a real
 * Kinesis API (kinesalite, in process), read back with GetShardIterator/GetRecords, and shaped the
 * way Lambda's Kinesis event source mapping delivers them.
 */
export class KinesisDestination {
  private constructor(
    private readonly server: import("node:http").Server,
    private readonly client: KinesisClient,
    private readonly streamName: string,
    private readonly streamArn: string,
    private readonly shardId: string,
  ) {}

  static async start(): Promise<KinesisDestination> {
    const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = new KinesisClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: REGION,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      requestHandler: new NodeHttpHandler(),
      maxAttempts: 1,
    });
    const StreamName = "orders-changes";
    await client.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamName }));
    const shardId = StreamDescription?.Shards?.[0]?.ShardId;
    const streamArn = StreamDescription?.StreamARN;
    if (shardId === undefined || streamArn === undefined) {
      throw new Error("kinesalite created no shard");
    }
    return new KinesisDestination(server, client, StreamName, streamArn, shardId);
  }

  async close(): Promise<void> {
    this.client.destroy();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  /** Writes the changes, in order, to the stream and returns exactly them as a Lambda event. */
  async eventFor(changes: readonly Change[]): Promise<KinesisStreamEvent> {
    let first: string | undefined;
    for (const [index, change] of changes.entries()) {
      // DynamoDB uses a hash of the item's key as the partition key.
      const PartitionKey = createHash("md5").update(JSON.stringify(change.keys)).digest("hex").toUpperCase();
      const Data = Buffer.from(JSON.stringify(kinesisChangeRecord(change, index)));
      const { SequenceNumber } = await this.client.send(new PutRecordCommand({ StreamName: this.streamName, PartitionKey, Data }));
      first ??= SequenceNumber;
    }

    const { ShardIterator } = await this.client.send(
      new GetShardIteratorCommand({ StreamName: this.streamName, ShardId: this.shardId, ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: first }),
    );
    const { Records = [] } = await this.client.send(new GetRecordsCommand({ ShardIterator, Limit: changes.length }));
    if (Records.length !== changes.length) {
      throw new Error(`read ${Records.length} records back, wrote ${changes.length}`);
    }
    return {
      Records: Records.map(
        (record): KinesisStreamRecord => ({
          kinesis: {
            kinesisSchemaVersion: "1.0",
            partitionKey: record.PartitionKey ?? "",
            sequenceNumber: record.SequenceNumber ?? "",
            data: Buffer.from(record.Data ?? new Uint8Array()).toString("base64"),
            approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? 0) / 1000,
          },
          eventSource: "aws:kinesis",
          eventVersion: "1.0",
          eventID: `${this.shardId}:${record.SequenceNumber}`,
          eventName: "aws:kinesis:record",
          invokeIdentityArn: "arn:aws:iam::123456789012:role/orders-indexer",
          awsRegion: REGION,
          eventSourceARN: this.streamArn,
        }),
      ),
    };
  }
}
