/** One parsed log line, as it is sent on: a flat JSON object. */
export type LogRecord = Record<string, unknown>;

/** What a parser made of one line. */
export type ParsedLine =
  | { readonly kind: "record"; readonly record: LogRecord }
  /** Blank lines, `#` headers and comments: expected, not counted as errors. */
  | { readonly kind: "skip" }
  /** A line that does not fit the format; counted and dropped, never fatal. */
  | { readonly kind: "invalid"; readonly reason: string };

/**
 * Parses the lines of one object, in order. A parser may keep state between lines (a
 * `#Fields` or column header changes how the lines after it are read), so every object gets a
 * fresh one.
 */
export interface LineParser {
  parseLine(line: string): ParsedLine;
}

/** The value logs use for "absent". */
export const ABSENT = "-";

/**
 * Converts the named fields of a record to numbers in place. A value that is not a plain
 * decimal number is left as it was rather than dropped: the destination then rejects that one
 * document (Firehose backs it up to S3) and the data is not lost silently.
 */
export function convertNumbers(record: LogRecord, numericFields: ReadonlySet<string>): void {
  for (const field of numericFields) {
    const value = record[field];
    if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) record[field] = Number(value);
  }
}

/** ISO 8601 in UTC for a parseable time, else undefined. */
export function toIsoTimestamp(value: string | number | Date): string | undefined {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Pairs header names with the values of one line, leaving out absent (`-`) values. */
export function zipFields(names: readonly string[], values: readonly string[]): LogRecord {
  const record: LogRecord = {};
  names.forEach((name, index) => {
    const value = values[index];
    if (value !== undefined && value !== ABSENT) record[name] = value;
  });
  return record;
}

/** Puts `@timestamp` first, where OpenSearch index patterns and people look for it. */
export function withTimestamp(record: LogRecord, timestamp: string | undefined): LogRecord {
  return timestamp === undefined ? record : { "@timestamp": timestamp, ...record };
}
