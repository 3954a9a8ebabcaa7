/**
 * Backoff between retries of a call to an AWS API or an OpenSearch cluster. Defaults: a first
 * ceiling of 100 ms doubling per retry, at most 5 s, "full" jitter.
 */
export interface BackoffOptions {
  /** First backoff ceiling. Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling. Default 5 s. */
  readonly maxDelayMs?: number;
  /**
   * `full`: a random wait up to the ceiling (AWS Architecture Blog, "Exponential Backoff And
   * Jitter"), which spreads retries out best. `equal`: half the ceiling fixed, half random, so
   * every wait still grows — for callers that must not retry almost at once. Default `full`.
   */
  readonly jitter?: "full" | "equal";
}

/**
 * The wait before retry `retry` (1 for the first retry): exponential, capped, jittered.
 * Spreading retries out is what lets a throttled stream, delivery stream or domain recover
 * instead of being hit by every caller's retry at once.
 */
export function backoffDelay(retry: number, { baseDelayMs = 100, maxDelayMs = 5_000, jitter = "full" }: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return jitter === "full" ? Math.floor(random() * ceiling) : Math.round(ceiling / 2 + random() * (ceiling / 2));
}
