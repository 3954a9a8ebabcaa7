import { convertNumbers, toIsoTimestamp, withTimestamp, zipFields, type LineParser, type ParsedLine } from "./log-record";

/**
 * The 33 fields of a CloudFront standard log (legacy) line, in order, named as in the
 * CloudFront Developer Guide ("Log file fields"). Used until a `#Fields` header says otherwise.
 */
export const CLOUDFRONT_FIELDS = [
  "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem", "sc-status",
  "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)", "x-edge-result-type", "x-edge-request-id",
  "x-host-header", "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for", "ssl-protocol", "ssl-cipher",
  "x-edge-response-result-type", "cs-protocol-version", "fle-status", "fle-encrypted-fields", "c-port",
  "time-to-first-byte", "x-edge-detailed-result-type", "sc-content-type", "sc-content-len", "sc-range-start",
  "sc-range-end",
] as const;

const NUMERIC_FIELDS: ReadonlySet<string> = new Set([
  "sc-bytes", "sc-status", "cs-bytes", "time-taken", "c-port", "time-to-first-byte", "sc-content-len",
  "sc-range-start", "sc-range-end",
]);

const FIELDS_HEADER = "#Fields:";

/** Parses tab-separated CloudFront standard log lines. */
export function createCloudFrontParser(): LineParser {
  let fields: readonly string[] = CLOUDFRONT_FIELDS;
  return {
    parseLine(line: string): ParsedLine {
      if (line.trim() === "") return { kind: "skip" };
      if (line.startsWith("#")) {
        // Distributions configured before a field was added log fewer columns, and CloudFront
        // may add more: the header is the authority for the file it heads.
        if (line.startsWith(FIELDS_HEADER)) {
          const named = line.slice(FIELDS_HEADER.length).trim().split(/\s+/).filter((name) => name !== "");
          if (named.length > 0) fields = named;
        }
        return { kind: "skip" };
      }
      const values = line.split("\t");
      if (values.length < 2) return { kind: "invalid", reason: "not tab-separated" };
      const record = zipFields(fields, values);
      const userAgent = record["cs(User-Agent)"];
      if (typeof userAgent === "string") record["cs(User-Agent)"] = decodeUserAgent(userAgent);
      convertNumbers(record, NUMERIC_FIELDS);
      const timestamp = typeof record.date === "string" && typeof record.time === "string" ? toIsoTimestamp(`${record.date}T${record.time}Z`) : undefined;
      return { kind: "record", record: withTimestamp(record, timestamp) };
    },
  };
}

// CloudFront URL-encodes the user agent (spaces as %20) so that it cannot contain a tab.
function decodeUserAgent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
