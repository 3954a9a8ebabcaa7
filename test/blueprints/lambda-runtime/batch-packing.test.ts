import { describe, expect, it } from "vitest";
import { packBatches, type BatchLimits } from "../../../blueprints/lambda-runtime/batch-packing";

const item = (text: string, bytes = text.length) => ({ data: Buffer.from(text.padEnd(bytes, " ")) });
// PutRecordBatch's per-call limits.
const LIMITS: BatchLimits<{ data: Buffer }> = { maxRecords: 500, maxBytes: 4 * 1024 * 1024, sizeOf: (i) => i.data.length };

describe("packBatches", () => {
  it("splits at 500 records, keeping order", () => {
    const items = Array.from({ length: 1201 }, (_, i) => item(`r${i}`));
    const batches = packBatches(items, LIMITS);
    expect(batches.map((b) => b.length)).toEqual([500, 500, 201]);
    expect(batches.flat()).toEqual(items);
  });

  it("splits before 4 MiB", () => {
    const items = Array.from({ length: 9 }, (_, i) => item(`r${i}`, 1000 * 1024));
    const batches = packBatches(items, LIMITS);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 1]);
    for (const batch of batches) expect(batch.reduce((sum, i) => sum + i.data.length, 0)).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it("counts what sizeOf counts (Kinesis partition keys)", () => {
    const withKeys: BatchLimits<{ data: Buffer; key: string }> = { maxRecords: 500, maxBytes: 10, sizeOf: (i) => i.data.length + i.key.length };
    expect(packBatches([{ data: Buffer.from("aaaa"), key: "kk" }, { data: Buffer.from("bbbb"), key: "kk" }], withKeys).map((b) => b.length)).toEqual([1, 1]);
  });

  it("packs nothing into no batches", () => expect(packBatches([], LIMITS)).toEqual([]));
});
