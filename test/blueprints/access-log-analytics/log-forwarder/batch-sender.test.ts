import { describe, expect, it } from "vitest";
import { sendWithRetry, type BatchLimits } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/batch-sender";
import type { ForwardRecord } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/forward-record";
import type { Logger } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/logger";
import type { RetryPolicy } from "../../../../blueprints/lambda-runtime/retry-policy";

const record = (text: string, bytes = text.length): ForwardRecord => ({ data: Buffer.from(text.padEnd(bytes, " ")), partitionKey: "k" });
const LIMITS: BatchLimits = { maxRecords: 500, maxBytes: 4 * 1024 * 1024, sizeOf: (r) => r.data.length };
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function policy(maxAttempts: number, sleeps: number[] = []): RetryPolicy {
  return { maxAttempts, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) };
}

// packBatches, backoff and error classification are tested with the code they live in: test/blueprints/lambda-runtime.
describe("sendWithRetry", () => {
  it("resends only the failed records, with growing jittered backoff", async () => {
    const sent: string[][] = [];
    const sleeps: number[] = [];
    const records = ["a", "b", "c", "d"].map((t) => record(t));
    const report = await sendWithRetry(records, {
      destination: "test",
      limits: LIMITS,
      retry: policy(5, sleeps),
      logger: silent,
      put: async (batch) => {
        sent.push(batch.map((r) => r.data.toString()));
        // b fails twice, d once.
        const round = sent.length;
        return batch.map((r) => {
          const text = r.data.toString();
          return (text === "b" && round <= 2) || (text === "d" && round === 1) ? "ServiceUnavailableException" : undefined;
        });
      },
    });
    expect(sent).toEqual([["a", "b", "c", "d"], ["b", "d"], ["b"]]);
    expect(sleeps).toEqual([50, 100]);
    expect(report).toEqual({ destination: "test", delivered: 4, failed: 0, attempts: 3, errorCodes: {} });
  });

  it("gives up after maxAttempts and reports what failed", async () => {
    let calls = 0;
    const report = await sendWithRetry([record("a"), record("b")], {
      destination: "test",
      limits: LIMITS,
      retry: policy(3),
      logger: silent,
      put: async (batch) => {
        calls += 1;
        return batch.map((r) => (r.data.toString() === "b" ? "InternalFailure" : undefined));
      },
    });
    expect(calls).toBe(3);
    expect(report).toEqual({ destination: "test", delivered: 1, failed: 1, attempts: 3, errorCodes: { InternalFailure: 1 } });
  });

  it("waits for no retry that would outlast the invocation: the rest count as failed, marked out of time", async () => {
    const sleeps: number[] = [];
    let remaining = 10_000;
    let calls = 0;
    const report = await sendWithRetry([record("a"), record("b")], {
      destination: "test",
      limits: LIMITS,
      retry: { ...policy(5, sleeps), maxDelayMs: 5_000 },
      logger: silent,
      // The first backoff (50 ms here) fits; the second (100 ms) does not.
      deadline: { remainingMs: () => remaining },
      put: async (batch) => {
        calls += 1;
        if (calls === 2) remaining = 80;
        return batch.map((r) => (r.data.toString() === "b" ? "ServiceUnavailableException" : undefined));
      },
    });
    expect(sleeps).toEqual([50]);
    expect(calls).toBe(2);
    expect(report).toEqual({ destination: "test", delivered: 1, failed: 1, attempts: 2, errorCodes: { ServiceUnavailableException: 1 }, outOfTime: true });
  });

  it("starts nothing when the invocation's time is already up", async () => {
    let calls = 0;
    const report = await sendWithRetry([record("a")], {
      destination: "test",
      limits: LIMITS,
      retry: policy(5),
      logger: silent,
      deadline: { remainingMs: () => 0 },
      put: async (batch) => {
        calls += 1;
        return batch.map(() => undefined);
      },
    });
    expect(calls).toBe(0);
    expect(report).toMatchObject({ delivered: 0, failed: 1, attempts: 0, outOfTime: true });
  });

  it("retries a whole call that was throttled, and throws on an error retrying cannot fix", async () => {
    let calls = 0;
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    const report = await sendWithRetry([record("a")], {
      destination: "test",
      limits: LIMITS,
      retry: policy(3),
      logger: silent,
      put: async (batch) => {
        calls += 1;
        if (calls === 1) throw throttled;
        return batch.map(() => undefined);
      },
    });
    expect(report.delivered).toBe(1);

    const missing = Object.assign(new Error("not found"), { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } });
    await expect(
      sendWithRetry([record("a")], { destination: "test", limits: LIMITS, retry: policy(3), logger: silent, put: async () => Promise.reject(missing) }),
    ).rejects.toBe(missing);
  });
});
