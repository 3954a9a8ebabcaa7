import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { FirehoseClient } from "@aws-sdk/client-firehose";

export interface FakeFirehose {
  readonly client: FirehoseClient;
  /** Record batches per call, decoded. */
  readonly calls: string[][];
  accepted(): string[];
  /** Records matching get ServiceUnavailableException the first `times` times they are sent. */
  failRecords(predicate: (data: string) => boolean, times?: number): void;
  /** The next `count` calls fail as a whole with HTTP 503. */
  failNextCalls(count: number): void;
  reset(): void;
  stop(): Promise<void>;
}

/**
 * A stand-in for the Firehose API (JSON 1.1 over node:http), PutRecordBatch only, answering
 * per record as the service does (RecordId or ErrorCode with FailedPutCount), for one
 * delivery stream; any other stream is ResourceNotFoundException.
 */
export async function startFakeFirehose(deliveryStreamName: string): Promise<FakeFirehose> {
  const calls: string[][] = [];
  let accepted: string[] = [];
  let predicate: ((data: string) => boolean) | undefined;
  let failuresLeft = new Map<string, number>();
  let failTimes = 1;
  let failingCalls = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `req-${calls.length}` });
        res.end(JSON.stringify(body));
      };
      if (req.headers["x-amz-target"] !== "Firehose_20150804.PutRecordBatch") return reply(400, { __type: "UnknownOperationException", message: "unsupported" });
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { DeliveryStreamName: string; Records: { Data: string }[] };
      const records = body.Records.map((r) => Buffer.from(r.Data, "base64").toString("utf8"));
      calls.push(records);
      if (failingCalls > 0) {
        failingCalls -= 1;
        return reply(503, { __type: "ServiceUnavailableException", message: "Slow down." });
      }
      if (body.DeliveryStreamName !== deliveryStreamName) return reply(400, { __type: "ResourceNotFoundException", message: `Firehose ${body.DeliveryStreamName} not found.` });
      let failed = 0;
      const responses = records.map((data, i) => {
        if (predicate?.(data)) {
          const left = failuresLeft.get(data) ?? failTimes;
          if (left > 0) {
            failuresLeft.set(data, left - 1);
            failed += 1;
            return { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." };
          }
        }
        accepted.push(data);
        return { RecordId: `r-${calls.length}-${i}` };
      });
      reply(200, { FailedPutCount: failed, Encrypted: true, RequestResponses: responses });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = new FirehoseClient({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 });
  return {
    client,
    calls,
    accepted: () => accepted,
    failRecords(p, times = 1) {
      predicate = p;
      failTimes = times;
    },
    failNextCalls(count) {
      failingCalls = count;
    },
    reset() {
      calls.length = 0;
      accepted = [];
      predicate = undefined;
      failuresLeft = new Map();
      failingCalls = 0;
    },
    async stop() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
