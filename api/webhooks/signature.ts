import { createHmac } from "node:crypto";

/** The header a receiver verifies: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const SIGNATURE_HEADER = "Slipstream-Signature";

/**
 * Signs one attempt's body. The timestamp is inside the signed text, so a receiver that
 * refuses old timestamps (the README's snippet allows 5 minutes) cannot be fed a captured
 * delivery again later; each attempt is signed afresh with its own time.
 */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}
