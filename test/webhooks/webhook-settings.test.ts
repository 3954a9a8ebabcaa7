import { describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "../../api/config/settings";

describe("webhook settings", () => {
  it("default to 8 attempts, 10 s base delay, 10 s timeout", () => {
    expect(loadSettings({})).toMatchObject({ SLIPSTREAM_WEBHOOK_ATTEMPTS: 8, SLIPSTREAM_WEBHOOK_RETRY_BASE_MS: 10_000, SLIPSTREAM_WEBHOOK_TIMEOUT_MS: 10_000 });
    expect(loadSettings({ SLIPSTREAM_WEBHOOK_ATTEMPTS: "3", SLIPSTREAM_WEBHOOK_RETRY_BASE_MS: "20", SLIPSTREAM_WEBHOOK_TIMEOUT_MS: "500" })).toMatchObject({
      SLIPSTREAM_WEBHOOK_ATTEMPTS: 3,
      SLIPSTREAM_WEBHOOK_RETRY_BASE_MS: 20,
      SLIPSTREAM_WEBHOOK_TIMEOUT_MS: 500,
    });
  });

  it("refuse values out of range, naming each variable", () => {
    const problems = (() => {
      try {
        loadSettings({ SLIPSTREAM_WEBHOOK_ATTEMPTS: "0", SLIPSTREAM_WEBHOOK_RETRY_BASE_MS: "1.5", SLIPSTREAM_WEBHOOK_TIMEOUT_MS: "600000" });
      } catch (err) {
        return (err as SettingsError).problems;
      }
      return [];
    })();
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["SLIPSTREAM_WEBHOOK_ATTEMPTS", "SLIPSTREAM_WEBHOOK_RETRY_BASE_MS", "SLIPSTREAM_WEBHOOK_TIMEOUT_MS"]);
  });
});
