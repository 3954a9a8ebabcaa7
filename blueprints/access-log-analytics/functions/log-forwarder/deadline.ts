import type { Context } from "aws-lambda";

/**
 * How much of the invocation is left to work in. Lambda stops a function at its timeout and
 * counts every message of the batch as failed, so SQS redelivers all of them — those already
 * forwarded too (deploy-review m15). The forwarder keeps `reserveMs` back to answer with a
 * partial batch response instead: messages not finished by then are reported and retried alone.
 */
export interface Deadline {
  /** Milliseconds left before the forwarder must stop working and answer. */
  remainingMs(): number;
}

/** No limit: for callers without a Lambda context (tests, local runs). */
export const NO_DEADLINE: Deadline = { remainingMs: () => Number.POSITIVE_INFINITY };

/**
 * The deadline of one invocation: the context's remaining time (Lambda developer guide, "Using
 * the Lambda context object to retrieve Node.js function information": getRemainingTimeInMillis)
 * less the reserve.
 */
export function invocationDeadline(context: Pick<Context, "getRemainingTimeInMillis"> | undefined, reserveMs: number): Deadline {
  if (context === undefined) return NO_DEADLINE;
  return { remainingMs: () => context.getRemainingTimeInMillis() - reserveMs };
}
