import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_MAX_ATTEMPTS, maxAttemptsFrom } from "../../../blueprints/lambda-runtime/function-config";

describe("maxAttemptsFrom", () => {
  it("defaults to 5 and reads 1-10", () => {
    expect(maxAttemptsFrom(undefined)).toBe(DEFAULT_MAX_ATTEMPTS);
    expect(maxAttemptsFrom(" ")).toBe(5);
    expect(maxAttemptsFrom("1")).toBe(1);
    expect(maxAttemptsFrom(" 10 ")).toBe(10);
  });

  it.each(["0", "11", "2.5", "many", "-1"])("refuses %j naming MAX_ATTEMPTS", (raw) => {
    expect(() => maxAttemptsFrom(raw)).toThrow(ConfigError);
    expect(() => maxAttemptsFrom(raw)).toThrow("MAX_ATTEMPTS");
  });
});
