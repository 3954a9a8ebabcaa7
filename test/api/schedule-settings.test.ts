import { describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "../../api/config/settings";

const problems = (env: Record<string, string>) => {
  try {
    loadSettings(env);
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  return [];
};

describe("settings of the schedules", () => {
  it("leaves scheduled drift checks off and reminds a day before an expiry by default", () => {
    expect(loadSettings({})).toMatchObject({ SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS: 0, SLIPSTREAM_EXPIRY_REMINDER_MS: 86_400_000 });
    expect(loadSettings({ SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS: "21600000", SLIPSTREAM_EXPIRY_REMINDER_MS: "0" })).toMatchObject({ SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS: 21_600_000, SLIPSTREAM_EXPIRY_REMINDER_MS: 0 });
  });

  it("names a bad interval or reminder lead", () => {
    expect(problems({ SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS: "-1" })).toEqual([expect.stringMatching(/^SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS:/)]);
    expect(problems({ SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS: "daily" })).toEqual([expect.stringMatching(/^SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS:/)]);
    expect(problems({ SLIPSTREAM_EXPIRY_REMINDER_MS: String(31 * 24 * 3_600_000) })).toEqual([expect.stringMatching(/^SLIPSTREAM_EXPIRY_REMINDER_MS:/)]);
  });
});
