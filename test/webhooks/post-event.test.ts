import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { postEvent } from "../../api/webhooks/post-event";
import { isForbiddenAddress } from "../../api/webhooks/webhook-url";

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(handler: http.RequestListener): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, hits };
}

describe("posting an event", () => {
  it("does not follow a redirect: it is a failed attempt, and the target gets nothing", async () => {
    const target = await serve((_req, res) => res.end());
    const redirecting = await serve((_req, res) => {
      res.writeHead(307, { location: `${target.url}/elsewhere` });
      res.end();
    });
    const result = await postEvent(`${redirecting.url}/hook`, { "content-type": "application/json" }, "{}", 5_000);
    expect(result).toMatchObject({ status: 307, error: "HTTP 307: redirects are not followed" });
    expect(redirecting.hits).toEqual(["POST /hook"]);
    expect(target.hits).toEqual([]);
  });

  it("gives up on a receiver that does not answer within the timeout", async () => {
    const silent = await serve(() => undefined);
    const result = await postEvent(`${silent.url}/hook`, {}, "{}", 200);
    expect(result).toMatchObject({ status: null, error: "no response within 200 ms" });
    expect(result.durationMs).toBeGreaterThanOrEqual(150);
    expect(silent.hits).toEqual(["POST /hook"]);
  });

  it("reports a refused connection as the attempt's error", async () => {
    const gone = await serve(() => undefined);
    servers.pop()!.close();
    const result = await postEvent(`${gone.url}/hook`, {}, "{}", 5_000);
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it("sends the body and headers as given, and takes any 2xx as delivered", async () => {
    let got = "";
    const receiver = await serve((req, res) => {
      req.setEncoding("utf8");
      req.on("data", (c: string) => (got += c));
      req.on("end", () => {
        res.statusCode = 202;
        res.end(req.headers["x-probe"]);
      });
    });
    expect(await postEvent(`${receiver.url}/hook`, { "x-probe": "yes" }, '{"a":1}', 5_000)).toMatchObject({ status: 202, error: null });
    expect(got).toBe('{"a":1}');
  });
});

describe("forbidden addresses", () => {
  it("are link-local IPv4 (instance metadata included), EC2's IPv6 metadata address and IPv6 link-local", () => {
    for (const address of ["169.254.169.254", "169.254.0.1", "[fd00:ec2::254]", "fd00:ec2:0:0:0:0:0:254", "fe80::1", "::ffff:169.254.169.254", "[::ffff:a9fe:a9fe]"]) expect(isForbiddenAddress(address), address).toBe(true);
    for (const address of ["127.0.0.1", "10.0.0.1", "::1", "::ffff:127.0.0.1", "fd00:ec2::253", "93.184.216.34", "hooks.example.com"]) expect(isForbiddenAddress(address), address).toBe(false);
  });
});
