import { toIsoTimestamp, withTimestamp, type LineParser, type LogRecord, type ParsedLine } from "./log-record";

// Where application logs commonly keep their time, most specific first.
const TIME_FIELDS = ["@timestamp", "timestamp", "time", "eventTime", "date"] as const;
// Below this a numeric time is in seconds, above it milliseconds (1e11 s is the year 5138).
const EPOCH_SECONDS_LIMIT = 1e11;

/**
 * Parses one JSON object per line. The record is passed on as written; `@timestamp` is
 * normalised from the first time field found. A line that is not a JSON object is invalid
 * (counted, skipped), never fatal for the file.
 */
export function createJsonLinesParser(): LineParser {
  return {
    parseLine(line: string): ParsedLine {
      const trimmed = line.trim();
      if (trimmed === "" || trimmed.startsWith("#")) return { kind: "skip" };
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch {
        return { kind: "invalid", reason: "not JSON" };
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return { kind: "invalid", reason: "not a JSON object" };
      }
      const record = value as LogRecord;
      const timestamp = findTimestamp(record);
      // Without a readable time the record keeps whatever `@timestamp` it had.
      if (timestamp === undefined) return { kind: "record", record };
      const { "@timestamp": _replaced, ...rest } = record;
      return { kind: "record", record: withTimestamp(rest, timestamp) };
    },
  };
}

function findTimestamp(record: LogRecord): string | undefined {
  for (const field of TIME_FIELDS) {
    const value = record[field];
    if (typeof value === "string") {
      const iso = toIsoTimestamp(value);
      if (iso !== undefined) return iso;
    } else if (typeof value === "number" && Number.isFinite(value)) {
      return toIsoTimestamp(value < EPOCH_SECONDS_LIMIT ? value * 1000 : value);
    }
  }
  return undefined;
}
