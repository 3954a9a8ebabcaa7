import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export type HttpMethod = "GET" | "PUT" | "DELETE";

/** A REST call's answer: the status and the raw body (JSON for the APIs used here). */
export interface SearchResponse {
  readonly status: number;
  readonly body: string;
}

/** One REST call to the domain; throws only when no answer arrived (network, timeout). */
export type SearchRequester = (method: HttpMethod, path: string, body: unknown, signal: AbortSignal) => Promise<SearchResponse>;

export interface SignedRequesterOptions {
  /** Domain endpoint host, optionally with a port (tests). */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: ConstructorParameters<typeof SignatureV4>[0]["credentials"];
  /** `https:` (default); tests reach a local stand-in over `http:`. */
  readonly protocol?: "https:" | "http:";
  readonly fetch?: typeof fetch;
}

/**
 * A {@link SearchRequester} signing every call with SigV4 for service `es`: the domain's access
 * policy admits IAM principals only, and fine-grained access control maps the signing role
 * (this function's, the domain's master user) to `all_access` and `security_manager`.
 */
export function createSignedRequester({ endpoint, region, credentials, protocol = "https:", fetch: fetchImpl = fetch }: SignedRequesterOptions): SearchRequester {
  const base = new URL(`${protocol}//${endpoint}`);
  const signer = new SignatureV4({ service: "es", region, credentials, sha256: Sha256 });
  return async function request(method, path, body, signal) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const signed = await signer.sign({
      method,
      protocol: base.protocol,
      hostname: base.hostname,
      ...(base.port === "" ? {} : { port: Number(base.port) }),
      path,
      query: {},
      headers: { host: base.host, ...(payload === undefined ? {} : { "content-type": "application/json" }) },
      ...(payload === undefined ? {} : { body: payload }),
    });
    const { host: _host, ...headers } = signed.headers;
    const response = await fetchImpl(new URL(path, base), { method, headers, ...(payload === undefined ? {} : { body: payload }), signal });
    return { status: response.status, body: await response.text() };
  };
}
