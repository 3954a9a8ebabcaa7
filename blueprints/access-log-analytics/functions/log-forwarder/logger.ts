/** Fields attached to one structured log line. Counts and identifiers only, never record contents. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined | Readonly<Record<string, number>>>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * One JSON object per line on stdout: CloudWatch Logs Insights discovers the fields without a
 * parse step, and the Lambda runtime keeps each line as one event.
 */
export function createConsoleLogger(base: LogFields = {}): Logger {
  const write = (level: string, message: string, fields: LogFields = {}) => {
    console.log(JSON.stringify({ level, message, ...base, ...fields }));
  };
  return {
    info: (message, fields) => write("INFO", message, fields),
    warn: (message, fields) => write("WARN", message, fields),
    error: (message, fields) => write("ERROR", message, fields),
  };
}

/** Name, message and code of an error, for logs: never the stack or a raw response body. */
export function describeError(error: unknown): { errorName: string; errorMessage: string; errorCode?: string } {
  if (!(error instanceof Error)) return { errorName: "NonError", errorMessage: String(error) };
  // Node.js errors (zlib, sockets) carry the useful part in `code`: Z_BUF_ERROR, ECONNRESET.
  const code = (error as { code?: unknown }).code;
  return { errorName: error.name, errorMessage: error.message, ...(typeof code === "string" ? { errorCode: code } : {}) };
}
