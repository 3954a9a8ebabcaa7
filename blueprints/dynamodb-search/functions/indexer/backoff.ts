/** Backoff between bulk attempts. Defaults: 200 ms doubling per retry, at most 5 s. */
export interface BackoffOptions {
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * The wait before retry `retry` (1 for the first retry): exponential with "equal jitter" — half
 * fixed, half random — so concurrent shards' invocations do not retry against a throttled domain
 * in lockstep, while every wait still grows.
 */
export function backoffDelay(retry: number, { baseDelayMs = 200, maxDelayMs = 5_000 }: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
