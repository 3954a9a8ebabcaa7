import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../../blueprints/lambda-runtime/backoff";

describe("backoffDelay", () => {
  it("full jitter: a random wait below a ceiling that doubles from 100 ms", () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, {}, () => 0.5))).toEqual([50, 100, 200, 400]);
    expect(backoffDelay(1, {}, () => 0)).toBe(0);
  });

  it("caps the ceiling at 5 s by default", () => {
    expect(backoffDelay(1, {}, () => 0.999999)).toBe(99);
    expect(backoffDelay(20, {}, () => 0.999999)).toBe(4999);
  });

  it("equal jitter: half the ceiling fixed, so every wait grows (the indexer's 200 ms)", () => {
    const options = { baseDelayMs: 200, jitter: "equal" } as const;
    expect([1, 2, 3].map((retry) => backoffDelay(retry, options, () => 0.5))).toEqual([150, 300, 600]);
    expect(backoffDelay(1, options, () => 0)).toBe(100);
    expect(backoffDelay(30, { ...options, maxDelayMs: 1_000 }, () => 1)).toBe(1_000);
  });
});
