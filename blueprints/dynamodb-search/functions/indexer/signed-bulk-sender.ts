import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { BulkHttpResponse } from "./bulk-response";

/** Sends one NDJSON bulk body and returns the raw answer; throws only when no answer arrived. */
export type BulkSender = (ndjson: string, signal: AbortSignal) => Promise<BulkHttpResponse>;

export interface SignedBulkSenderOptions {
  /** Domain endpoint host, optionally with a port (tests). */
  readonly endpoint: string;
  /** Region the domain lives in; requests are signed for it. */
  readonly region: string;
  /** Credentials or a provider of them; production passes the default provider chain. */
  readonly credentials: ConstructorParameters<typeof SignatureV4>[0]["credentials"];
  /** `https:` (default). Tests pass `http:` to reach a local stand-in; OpenSearch Service is https only. */
  readonly protocol?: "https:" | "http:";
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

/**
 * A {@link BulkSender} that POSTs to `/_bulk`, signed with SigV4 for service `es` (the signing name
 * of OpenSearch Service domains, also for OpenSearch engine versions). The target index is named
 * in each action line rather than the path, so the IAM policy can grant exactly `es:ESHttpPost`
 * on `<domain-arn>/_bulk`.
 */
export function createSignedBulkSender({
  endpoint,
  region,
  credentials,
  protocol = "https:",
  fetch: fetchImpl = fetch,
}: SignedBulkSenderOptions): BulkSender {
  const url = new URL(`${protocol}//${endpoint}/_bulk`);
  const signer = new SignatureV4({ service: "es", region, credentials, sha256: Sha256 });

  return async function sendBulk(ndjson, signal) {
    const signed = await signer.sign({
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === "" ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query: {},
      // `host` must be signed; `url.host` is exactly what fetch will send (the port only when not default).
      headers: { host: url.host, "content-type": "application/x-ndjson" },
      body: ndjson,
    });
    const { host: _host, ...headers } = signed.headers;
    const response = await fetchImpl(url, { method: "POST", headers, body: ndjson, signal });
    return { status: response.status, body: await response.text() };
  };
}
