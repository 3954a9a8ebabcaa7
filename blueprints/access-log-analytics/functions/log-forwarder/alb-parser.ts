import { ABSENT, convertNumbers, toIsoTimestamp, withTimestamp, type LineParser, type LogRecord, type ParsedLine } from "./log-record";

/**
 * ALB access log fields in the order AWS writes them ("Access log entries" in the Elastic Load
 * Balancing guide). `client:port` and `target:port` are split into `*_ip` and `*_port`, and
 * `target:port_list` is named `target_port_list`, following the Athena table AWS documents,
 * because `:` in a field name is awkward in every query language downstream.
 */
export const ALB_FIELDS = [
  "type", "time", "elb", "client:port", "target:port", "request_processing_time", "target_processing_time",
  "response_processing_time", "elb_status_code", "target_status_code", "received_bytes", "sent_bytes", "request",
  "user_agent", "ssl_cipher", "ssl_protocol", "target_group_arn", "trace_id", "domain_name", "chosen_cert_arn",
  "matched_rule_priority", "request_creation_time", "actions_executed", "redirect_url", "error_reason",
  "target_port_list", "target_status_code_list", "classification", "classification_reason", "conn_trace_id",
] as const;

// Logs from before a field existed end early; fewer than this is not an ALB line at all.
const MIN_FIELDS = 14;

const NUMERIC_FIELDS: ReadonlySet<string> = new Set([
  "client_port", "target_port", "request_processing_time", "target_processing_time", "response_processing_time",
  "elb_status_code", "target_status_code", "received_bytes", "sent_bytes", "matched_rule_priority",
]);

/**
 * Parses Application Load Balancer access log lines. Fields AWS appends after `conn_trace_id`
 * (it has added fields over the years and documents that more may follow) are ignored: their
 * names are unknown here, and guessing them would make the index mapping unstable.
 */
export function createAlbParser(): LineParser {
  return {
    parseLine(line: string): ParsedLine {
      if (line.trim() === "" || line.startsWith("#")) return { kind: "skip" };
      const values = tokenize(line);
      if (values === undefined) return { kind: "invalid", reason: "unterminated quoted field" };
      if (values.length < MIN_FIELDS) return { kind: "invalid", reason: `${values.length} fields, expected at least ${MIN_FIELDS}` };

      const record: LogRecord = {};
      ALB_FIELDS.forEach((name, index) => {
        const value = values[index];
        if (value === undefined || value === ABSENT || value === "") return;
        if (name === "client:port" || name === "target:port") {
          const prefix = name === "client:port" ? "client" : "target";
          const { ip, port } = splitAddress(value);
          record[`${prefix}_ip`] = ip;
          if (port !== undefined) record[`${prefix}_port`] = port;
          return;
        }
        record[name] = value;
        if (name === "request") Object.assign(record, splitRequest(value));
      });
      convertNumbers(record, NUMERIC_FIELDS);
      const timestamp = typeof record.time === "string" ? toIsoTimestamp(record.time) : undefined;
      return { kind: "record", record: withTimestamp(record, timestamp) };
    },
  };
}

/**
 * Splits on single spaces, keeping double-quoted fields whole. A quote only closes a field
 * when a space or the end of the line follows it, the same rule as the regular expression in
 * AWS's Athena table, so a stray `"` inside a user agent does not shift every later field.
 */
export function tokenize(line: string): string[] | undefined {
  const values: string[] = [];
  let index = 0;
  while (index < line.length) {
    if (line[index] === '"') {
      let close = line.indexOf('"', index + 1);
      while (close !== -1 && close + 1 < line.length && line[close + 1] !== " ") close = line.indexOf('"', close + 1);
      if (close === -1) return undefined;
      values.push(line.slice(index + 1, close));
      index = close + 2;
    } else {
      const space = line.indexOf(" ", index);
      const end = space === -1 ? line.length : space;
      values.push(line.slice(index, end));
      index = end + 1;
    }
  }
  return values;
}

// Split at the last colon, as the Athena table's regular expression does: IPv6 addresses are
// written without brackets, so every earlier colon belongs to the address.
function splitAddress(value: string): { ip: string; port?: string } {
  const colon = value.lastIndexOf(":");
  if (colon <= 0) return { ip: value };
  return { ip: value.slice(0, colon), port: value.slice(colon + 1) };
}

function splitRequest(request: string): LogRecord {
  const [verb, url, protocol] = request.split(" ");
  const parts: LogRecord = {};
  if (verb !== undefined && verb !== ABSENT && verb !== "") parts.request_verb = verb;
  if (url !== undefined && url !== ABSENT && url !== "") parts.request_url = url;
  if (protocol !== undefined && protocol !== ABSENT && protocol !== "") parts.request_proto = protocol;
  return parts;
}
