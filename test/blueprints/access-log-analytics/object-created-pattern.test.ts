import { describe, expect, it } from "vitest";
import { objectCreatedPattern } from "../../../blueprints/access-log-analytics/object-created-pattern";

// The EventBridge pattern for a caller's bucket filters keys like the S3 notification it
// replaces (M7): prefix AND suffix, with EventBridge's wildcard escaping.

const base = { source: ["aws.s3"], "detail-type": ["Object Created"] };

describe("objectCreatedPattern", () => {
  it("matches every object of the bucket without filters", () => {
    expect(objectCreatedPattern("logs", "", "")).toEqual({ ...base, detail: { bucket: { name: ["logs"] } } });
  });
  it("uses prefix or suffix matching alone", () => {
    expect(objectCreatedPattern("logs", "alb/", "").detail).toEqual({ bucket: { name: ["logs"] }, object: { key: [{ prefix: "alb/" }] } });
    expect(objectCreatedPattern("logs", "", ".gz").detail).toEqual({ bucket: { name: ["logs"] }, object: { key: [{ suffix: ".gz" }] } });
  });
  it("ANDs prefix and suffix in one wildcard (two filters in one array would be ORed)", () => {
    expect(objectCreatedPattern("logs", "alb/", ".gz").detail).toEqual({ bucket: { name: ["logs"] }, object: { key: [{ wildcard: "alb/*.gz" }] } });
  });
  it("escapes * and \\ in the wildcard", () => {
    expect(objectCreatedPattern("logs", "a*b\\", "*.gz").detail).toEqual({ bucket: { name: ["logs"] }, object: { key: [{ wildcard: "a\\*b\\\\*\\*.gz" }] } });
  });
});
