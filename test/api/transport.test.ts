import * as http from "node:http";
import * as net from "node:net";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transportErrorResponse } from "../../api/http/transport-error";
import { testApp } from "./support/test-app";

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

/** What only shows on a real socket: requests the Node adapter cannot read, and connection reuse. */
describe("the service over a socket", () => {
  const t = testApp({ maxBodyBytes: 1024 });
  const server = http.createServer(getRequestListener(t.app.fetch, { errorHandler: transportErrorResponse }));
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  it("answers a path holding a backslash with a problem document, not an empty 400", async () => {
    const { response } = await raw(port, "GET /v1/deployments/a\\b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(response).toMatch(/content-type: application\/problem\+json/i);
    const body = JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4).replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, "")) as { errors: { field: string; message: string }[] };
    expect(body.errors).toEqual([{ field: "(request line)", message: "Backslash in request path" }]);
  });

  it("says Connection: close on a 413, and closes", async () => {
    const body = "x".repeat(4096);
    const { response, closedByServer } = await raw(port, `POST /v1/plans HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toMatch(/^connection: close\r$/im);
    expect(response).not.toMatch(/keep-alive/i);
    expect(closedByServer).toBe(true);
  });
});
