import { describe, expect, it } from "vitest";
import { diffProperties, propertyPath } from "./src/property-diff";
import { secret } from "./src/wire";

// The engine's fallback input diff (sdk/go/common/resource/properties_diff.go), which the
// stand-in's refresh reports as `diffs` and `detailedDiff`.
describe("pulumi CLI stand-in: property diffs as the engine computes them", () => {
  it("reports sorted top-level keys and leaf paths for nested objects and arrays", () => {
    const diff = diffProperties(
      { tags: { team: "data", env: "dev" }, ports: [80, 443], name: "a", gone: 1 },
      { tags: { team: "ops", owner: "x" }, ports: [80, 8443, 9000], name: "a", added: true },
      true,
    );
    expect(diff.changedKeys).toEqual(["added", "gone", "ports", "tags"]);
    expect(diff.detailedDiff).toEqual({
      added: { diffKind: "add", inputDiff: true },
      gone: { diffKind: "delete", inputDiff: true },
      "ports[1]": { diffKind: "update", inputDiff: true },
      "ports[2]": { diffKind: "add", inputDiff: true },
      "tags.team": { diffKind: "update", inputDiff: true },
      "tags.env": { diffKind: "delete", inputDiff: true },
      "tags.owner": { diffKind: "add", inputDiff: true },
    });
  });

  it("ignores secretness and treats null as no value", () => {
    expect(diffProperties({ a: secret("x"), b: null }, { a: "x" }, true)).toEqual({ changedKeys: [], detailedDiff: {} });
  });

  it("quotes names that are not plain identifiers, as PropertyPath.String does", () => {
    expect(propertyPath(["tags", "kubernetes.io/role"])).toBe('tags["kubernetes.io/role"]');
    expect(propertyPath(["a-b", 0, "c"])).toBe('["a-b"][0].c');
  });
});
