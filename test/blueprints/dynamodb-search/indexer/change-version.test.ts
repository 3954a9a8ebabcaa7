import { describe, expect, it } from "vitest";
import { kinesisChangeVersion } from "../../../../blueprints/dynamodb-search/functions/indexer/change-version";

// 2026-01-01T00:00:00.123456Z
const MICROS = 1_767_225_600_123_456;

describe("kinesisChangeVersion", () => {
  it("takes a microsecond creation time as it is", () => {
    expect(kinesisChangeVersion({ ApproximateCreationDateTime: MICROS })).toEqual({ version: MICROS });
    expect(kinesisChangeVersion({ ApproximateCreationDateTime: MICROS, ApproximateCreationDateTimePrecision: "MICROSECOND" })).toEqual({ version: MICROS });
  });

  it("scales a millisecond creation time to microseconds, so versions stay comparable if the precision changes", () => {
    expect(kinesisChangeVersion({ ApproximateCreationDateTime: 1_767_225_600_123 })).toEqual({ version: 1_767_225_600_123_000 });
    expect(kinesisChangeVersion({ ApproximateCreationDateTime: 1_767_225_600_123, ApproximateCreationDateTimePrecision: "MILLISECOND" })).toEqual({ version: 1_767_225_600_123_000 });
  });

  it("refuses a record without a usable creation time", () => {
    for (const time of [undefined, "1767225600123", -1, 0, Number.NaN, 1e300]) {
      expect(kinesisChangeVersion({ ApproximateCreationDateTime: time }), String(time)).toEqual({ invalid: true });
    }
  });
});
