import { describe, expect, it } from "vitest";
import { packBatches, sendWithRetry, type BatchLimits } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/batch-sender";
import type { ForwardRecord } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/forward-record";
import type { Logger } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/logger";
import { backoffDelay, isRetryableError, type RetryPolicy } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/retry-policy";

const record = (text: string, bytes = text.length): ForwardRecord => ({ data: Buffer.from(text.padEnd(bytes, " ")), partitionKey: "k" });
const LIMITS: BatchLimits = { maxRecords: 500, maxBytes: 4 * 1024 * 1024, sizeOf: (r) => r.data.length };
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function policy(maxAttempts: number, sleeps: number[] = []): RetryPolicy {
  return { maxAttempts, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) };
}

describe("packBatches", () => {
  it("splits at 500 records", () => {
    const records = Array.from({ length: 1201 }, (_, i) => record(`r${i}`));
    expect(packBatches(records, LIMITS).map((b) => b.length)).toEqual([500, 500, 201]);
  });

  it("splits before 4 MiB", () => {
    const records = Array.from({ length: 9 }, (_, i) => record(`r${i}`, 1000 * 1024));
    const batches = packBatches(records, LIMITS);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 1]);
    for (const batch of batches) expect(batch.reduce((sum, r) => sum + r.data.length, 0)).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
});

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

describe("retry policy", () => {
  it("caps the backoff ceiling", () => {
    const max: RetryPolicy = { maxAttempts: 10, random: () => 0.999999, sleep: async () => undefined };
    expect(backoffDelay(max, 1)).toBe(99);
    expect(backoffDelay(max, 20)).toBe(4999);
  });

  it.each([
    [{ name: "ServiceUnavailableException" }, true],
    [{ name: "Whatever", $metadata: { httpStatusCode: 502 } }, true],
    [{ name: "Error", code: "ECONNRESET" }, true],
    [{ name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } }, false],
    [{ name: "InvalidArgumentException", $metadata: { httpStatusCode: 400 } }, false],
  ])("classifies %j", (error, retryable) => {
    expect(isRetryableError(error)).toBe(retryable);
  });
});
