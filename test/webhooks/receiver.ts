import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";

type Verify = (secret: string, header: string | undefined, body: string) => boolean;

/**
 * The README's verification snippet (Webhooks), read from the README and run as it is written,
 * with `require("node:crypto")` as its only import: the tests verify deliveries with exactly
 * what receivers are told to write, never with the service's own signing code — so a signing
 * bug cannot hide behind a verification sharing it, nor the README drift from what works.
 */
function readmeVerification(): Verify {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const snippet = /<!-- verify-signature -->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (snippet === undefined) throw new Error("README.md lost its webhook signature verification snippet (after <!-- verify-signature -->)");
  const load = (name: string) => {
    if (name !== "node:crypto") throw new Error(`the README's snippet requires ${name}; it should need node:crypto only`);
    return crypto;
  };
  return new Function("require", `${snippet}\nreturn verifySlipstreamSignature;`)(load) as Verify;
}

export const verifySignature: Verify = readmeVerification();

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
