import { StoreConflictError } from "../store";

/**
 * How DynamoDB says a conditional write matched nothing, and what the store makes of it.
 *
 * - A single conditional PutItem/UpdateItem/DeleteItem whose ConditionExpression is false
 *   fails with `ConditionalCheckFailedException` and writes nothing
 *   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html).
 * - A `TransactWriteItems` is all or nothing: any false condition cancels the whole of it with
 *   `TransactionCanceledException`, whose `CancellationReasons` has one entry per item in
 *   request order — `ConditionalCheckFailed` for the item whose condition failed, `None` for
 *   the others; `TransactionConflict` when a concurrent transaction held one of its items
 *   (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
 *
 * Neither is a failure of the store: the caller read a state that changed before its write.
 * Where the contract's semantics need a re-read (optimistic concurrency on a deployment's
 * `version`, an operation's next event sequence) the repository reads again and retries, a
 * bounded number of times; where they don't, the conflict becomes a `StoreConflictError`.
 */

export function errorName(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "name" in error ? String((error as { name: unknown }).name) : undefined;
}

/** The per-item reasons of a cancelled transaction, or undefined for any other error. */
export function cancellationReasons(error: unknown): string[] | undefined {
  if (errorName(error) !== "TransactionCanceledException") return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? "None");
}

/**
 * True when the write lost a race and nothing was written: a false condition, or (in a
 * transaction) a conflicting concurrent transaction. The caller reads again and decides.
 */
export function lostRace(error: unknown): boolean {
  if (errorName(error) === "ConditionalCheckFailedException") return true;
  const reasons = cancellationReasons(error);
  return reasons !== undefined && reasons.length > 0 && reasons.every((r) => r === "None" || r === "ConditionalCheckFailed" || r === "TransactionConflict");
}

/** The number of times a repository reads again after losing a race before it gives up. */
export const MAX_ATTEMPTS = 50;

/** What one attempt decided: a result, or to read again and retry. */
export const RETRY = Symbol("retry");

/**
 * Runs `attempt` until it returns something other than RETRY, at most MAX_ATTEMPTS times. An
 * attempt reads what it needs, decides, and makes its one conditional write; when that write
 * loses a race (`lostRace`) it returns RETRY so the next attempt reads the new state.
 */
export async function withRetries<T>(what: string, attempt: () => Promise<T | typeof RETRY>): Promise<T> {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const result = await attempt();
    if (result !== RETRY) return result;
  }
  throw new Error(`DynamoDB store: gave up on ${what} after ${MAX_ATTEMPTS} attempts, each lost to a concurrent write`);
}

export function conflict(message: string, reason: StoreConflictError["reason"]): StoreConflictError {
  return new StoreConflictError(message, reason);
}
