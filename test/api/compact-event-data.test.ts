import { describe, expect, it } from "vitest";
import { compactEventData, MAX_EVENT_BYTES, MAX_EVENT_STRING } from "../../api/operations/compact-event-data";

describe("engine events as an operation's history keeps them", () => {
  it("keeps ordinary events whole", () => {
    const event = { metadata: { op: "create", urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::logs", new: { inputs: { tags: { owner: "o" } } } }, n: [1, true, null] };
    expect(compactEventData(event)).toEqual(event);
    expect(compactEventData("x".repeat(MAX_EVENT_STRING))).toHaveLength(MAX_EVENT_STRING);
  });

  it("cuts a bundled function's code down to its head and says how much was left out", () => {
    const code = "c".repeat(439_000);
    const compacted = compactEventData({ metadata: { old: { outputs: { code } }, new: { inputs: { code } } } }) as { metadata: { old: { outputs: { code: string } } } };
    expect(compacted.metadata.old.outputs.code).toMatch(/^c{256}… \[438744 more characters omitted\]$/);
    expect(Buffer.byteLength(JSON.stringify(compacted))).toBeLessThan(2048);
  });

  it("keeps only the size of an event still too large for the history", () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, "v".repeat(MAX_EVENT_STRING)]));
    expect(compactEventData(many)).toEqual({ omitted: expect.stringMatching(new RegExp(`^event data of \\d+ bytes is over the ${MAX_EVENT_BYTES}-byte limit`)) });
  });
});
