import { describe, expect, it } from "vitest";
import { requestChanges } from "../../api/domain/request-changes";

describe("requestChanges: a resolved request against the one applied, as property paths", () => {
  it("names each differing leaf with both sides, sorted by path, and leaves equal values out", () => {
    const before = { params: { indexer: { memoryMiB: 256, timeoutSeconds: 60 }, shards: [1, 2] }, tags: { owner: "a" } };
    const after = { params: { indexer: { memoryMiB: 512, timeoutSeconds: 60 }, shards: [1, 3] }, tags: { owner: "a", support: "sre" } };
    expect(requestChanges(before, after)).toEqual([
      { path: "params.indexer.memoryMiB", before: 256, after: 512 },
      { path: "params.shards[1]", before: 2, after: 3 },
      { path: "tags.support", before: undefined, after: "sre" },
    ]);
  });

  it("takes an array whose length changed, or a value that changed shape, as one change at its own path", () => {
    expect(requestChanges({ params: { zones: ["a"], sink: "s3" }, tags: {} }, { params: { zones: ["a", "b"], sink: { kind: "s3" } }, tags: {} })).toEqual([
      { path: "params.sink", before: "s3", after: { kind: "s3" } },
      { path: "params.zones", before: ["a"], after: ["a", "b"] },
    ]);
    expect(requestChanges({ params: { a: 1 }, tags: {} }, { params: { a: 1 }, tags: {} })).toEqual([]);
  });
});
