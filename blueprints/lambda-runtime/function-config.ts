/** A setting the function cannot start with; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const DEFAULT_MAX_ATTEMPTS = 5;
// More rounds than this cannot finish inside a Lambda timeout once backoff grows.
const MAX_MAX_ATTEMPTS = 10;

/** `MAX_ATTEMPTS`: optional, a whole number 1-10, default 5. */
export function maxAttemptsFrom(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_MAX_ATTEMPTS;
  const attempts = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_MAX_ATTEMPTS) {
    throw new ConfigError(`MAX_ATTEMPTS must be a whole number from 1 to ${MAX_MAX_ATTEMPTS}, got "${raw}"`);
  }
  return attempts;
}
