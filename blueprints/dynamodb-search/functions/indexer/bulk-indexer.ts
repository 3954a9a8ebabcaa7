import { chunkBySize, type SerializedAction } from "./bulk-body";
import { outcomesOf, type BulkHttpResponse, type ItemOutcome } from "./bulk-response";
import type { Logger } from "./log";
import type { BulkAction } from "./plan-bulk-actions";
import type { BulkSender } from "./signed-bulk-sender";

export interface BulkIndexerOptions {
  readonly send: BulkSender;
  /** Attempts per action, including the first. */
  readonly maxAttempts: number;
  readonly maxBulkBytes: number;
  /** Upper bound for one request; shortened further when the invocation is about to time out. */
  readonly requestTimeoutMs: number;
  /** Wait before retry `retry` (1-based). */
  readonly backoff: (retry: number) => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds left to work before the handler must answer Lambda. */
  readonly remainingMs: () => number;
  readonly log: Logger;
}

/** A failed action's last error; its records are reported to Lambda. */
export type ActionFailure = Extract<ItemOutcome, { kind: "retry" | "fail" }>;

export interface BulkIndexResult {
  readonly failed: ReadonlyMap<BulkAction, ActionFailure>;
  readonly attempts: number;
  readonly requests: number;
  readonly retriedActions: number;
  /** Versioned actions the index refused as older than what it holds (done, not failed). */
  readonly staleActions: number;
}

const DEADLINE: ActionFailure = { kind: "retry", errorType: "deadline-exceeded" };

/**
 * Sends the actions in bodies of at most `maxBulkBytes`, then resends what failed transiently
 * (429, 5xx, no answer) with backoff until `maxAttempts`. Permanent failures are
 * not retried: a mapping error answers the same every time, and Lambda's own bounded retries,
 * bisection and on-failure queue deal with the reported records.
 */
export async function indexActions(actions: readonly SerializedAction[], options: BulkIndexerOptions): Promise<BulkIndexResult> {
  const failed = new Map<BulkAction, ActionFailure>();
  const lastError = new Map<SerializedAction, ActionFailure>();
  let pending = actions;
  let attempts = 0;
  let requests = 0;
  let retriedActions = 0;
  let staleActions = 0;

  while (pending.length > 0 && attempts < options.maxAttempts) {
    if (attempts > 0) {
      const delayMs = options.backoff(attempts);
      // Waiting past the deadline would turn a partial failure into a timeout of the whole batch.
      if (options.remainingMs() <= delayMs) {
        break;
      }
      options.log("warn", "retrying bulk actions", { attempt: attempts + 1, actions: pending.length, delayMs });
      await options.sleep(delayMs);
      retriedActions += pending.length;
    }
    attempts += 1;
    const retry: SerializedAction[] = [];
    for (const chunk of chunkBySize(pending, options.maxBulkBytes)) {
      requests += 1;
      const outcomes = await sendChunk(chunk, options);
      chunk.forEach((serialized, index) => {
        const outcome = outcomes[index] ?? DEADLINE;
        if (outcome.kind === "retry") {
          retry.push(serialized);
          lastError.set(serialized, outcome);
        } else if (outcome.kind === "fail") {
          failed.set(serialized.action, outcome);
        } else if (outcome.kind === "stale") {
          staleActions += 1;
        }
      });
    }
    pending = retry;
  }

  for (const serialized of pending) {
    failed.set(serialized.action, lastError.get(serialized) ?? DEADLINE);
  }
  return { failed, attempts, requests, retriedActions, staleActions };
}

async function sendChunk(chunk: readonly SerializedAction[], options: BulkIndexerOptions): Promise<ItemOutcome[]> {
  const ops = chunk.map(({ action }) => action.op);
  const timeoutMs = Math.min(options.requestTimeoutMs, options.remainingMs());
  if (timeoutMs <= 0) {
    return ops.map(() => DEADLINE);
  }
  let response: BulkHttpResponse;
  try {
    response = await options.send(chunk.map(({ ndjson }) => ndjson).join(""), AbortSignal.timeout(timeoutMs));
  } catch (error) {
    // No answer (network, timeout, or no credentials to sign with): the request may or may not
    // have been applied, and every action is idempotent, so it is retried.
    const errorType = error instanceof Error && error.name === "TimeoutError" ? "request-timeout" : "request-error";
    return ops.map(() => ({ kind: "retry", errorType }));
  }
  return outcomesOf(response, ops);
}
