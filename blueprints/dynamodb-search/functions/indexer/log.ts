/** Log levels the indexer uses. */
export type LogLevel = "info" | "warn" | "error";

/**
 * Fields of a log line: counts, request ids and OpenSearch error *types*.
 * Never item contents: keys and attribute values may be personal data, and OpenSearch error
 * *reasons* quote field values ("Preview of field's value: ..."), so those are never logged either.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | Readonly<Record<string, number>> | undefined>>;

export type Logger = (level: LogLevel, message: string, fields?: LogFields) => void;

/**
 * One JSON object per line on stdout. Written directly rather than through `console.log`, whose
 * Lambda text format prefixes a timestamp and request id and so hides the JSON from Logs Insights'
 * field discovery. stdout is synchronous for pipes and files on Linux, so nothing is lost on freeze.
 */
export const jsonLineLogger: Logger = (level, message, fields) => {
  process.stdout.write(`${JSON.stringify({ level, message, ...fields })}\n`);
};
