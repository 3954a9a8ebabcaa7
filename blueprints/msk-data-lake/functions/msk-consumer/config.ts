import { ConfigError, maxAttemptsFrom } from "../../../lambda-runtime/function-config";

export { ConfigError };

/**
 * The consumer's environment — the contract with the Pulumi component that deploys it:
 * `DELIVERY_STREAM_NAME` (the raw zone's Direct PUT delivery stream) and `MAX_ATTEMPTS`
 * (optional, 1-10, default 5).
 */
export interface ConsumerConfig {
  readonly deliveryStreamName: string;
  readonly maxAttempts: number;
}

const DELIVERY_STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;

export function loadConfig(env: Readonly<Record<string, string | undefined>>): ConsumerConfig {
  const deliveryStreamName = env.DELIVERY_STREAM_NAME?.trim() ?? "";
  if (deliveryStreamName === "") throw new ConfigError("DELIVERY_STREAM_NAME must be set to the raw zone's delivery stream name");
  if (!DELIVERY_STREAM_NAME.test(deliveryStreamName)) {
    throw new ConfigError(`DELIVERY_STREAM_NAME must be a delivery stream name (1-64 of a-z A-Z 0-9 _ . -), got "${deliveryStreamName}"`);
  }
  return { deliveryStreamName, maxAttempts: maxAttemptsFrom(env.MAX_ATTEMPTS) };
}
