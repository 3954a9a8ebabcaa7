import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Fields pino replaces with "[redacted]" wherever a log call puts them: authorization
 * headers, token secrets, the bootstrap token and webhook signing secrets (and signatures). Nothing in the service logs these today —
 * requests are logged by method, path and status, callers by token id and name — so this
 * is the net under that rule, for the log call someone adds tomorrow (`{ headers }`,
 * `{ req }`, a settings object, a created token). pino's paths are exact, with `*` for one
 * level, so each shape is listed.
 */
export const REDACTED_PATHS = [
  "authorization",
  "headers.authorization",
  "*.headers.authorization",
  "req.headers.authorization",
  "request.headers.authorization",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "hash",
  "*.hash",
  "bootstrapToken",
  "*.bootstrapToken",
  "SLIPSTREAM_BOOTSTRAP_TOKEN",
  "*.SLIPSTREAM_BOOTSTRAP_TOKEN",
  // Webhook signing secrets: a created webhook (`{ webhook }`), its secret on its own.
  "signingSecret",
  "*.signingSecret",
  "*.*.secret",
  "headers.slipstream-signature",
  "*.headers.slipstream-signature",
];

/** The service's logger: JSON lines to stdout (or `destination`), secrets redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, name: "slipstream", redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}
