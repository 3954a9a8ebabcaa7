import { describe, expect, it } from "vitest";
import { putWithRetry, type PutItem, type PutLimits } from "../../../blueprints/lambda-runtime/put-with-retry";
import type { RetryPolicy } from "../../../blueprints/lambda-runtime/retry-policy";

const LIMITS: PutLimits = { maxRecords: 2, maxBytes: 1024, maxRecordBytes: 16, sizeOf: (i) => i.data.length };
const item = (id: string, text = id): PutItem<string> => ({ id, data: Buffer.from(text) });

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { maxAttempts: 5, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), sleeps, ...overrides };
}

describe("putWithRetry", () => {
  it("sends only what failed again, in calls within the limits, after growing waits", async () => {
    const calls: string[][] = [];
    const retry = policy();
    const outcome = await putWithRetry([item("a"), item("b"), item("c")], LIMITS, async (batch) => {
      calls.push(batch.map((i) => i.data.toString()));
      return batch.map((i) => (i.data.toString() === "b" && calls.length <= 3 ? "ProvisionedThroughputExceededException" : undefined));
    }, retry);
    expect(calls).toEqual([["a", "b"], ["c"], ["b"], ["b"]]);
    expect(retry.sleeps).toEqual([50, 100]);
    expect(outcome).toEqual({ failed: [], attempts: 3, calls: 4 });
  });

  it("fails records above the per-record limit at once and reports the last error code of the rest", async () => {
    const outcome = await putWithRetry([item("big", "x".repeat(17)), item("a")], LIMITS, async (batch) => batch.map(() => "InternalFailure"), policy({ maxAttempts: 2 }));
    expect(outcome.failed).toEqual([{ id: "big", errorCode: "RecordTooLarge" }, { id: "a", errorCode: "InternalFailure" }]);
    expect(outcome.attempts).toBe(2);
  });

  it("starts no round whose wait would not fit the time left", async () => {
    let calls = 0;
    const outcome = await putWithRetry([item("a")], LIMITS, async (batch) => (calls++, batch.map(() => "ThrottlingException")), policy({ remainingMs: () => 900 }));
    expect(calls).toBe(1);
    expect(outcome.failed).toEqual([{ id: "a", errorCode: "ThrottlingException" }]);
  });

  it("counts a throttled call as all its items failing, and throws what no retry can fix", async () => {
    let calls = 0;
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    const outcome = await putWithRetry([item("a")], LIMITS, async (batch) => {
      calls += 1;
      if (calls === 1) throw throttled;
      return batch.map(() => undefined);
    }, policy());
    expect(outcome).toEqual({ failed: [], attempts: 2, calls: 2 });
    const denied = Object.assign(new Error("no"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } });
    await expect(putWithRetry([item("a")], LIMITS, async () => Promise.reject(denied), policy())).rejects.toBe(denied);
  });

  it("refuses an answer that does not match the batch", async () => {
    await expect(putWithRetry([item("a"), item("b")], LIMITS, async () => [undefined], policy())).rejects.toThrow("1 results for 2 records");
  });
});
