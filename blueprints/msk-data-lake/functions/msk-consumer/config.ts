/**
 * The consumer's environment — the contract with the Pulumi component that deploys it:
 * `DELIVERY_STREAM_NAME` (the raw zone's Direct PUT delivery stream) and `MAX_ATTEMPTS`
 * (optional, 1-10, default 5).
 */
export interface ConsumerConfig {
  readonly deliveryStreamName: string;
  readonly maxAttempts: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_MAX_ATTEMPTS = 10;
const DELIVERY_STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;

/** A setting the function cannot start with; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): ConsumerConfig {
  const deliveryStreamName = env.DELIVERY_STREAM_NAME?.trim() ?? "";
  if (deliveryStreamName === "") throw new ConfigError("DELIVERY_STREAM_NAME must be set to the raw zone's delivery stream name");
  if (!DELIVERY_STREAM_NAME.test(deliveryStreamName)) {
    throw new ConfigError(`DELIVERY_STREAM_NAME must be a delivery stream name (1-64 of a-z A-Z 0-9 _ . -), got "${deliveryStreamName}"`);
  }
  return { deliveryStreamName, maxAttempts: maxAttemptsFrom(env.MAX_ATTEMPTS) };
}

export function maxAttemptsFrom(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_MAX_ATTEMPTS;
  const attempts = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_MAX_ATTEMPTS) {
    throw new ConfigError(`MAX_ATTEMPTS must be a whole number from 1 to ${MAX_MAX_ATTEMPTS}, got "${raw}"`);
  }
  return attempts;
}
