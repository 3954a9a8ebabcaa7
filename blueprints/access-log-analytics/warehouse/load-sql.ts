import { createHash } from "node:crypto";
import type { WarehouseColumn } from "./columns";

// The SQL a deployment runs in its warehouse, built as plain strings so tests read exactly what
// Redshift receives. Identifiers come from the request schema's patterns (lowercase letters,
// digits, `_`, `.`); string literals are quoted here.

/** A single-quoted SQL string literal. */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The table the logs load into, created once (`IF NOT EXISTS`: a re-run keeps the data).
 * Sorted by event time, which summaries filter on; distribution is left to Redshift (AUTO).
 * Redshift database developer guide, CREATE TABLE.
 */
export function createTableSql(table: string, columns: readonly WarehouseColumn[]): string {
  const body = columns.map((c) => `  ${c.name} ${c.type}`).join(",\n");
  return `CREATE TABLE IF NOT EXISTS ${table} (\n${body}\n)\nDISTSTYLE AUTO\nSORTKEY (event_time)`;
}

/**
 * The JSONPaths file: one expression per column, in column order, in bracket notation so keys
 * with parentheses, `@` or `-` are read as written. Redshift database developer guide, "COPY
 * from JSON format" → JSONPaths file: an object whose `jsonpaths` array pairs with the columns;
 * a key missing from a record loads NULL.
 */
export function jsonPathsDocument(columns: readonly WarehouseColumn[]): string {
  return `${JSON.stringify({ jsonpaths: columns.map((c) => `$['${c.key}']`) }, null, 2)}\n`;
}

export interface CopyJobSource {
  table: string;
  columns: readonly WarehouseColumn[];
  /** `s3://<archive>/<prefix>`: the objects the archive's delivery stream writes. */
  from: string;
  /** `s3://<archive>/<key>` of the JSONPaths file. */
  jsonPaths: string;
  /** The role the namespace assumes to read the archive. */
  iamRoleArn: string;
}

/**
 * The COPY the auto-copy job runs for every new archive object. Redshift database developer
 * guide, COPY: FORMAT AS JSON with a JSONPaths file, GZIP (the archive's compression; the
 * schema refuses the others for a Redshift load), TIMEFORMAT 'auto' (reads the forwarder's ISO
 * 8601 `@timestamp`), TRUNCATECOLUMNS and ACCEPTINVCHARS (an overlong or badly encoded value
 * must not cost the row), MAXERROR at its maximum of 100000 (a malformed row is recorded in
 * SYS_LOAD_ERROR_DETAIL instead of failing the object's whole load).
 */
export function copySql(source: CopyJobSource): string {
  return [
    `COPY ${source.table} (${source.columns.map((c) => c.name).join(", ")})`,
    `FROM ${sqlLiteral(source.from)}`,
    `IAM_ROLE ${sqlLiteral(source.iamRoleArn)}`,
    `FORMAT AS JSON ${sqlLiteral(source.jsonPaths)}`,
    "GZIP",
    "TIMEFORMAT 'auto'",
    "TRUNCATECOLUMNS",
    "ACCEPTINVCHARS",
    "MAXERROR 100000",
  ].join("\n");
}

/**
 * The auto-copy job's name: the table's, with a fingerprint of the COPY it runs. A job keeps
 * its COPY once created (COPY JOB ALTER changes only AUTO), so a changed load — another prefix,
 * column list or role — is a new job, created alongside; the old one is dropped with
 * `COPY JOB DROP` (see the blueprint's README). Job names are identifiers of at most 127 bytes.
 */
export function copyJobName(source: CopyJobSource): string {
  const fingerprint = createHash("sha256").update(copySql(source)).digest("hex").slice(0, 8);
  return `${source.table.replace(/[^a-z0-9_]/g, "_").slice(0, 100)}_autoload_${fingerprint}`;
}

/**
 * Creates the auto-copy job (Redshift database developer guide, COPY JOB: `COPY <copy-command>
 * JOB CREATE <job-name> AUTO ON`): Redshift then loads every new object under the path once,
 * tracking loaded files itself.
 */
export function copyJobSql(source: CopyJobSource): string {
  return `${copySql(source)}\nJOB CREATE ${copyJobName(source)}\nAUTO ON`;
}
