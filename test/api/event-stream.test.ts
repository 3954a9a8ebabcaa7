import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EventSource } from "eventsource";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../api/config/settings";
import { startService, type RunningService } from "../../api/server";
import { exampleOf } from "../support/blueprint-requests";
import { waitFor } from "../support/wait-for";
import { ScriptedEngine } from "./support/scripted-engine";

// An operation's event stream as a standard SSE client sees it (the `eventsource` package, the
// WHATWG EventSource for Node): every event reaches `onmessage`, one `end` event follows the
// last, and the client's automatic reconnect is answered 204, which stops it for good.
describe("the event stream with an EventSource client", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-sse-"));
  const engine = new ScriptedEngine();
  let service: RunningService;
  beforeAll(async () => {
    engine.autoRelease = false;
    service = await startService(loadSettings({ PORT: "0", SLIPSTREAM_DATA_DIR: dataDir, PULUMI_CONFIG_PASSPHRASE: "sse-test", SLIPSTREAM_POLL_MS: "50" }), { engine, log: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await service?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers every event as a message, then `end`, then stops reconnecting", async () => {
    const { example } = exampleOf("dynamodb-search");
    const created = await fetch(`${service.url}/v1/deployments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "sse-demo", blueprint: "dynamodb-search", ...example }) });
    const { operation } = (await created.json()) as { operation: { id: string } };
    await waitFor("the operation to start", () => engine.started.some((r) => r.operation.id === operation.id));

    const requests: { lastEventId: string | null; status: number }[] = [];
    const messages: { sequence: number; type: string }[] = [];
    const ends: unknown[] = [];
    const source = new EventSource(`${service.url}/v1/operations/${operation.id}/events/stream`, {
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        requests.push({ lastEventId: new Headers(init?.headers).get("last-event-id"), status: response.status });
        return response;
      },
    });
    source.onmessage = (e) => messages.push(JSON.parse(e.data as string) as { sequence: number; type: string });
    source.addEventListener("end", (e) => ends.push(JSON.parse(e.data as string)));
    try {
      // Live: the run is held until the stream has shown its first events.
      await waitFor("the first events", () => messages.length >= 2);
      engine.release(operation.id);
      await waitFor("the client to stop for good", () => source.readyState === EventSource.CLOSED);
    } finally {
      source.close();
    }

    expect(messages.map((m) => m.type)).toEqual(["slipstream.started", "preludeEvent", "summaryEvent", "slipstream.succeeded"]);
    expect(messages.map((m) => m.sequence)).toEqual([1, 2, 3, 4]);
    expect(ends).toEqual([{ operation: operation.id, status: "succeeded" }]);
    // The first connection streamed; the automatic reconnect after `end` resumed at the last
    // event and was told there is nothing more.
    expect(requests).toEqual([
      { lastEventId: null, status: 200 },
      { lastEventId: "4", status: 204 },
    ]);
  });

  it("replays a finished operation to a new client, and answers a resume past its end with 204", async () => {
    const history = (await (await fetch(`${service.url}/v1/deployments/sse-demo/operations`)).json()) as { operations: { id: string }[] };
    const id = history.operations[0]!.id;
    const replay = await fetch(`${service.url}/v1/operations/${id}/events/stream`);
    const text = await replay.text();
    expect(text).not.toMatch(/^event: (?!end$)/m);
    expect([...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4]);
    expect(text.trimEnd().split("\n").slice(-2)).toEqual(["event: end", `data: {"operation":"${id}","status":"succeeded"}`]);

    const partial = await (await fetch(`${service.url}/v1/operations/${id}/events/stream`, { headers: { "Last-Event-ID": "3" } })).text();
    expect([...partial.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([4]);
    expect((await fetch(`${service.url}/v1/operations/${id}/events/stream?after=4`)).status).toBe(204);
  });
});
