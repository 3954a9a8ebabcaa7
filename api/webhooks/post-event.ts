import * as dns from "node:dns";
import * as http from "node:http";
import * as https from "node:https";
import type { LookupFunction } from "node:net";
import { isForbiddenAddress } from "./webhook-url";

export interface PostResult {
  /** The HTTP status; null when no response came. */
  status: number | null;
  /** Why it does not count as delivered; null for a 2xx. */
  error: string | null;
  durationMs: number;
}

/** What a receiver's response body may be before the rest is ignored: nothing of it is kept. */
const ERROR_TEXT_LIMIT = 200;

/**
 * Resolves as node would, then refuses link-local and metadata addresses: a host name that
 * points at 169.254.169.254 (or is made to, after the webhook was created) never gets a request.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 4);
    const allowed = (addresses as dns.LookupAddress[]).filter((a) => !isForbiddenAddress(a.address));
    if (allowed.length === 0) return callback(Object.assign(new Error(`${hostname} resolves only to link-local or instance-metadata addresses`), { code: "EFORBIDDENADDRESS" }), "", 4);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed);
    return callback(null, allowed[0]!.address, allowed[0]!.family);
  });
};

/**
 * POSTs one signed body to a receiver and reports what came back. Redirects are not followed
 * (a 3xx is a failed attempt: a redirect could lead the signed event elsewhere); the whole
 * exchange, connection included, is bounded by `timeoutMs`; the response body is read and
 * dropped. Never throws: every failure is a result, recorded as the attempt.
 */
export function postEvent(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const settle = (result: Omit<PostResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(target, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup: guardedLookup, agent: false }, (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      response.on("end", () => {
        if (status >= 200 && status < 300) settle({ status, error: null });
        else settle({ status, error: status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}` });
      });
      response.on("error", (err) => settle({ status, error: describe(err) }));
    });
    const timer = setTimeout(() => {
      settle({ status: null, error: `no response within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on("error", (err) => settle({ status: null, error: describe(err) }));
    request.end(body);
  });
}

function describe(err: Error & { code?: string }): string {
  const text = err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message;
  return text.length > ERROR_TEXT_LIMIT ? `${text.slice(0, ERROR_TEXT_LIMIT - 1)}…` : text;
}
