import type { BackoffOptions } from "./backoff";

/** How a batch sender retries: injected so tests run without waiting. */
export interface RetryPolicy extends BackoffOptions {
  /** Rounds per batch, first included. */
  readonly maxAttempts: number;
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** A number in [0, 1): Math.random in production. */
  readonly random: () => number;
  /** Milliseconds left for more rounds; no round starts when its wait would not fit. Default: no limit. */
  readonly remainingMs?: () => number;
}
