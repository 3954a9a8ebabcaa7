import { createHmac, timingSafeEqual } from "node:crypto";
import * as http from "node:http";

/**
 * The README's verification, as a receiver writes it: parse `t` and `v1`, refuse a timestamp
 * more than 5 minutes from now, recompute HMAC-SHA256(secret, "<t>.<body>") and compare in
 * constant time. Written here from the README, not imported from the service, so a signing
 * bug cannot hide behind a verification with the same bug.
 */
export function verifySignature(secret: string, header: string | undefined, body: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts["t"]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300 || !parts["v1"]) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts["v1"], "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

/**
 * A webhook receiver on 127.0.0.1: verifies every request's signature with `secret` (or what
 * it returns when called, for a secret known only once the webhook is created) and
 * answers 401 when it does not hold, else the status `answer` gives for the n-th request
 * (1-based), 200 by default. Records everything it got.
 */
export async function startReceiver(secret: string | (() => string), answer: (n: number) => number = () => 200, port = 0) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = req.headers["slipstream-signature"];
      const verified = verifySignature(typeof secret === "string" ? secret : secret(), typeof header === "string" ? header : undefined, body);
      received.push({ headers: req.headers, body, verified });
      res.statusCode = verified ? answer(received.length) : 401;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/hooks/slipstream`,
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
