export type LogLevel = "info" | "warn" | "error";

/** Counts, ids and error codes only — never record keys or values, which may be personal data. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined | Readonly<Record<string, number>>>>;

export type Logger = (level: LogLevel, message: string, fields?: LogFields) => void;

/** One JSON object per line on stdout, which Logs Insights reads without a parse step. */
export const jsonLineLogger: Logger = (level, message, fields) => {
  process.stdout.write(`${JSON.stringify({ level, message, ...fields })}\n`);
};

export function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
