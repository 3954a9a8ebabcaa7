// Error names that mean "try again later" across Firehose, Kinesis, KMS, S3 and the SDK itself.
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
