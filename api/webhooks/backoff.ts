/** The longest wait between two attempts, whatever the base and the attempt number. */
export const MAX_RETRY_DELAY_MS = 6 * 60 * 60 * 1000;

/**
 * How long to wait after failed attempt `attempt` (1 for the first) before the next: the base
 * doubled for each attempt before it, capped, then "equal jitter" — a uniformly random point
 * in its upper half — so receivers that fail together (an outage) are not retried in lockstep
 * by every instance, and no retry comes sooner than half its step.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
