import { describe, expect, it } from "vitest";
import { MAX_RETRY_DELAY_MS, retryDelayMs } from "../../api/webhooks/backoff";

describe("retry backoff", () => {
  it("doubles the step per attempt and waits a random point in its upper half", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(3, 1000, () => 0.5)).toBe(3000);
  });

  it("caps the step, however many attempts", () => {
    expect(retryDelayMs(40, 10_000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(40, 10_000, () => 0)).toBe(MAX_RETRY_DELAY_MS / 2);
  });
});
