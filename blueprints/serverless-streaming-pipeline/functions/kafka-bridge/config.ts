import { ConfigError, maxAttemptsFrom } from "../../../lambda-runtime/function-config";

export { ConfigError };

/**
 * The bridge's environment — the contract with the Pulumi component: `STREAM_NAME` (the
 * pipeline's Kinesis data stream) and `MAX_ATTEMPTS` (optional, 1-10, default 5).
 */
export interface BridgeConfig {
  readonly streamName: string;
  readonly maxAttempts: number;
}

const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

export function loadConfig(env: Readonly<Record<string, string | undefined>>): BridgeConfig {
  const streamName = env.STREAM_NAME?.trim() ?? "";
  if (streamName === "") throw new ConfigError("STREAM_NAME must be set to the Kinesis data stream's name");
  if (!STREAM_NAME.test(streamName)) throw new ConfigError(`STREAM_NAME must be a Kinesis stream name (1-128 of a-z A-Z 0-9 _ . -), got "${streamName}"`);
  return { streamName, maxAttempts: maxAttemptsFrom(env.MAX_ATTEMPTS) };
}
