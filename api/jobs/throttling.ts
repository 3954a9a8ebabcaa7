/**
 * AWS error names that mean "too many requests now, try again later". Glue answers
 * ThrottlingException (Glue API, "Common Errors"); Managed Flink's LimitExceededException
 * means a resource quota ("The number of allowed resources has been exceeded", Managed Flink
 * API, StartApplication errors), so it counts only when its message speaks of a rate.
 */
const THROTTLING_ERRORS = new Set(["ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "SlowDown"]);

export function isThrottling(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (THROTTLING_ERRORS.has(err.name)) return true;
  if (err.name === "LimitExceededException") return /rate|throttl|too many requests/i.test(err.message);
  // The SDK marks throttling it recognises (by name or status 429) on the error itself.
  return (err as { $retryable?: { throttling?: boolean } }).$retryable?.throttling === true;
}

/** How hard to retry throttled calls: attempts in all, and the first and largest pause. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `call`, retrying while AWS throttles it: at most `attempts` calls, pausing with
 * exponential backoff and full jitter between them (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"). Any other error, or the last throttling one, is thrown.
 */
export async function withThrottlingRetry<T>(call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, signal?: AbortSignal, onThrottled?: (attempt: number, err: Error) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isThrottling(err) || attempt >= policy.attempts) throw err;
      onThrottled?.(attempt, err as Error);
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await pause(Math.round(ceiling / 2 + (Math.random() * ceiling) / 2), signal);
    }
  }
}
