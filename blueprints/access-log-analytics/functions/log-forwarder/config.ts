/** The log formats the forwarder parses; the value of `LOG_FORMAT`. */
export const LOG_FORMATS = ["cloudfront", "alb", "vpc-flow", "json-lines"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * What the forwarder needs to run. The Pulumi component sets it through environment variables
 * (see {@link loadConfig}); tests build it directly.
 */
export interface ForwarderConfig {
  /** How each line of an object is parsed. */
  readonly logFormat: LogFormat;
  /** Every parsed record goes to each of these Firehose delivery streams. At least one. */
  readonly deliveryStreamNames: readonly string[];
  /** Kinesis data stream that also receives every record (anomaly detection). Default: none. */
  readonly anomalyStreamName?: string;
  /** Calls per batch, first try included, before failed records count as undeliverable. Default 5. */
  readonly maxAttempts: number;
  /** Objects read and forwarded at the same time within one invocation. Default 4. */
  readonly concurrency: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_CONCURRENCY = 4;
// More attempts than this cannot finish inside a Lambda timeout once backoff grows.
const MAX_MAX_ATTEMPTS = 10;

// Name rules from the CreateDeliveryStream and CreateStream API references.
const DELIVERY_STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
const KINESIS_STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** A setting the function cannot start with. The message names the environment variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Reads and validates the environment contract with the Pulumi component:
 * `LOG_FORMAT`, `DELIVERY_STREAM_NAMES` (comma-separated), `ANOMALY_STREAM_NAME` (optional) and
 * `MAX_ATTEMPTS` (optional, default 5). Throws a {@link ConfigError} naming the first bad variable,
 * so a misconfigured deployment fails on its first invocation with a message that says what to fix.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ForwarderConfig {
  const logFormat = env.LOG_FORMAT?.trim();
  if (!logFormat) throw new ConfigError(`LOG_FORMAT is required: one of ${LOG_FORMATS.join(", ")}`);
  if (!isLogFormat(logFormat)) {
    throw new ConfigError(`LOG_FORMAT must be one of ${LOG_FORMATS.join(", ")}, got "${logFormat}"`);
  }

  const deliveryStreamNames = (env.DELIVERY_STREAM_NAMES ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (deliveryStreamNames.length === 0) {
    throw new ConfigError("DELIVERY_STREAM_NAMES is required: a comma-separated list of Firehose delivery stream names");
  }
  for (const name of deliveryStreamNames) {
    if (!DELIVERY_STREAM_NAME.test(name)) {
      throw new ConfigError(`DELIVERY_STREAM_NAMES contains "${name}", which is not a delivery stream name (1-64 of a-z A-Z 0-9 _ . -)`);
    }
  }
  if (new Set(deliveryStreamNames).size !== deliveryStreamNames.length) {
    // A duplicate would deliver every record twice to the same destination.
    throw new ConfigError("DELIVERY_STREAM_NAMES lists a delivery stream more than once");
  }

  // An empty value means "not set": it is how a deployment without anomaly detection renders it.
  const rawAnomalyStream = env.ANOMALY_STREAM_NAME?.trim();
  const anomalyStreamName = rawAnomalyStream === "" ? undefined : rawAnomalyStream;
  if (anomalyStreamName !== undefined && !KINESIS_STREAM_NAME.test(anomalyStreamName)) {
    throw new ConfigError(`ANOMALY_STREAM_NAME "${anomalyStreamName}" is not a Kinesis stream name (1-128 of a-z A-Z 0-9 _ . -)`);
  }

  const rawAttempts = env.MAX_ATTEMPTS?.trim();
  let maxAttempts = DEFAULT_MAX_ATTEMPTS;
  if (rawAttempts) {
    maxAttempts = Number(rawAttempts);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_MAX_ATTEMPTS) {
      throw new ConfigError(`MAX_ATTEMPTS must be a whole number from 1 to ${MAX_MAX_ATTEMPTS}, got "${rawAttempts}"`);
    }
  }

  return { logFormat, deliveryStreamNames, anomalyStreamName, maxAttempts, concurrency: DEFAULT_CONCURRENCY };
}

function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}
