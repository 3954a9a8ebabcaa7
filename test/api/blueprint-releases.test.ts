import { describe, expect, it } from "vitest";
import { exampleRequest, getBlueprint } from "../../blueprints/catalogue";
import { ValidationError } from "../../api/domain/errors";
import { BlueprintReleases } from "../../api/service/blueprint-releases";
import type { DeploymentRequest } from "../../api/domain/model";

describe("BlueprintReleases.resolve", () => {
  const example = exampleRequest("dynamodb-search") as DeploymentRequest;

  it("parses a request once per blueprint, Region and request, and shares the frozen answer", () => {
    let lookups = 0;
    const releases = new BlueprintReleases((id) => (lookups++, getBlueprint(id)));
    const first = releases.resolve("dynamodb-search", example, "us-east-1");
    const reordered = { tags: example.tags, params: example.params };
    expect(releases.resolve("dynamodb-search", reordered, "us-east-1")).toBe(first);
    expect(lookups).toBe(1);
    expect(Object.isFrozen(first.params)).toBe(true);
    expect(() => Object.assign(first.params, { extra: 1 })).toThrow(TypeError);
    expect(releases.resolve("dynamodb-search", example, "eu-west-1")).not.toBe(first);
    expect(lookups).toBe(2);
  });

  it("keeps at most what it is told to, least recently used out", () => {
    let lookups = 0;
    const releases = new BlueprintReleases((id) => (lookups++, getBlueprint(id)), 2);
    const tagged = (n: number) => ({ ...example, tags: { ...example.tags, n: String(n) } });
    releases.resolve("dynamodb-search", tagged(1), "us-east-1");
    releases.resolve("dynamodb-search", tagged(2), "us-east-1");
    releases.resolve("dynamodb-search", tagged(1), "us-east-1"); // 1 is now the most recent
    releases.resolve("dynamodb-search", tagged(3), "us-east-1"); // drops 2
    releases.resolve("dynamodb-search", tagged(1), "us-east-1");
    expect(lookups).toBe(3);
    releases.resolve("dynamodb-search", tagged(2), "us-east-1");
    expect(lookups).toBe(4);
  });

  it("parses a refused request anew each time, naming the field", () => {
    let lookups = 0;
    const releases = new BlueprintReleases((id) => (lookups++, getBlueprint(id)));
    const bad = { ...example, params: { ...example.params, bogus: true } };
    for (let i = 0; i < 2; i++) {
      const refusal = (() => {
        try {
          releases.resolve("dynamodb-search", bad, "us-east-1");
        } catch (err) {
          return err;
        }
      })();
      expect(refusal).toBeInstanceOf(ValidationError);
      expect(JSON.stringify((refusal as ValidationError).fieldErrors)).toMatch(/bogus/);
    }
    expect(lookups).toBe(2);
  });
});
