import { describe, expect, it } from "vitest";
import { ALB_FIELDS } from "../../../blueprints/access-log-analytics/functions/log-forwarder/alb-parser";
import { CLOUDFRONT_FIELDS } from "../../../blueprints/access-log-analytics/functions/log-forwarder/cloudfront-parser";
import { LOG_FORMATS, type LogFormat } from "../../../blueprints/access-log-analytics/functions/log-forwarder/config";
import { LOG_FORMAT_DEFINITIONS } from "../../../blueprints/access-log-analytics/functions/log-forwarder/log-formats";
import type { LogRecord } from "../../../blueprints/access-log-analytics/functions/log-forwarder/log-record";
import { VPC_FLOW_KNOWN_FIELDS } from "../../../blueprints/access-log-analytics/functions/log-forwarder/vpc-flow-parser";
import { warehouseColumns } from "../../../blueprints/access-log-analytics/warehouse/columns";
import { copyJobName, copyJobSql, createTableSql, jsonPathsDocument, sqlLiteral, type CopyJobSource } from "../../../blueprints/access-log-analytics/warehouse/load-sql";
import { ALB_LOG, CLOUDFRONT_LOG, DECODED_UA, JSON_LINES_LOG, VPC_FLOW_CUSTOM_LOG, VPC_FLOW_LOG } from "./log-forwarder/sample-logs";

// The Redshift load's column mapping (deploy-review B3/m14): COPY's JSON 'auto' cannot load
// keys like `cs(User-Agent)` or `@timestamp`, so every key the forwarder emits is named in a
// JSONPaths file. These tests run the real parsers on AWS's sample logs and read the records
// through the JSONPaths the deployment uploads.

const SAMPLES: Record<LogFormat, string[]> = {
  cloudfront: [CLOUDFRONT_LOG],
  alb: [ALB_LOG],
  "vpc-flow": [VPC_FLOW_LOG, VPC_FLOW_CUSTOM_LOG],
  "json-lines": [JSON_LINES_LOG],
};

/** Records as the forwarder sends them: parsed, with the source object added (forward-object.ts). */
function forwardedRecords(format: LogFormat): LogRecord[] {
  return SAMPLES[format].flatMap((log) => {
    const parser = LOG_FORMAT_DEFINITIONS[format].createParser();
    return log.split(/\r?\n/).flatMap((line) => {
      const parsed = parser.parseLine(line);
      return parsed.kind === "record" ? [{ ...parsed.record, bucket: "raw-logs", key: "AWSLogs/sample.log" }] : [];
    });
  });
}

/**
 * What COPY makes of one record with a JSONPaths file: each bracket-notation path reads one
 * top-level key; a missing key is NULL (Redshift database developer guide, "COPY from JSON
 * format" → JSONPath expressions).
 */
function loadRow(jsonPaths: string, record: LogRecord): Record<string, unknown>[] {
  const paths = (JSON.parse(jsonPaths) as { jsonpaths: string[] }).jsonpaths;
  return paths.map((path) => {
    const match = /^\$\['([^']+)'\]$/.exec(path);
    if (!match) throw new Error(`${path} is not a bracket-notation path to one key`);
    return { [match[1]!]: record[match[1]!] ?? null };
  });
}

// Reserved words of Redshift's that a log field name could collide with (Redshift database
// developer guide, "Reserved words").
const RESERVED = new Set(["end", "timestamp", "user", "table", "from", "to", "order", "group", "default", "offset", "limit", "partition", "tag", "system", "open", "only", "new", "old", "off", "on"]);

describe.each(LOG_FORMATS)("the %s table", (format) => {
  const columns = warehouseColumns(format);

  it("maps every key the forwarder emits for the sample logs to a column", () => {
    const mapped = new Set(columns.map((c) => c.key));
    const emitted = new Set(forwardedRecords(format).flatMap((r) => Object.keys(r)));
    expect(emitted.size).toBeGreaterThan(3);
    const unmapped = [...emitted].filter((k) => !mapped.has(k));
    // JSON lines are the application's own shape: the common columns only (documented in the README).
    if (format === "json-lines") expect(unmapped.sort()).toEqual(["client_ip", "latency_ms", "path", "status", "time", "timestamp"]);
    else expect(unmapped).toEqual([]);
  });

  it("has unique, unreserved SQL column names and one JSONPath per column, in order", () => {
    const names = columns.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(RESERVED.has(name), name).toBe(false);
    }
    const document = JSON.parse(jsonPathsDocument(columns)) as { jsonpaths: string[] };
    expect(Object.keys(document)).toEqual(["jsonpaths"]);
    expect(document.jsonpaths).toEqual(columns.map((c) => `$['${c.key}']`));
  });

  it("loads every record with its event time and source object", () => {
    const jsonPaths = jsonPathsDocument(columns);
    for (const record of forwardedRecords(format)) {
      const row = Object.assign({}, ...loadRow(jsonPaths, record)) as Record<string, unknown>;
      expect(row["bucket"]).toBe("raw-logs");
      expect(row["key"]).toBe("AWSLogs/sample.log");
      if (record["@timestamp"] !== undefined) expect(row["@timestamp"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });
});

describe("the mapping of fields 'auto' cannot load", () => {
  it("reads cs(User-Agent) and @timestamp of a CloudFront record into cs_user_agent and event_time", () => {
    const columns = warehouseColumns("cloudfront");
    const [record] = forwardedRecords("cloudfront");
    const row = loadRow(jsonPathsDocument(columns), record!);
    const byColumn = Object.fromEntries(columns.map((c, i) => [c.name, Object.values(row[i]!)[0]]));
    expect(byColumn).toMatchObject({ event_time: "2019-12-04T21:02:31.000Z", cs_user_agent: DECODED_UA, cs_host: "d111111abcdef8.cloudfront.net", sc_status: 200, time_taken: 0.001 });
  });

  it("covers every field the parsers know, not only those in the samples", () => {
    const keysOf = (format: LogFormat) => new Set(warehouseColumns(format).map((c) => c.key));
    for (const field of CLOUDFRONT_FIELDS) expect(keysOf("cloudfront").has(field), field).toBe(true);
    for (const field of VPC_FLOW_KNOWN_FIELDS) expect(keysOf("vpc-flow").has(field), field).toBe(true);
    const alb = ALB_FIELDS.flatMap((f) => (f === "client:port" ? ["client_ip", "client_port"] : f === "target:port" ? ["target_ip", "target_port"] : [f]));
    for (const field of alb) expect(keysOf("alb").has(field), field).toBe(true);
  });
});

describe("the SQL the warehouse runs", () => {
  const source: CopyJobSource = {
    table: "web.cdn_logs",
    columns: warehouseColumns("json-lines"),
    from: "s3://archive-bucket/o'brien/",
    jsonPaths: "s3://archive-bucket/slipstream/redshift/web.cdn_logs.jsonpaths",
    iamRoleArn: "arn:aws:iam::000000000000:role/copy",
  };

  it("creates the table once, sorted by event time", () => {
    expect(createTableSql("access_logs", warehouseColumns("json-lines"))).toBe(
      [
        "CREATE TABLE IF NOT EXISTS access_logs (",
        "  event_time TIMESTAMPTZ,",
        "  source_bucket VARCHAR(63),",
        "  source_key VARCHAR(1024),",
        "  level VARCHAR(16),",
        "  message VARCHAR(65535)",
        ")",
        "DISTSTYLE AUTO",
        "SORTKEY (event_time)",
      ].join("\n"),
    );
  });

  it("quotes string literals, so a prefix with a quote cannot end the statement", () => {
    expect(sqlLiteral("o'brien/")).toBe("'o''brien/'");
    expect(copyJobSql(source)).toContain("FROM 's3://archive-bucket/o''brien/'");
  });

  it("writes the whole auto-copy job", () => {
    expect(copyJobSql(source)).toBe(
      [
        "COPY web.cdn_logs (event_time, source_bucket, source_key, level, message)",
        "FROM 's3://archive-bucket/o''brien/'",
        "IAM_ROLE 'arn:aws:iam::000000000000:role/copy'",
        "FORMAT AS JSON 's3://archive-bucket/slipstream/redshift/web.cdn_logs.jsonpaths'",
        "GZIP",
        "TIMEFORMAT 'auto'",
        "TRUNCATECOLUMNS",
        "ACCEPTINVCHARS",
        "MAXERROR 100000",
        `JOB CREATE ${copyJobName(source)}`,
        "AUTO ON",
      ].join("\n"),
    );
  });

  it("names the job after the table and what it loads: stable for the same COPY, new for another", () => {
    expect(copyJobName(source)).toMatch(/^web_cdn_logs_autoload_[0-9a-f]{8}$/);
    expect(copyJobName({ ...source })).toBe(copyJobName(source));
    expect(copyJobName({ ...source, from: "s3://archive-bucket/other/" })).not.toBe(copyJobName(source));
    expect(copyJobName({ ...source, table: "t".repeat(127) }).length).toBeLessThanOrEqual(127);
  });
});
