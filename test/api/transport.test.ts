import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../api/config/settings";
import { startService, type RunningService } from "../../api/server";
import { ScriptedEngine } from "./support/scripted-engine";

/** Sends raw bytes and reads until the server closes the socket (or a time limit). */
function raw(port: number, text: string): Promise<{ response: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    let response = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (response += d));
    socket.on("error", reject);
    socket.on("end", () => resolve({ response, closedByServer: true }));
    socket.setTimeout(10_000, () => {
      socket.destroy();
      resolve({ response, closedByServer: false });
    });
  });
}

const bodyOf = (response: string) => response.slice(response.indexOf("\r\n\r\n") + 4);

/**
 * What only shows on a real socket — requests the Node adapter cannot read, and whether a
 * connection is kept — through the service as `startService` wires it (scripted engine).
 */
describe("the service over a socket", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-transport-"));
  let service: RunningService;
  beforeAll(async () => {
    const settings = loadSettings({ PORT: "0", SLIPSTREAM_DATA_DIR: dataDir, SLIPSTREAM_MAX_BODY_BYTES: "1024", PULUMI_CONFIG_PASSPHRASE: "transport-test" });
    service = await startService(settings, { engine: new ScriptedEngine(), log: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await service?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers a path holding a backslash with a problem document, not an empty 400", async () => {
    const { response } = await raw(service.port, "GET /v1/deployments/a\\b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(response).toMatch(/^content-type: application\/problem\+json\r$/im);
    expect(JSON.parse(bodyOf(response))).toMatchObject({ status: 400, errors: [{ field: "(request line)", message: "Backslash in request path" }] });
  });

  it("says Connection: close on a 413, and closes", async () => {
    const body = "x".repeat(4096);
    const { response, closedByServer } = await raw(service.port, `POST /v1/plans HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toMatch(/^connection: close\r$/im);
    expect(response).not.toMatch(/keep-alive/i);
    expect(closedByServer).toBe(true);
  });
});
