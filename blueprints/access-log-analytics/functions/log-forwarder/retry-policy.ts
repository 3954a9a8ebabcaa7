/** How a sink retries: injected so tests run without waiting. */
export interface RetryPolicy {
  /** Calls per batch, first included. */
  readonly maxAttempts: number;
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** A number in [0, 1): Math.random in production. */
  readonly random: () => number;
  /** First backoff ceiling. Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling. Default 5 s. */
  readonly maxDelayMs?: number;
}

export const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a random wait up to a ceiling that doubles per attempt. Spreading the retries out is what
 * lets a throttled delivery stream recover instead of being hit by every retry at once.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const base = policy.baseDelayMs ?? 100;
  const ceiling = Math.min(policy.maxDelayMs ?? 5_000, base * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

// Error names that mean "try again later" across Firehose, Kinesis, KMS and the SDK itself.
const RETRYABLE_NAMES: ReadonlySet<string> = new Set([
  "ThrottlingException", "Throttling", "TooManyRequestsException", "ProvisionedThroughputExceededException",
  "ServiceUnavailableException", "ServiceUnavailable", "InternalFailure", "InternalFailureException",
  "InternalServerError", "RequestTimeout", "RequestTimeoutException", "TimeoutError", "KMSThrottlingException",
  "SlowDown", "LimitExceededException",
]);
// Network failures the SDK surfaces as plain Node.js errors.
const RETRYABLE_CODES: ReadonlySet<string> = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);

interface AwsLikeError {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Whether a failed call is worth repeating: throttling, 5xx and network errors are; validation,
 * missing-resource and permission errors are not, because the next attempt fails the same way.
 */
export function isRetryableError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, $retryable, $metadata } = error as AwsLikeError;
  if ($retryable) return true;
  if (name !== undefined && RETRYABLE_NAMES.has(name)) return true;
  if (code !== undefined && RETRYABLE_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  return status !== undefined && (status >= 500 || status === 429);
}
