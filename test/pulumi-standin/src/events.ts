import * as fs from "node:fs";
import * as grpc from "@grpc/grpc-js";

const eventsRpc = require("@pulumi/pulumi/proto/events_grpc_pb");
const eventsPb = require("@pulumi/pulumi/proto/events_pb");

/** One engine event body, e.g. `{ resourcePreEvent: {...} }`; sequence and timestamp are added. */
export type EventBody = Record<string, unknown>;

/**
 * Where engine events go, chosen by `--event-log` exactly as the CLI does: `tcp://host:port`
 * is the SDK's `pulumirpc.Events` server (CLIs newer than 3.205, which the stand-in reports),
 * anything else a JSON-lines file the SDK tails (older CLIs; kept for `PULUMI_STANDIN_VERSION`).
 */
export class EventSink {
  private sequence = 0;
  private readonly stream: grpc.ClientWritableStream<unknown> | undefined;
  private readonly done: Promise<void> | undefined;
  private readonly client: { close(): void } | undefined;
  private readonly listeners: ((event: EventBody) => void)[] = [];

  constructor(private readonly target: string | undefined) {
    if (target?.startsWith("tcp://")) {
      const client = new eventsRpc.EventsClient(target.slice("tcp://".length), grpc.credentials.createInsecure()) as {
        close(): void;
        streamEvents(cb: (err: Error | null) => void): grpc.ClientWritableStream<unknown>;
      };
      let finished!: () => void;
      this.done = new Promise((resolve) => (finished = resolve));
      // The SDK answers once the stream ends; a failure there must not fail the update.
      this.stream = client.streamEvents(() => finished());
      this.client = client;
    }
  }

  onEvent(listener: (event: EventBody) => void): void {
    this.listeners.push(listener);
  }

  emit(body: EventBody): void {
    const event = { sequence: this.sequence++, timestamp: Math.floor(Date.now() / 1000), ...body };
    for (const l of this.listeners) l(event);
    const line = JSON.stringify(event);
    if (this.stream) {
      const req = new eventsPb.EventRequest();
      req.setEvent(line);
      this.stream.write(req);
    } else if (this.target) {
      fs.appendFileSync(this.target, `${line}\n`);
    }
  }

  /** Ends the stream and waits until the SDK has taken every event. */
  async close(): Promise<void> {
    if (!this.stream) return;
    this.stream.end();
    await Promise.race([this.done, new Promise((r) => setTimeout(r, 5_000))]);
    this.client?.close();
  }
}
