import { describe, expect, it } from "vitest";
import { objectTags, REQUIRED_TAG_KEYS, MANAGED_TAG_KEYS } from "../../blueprints/tags";
import { renderPlan } from "../../programs/offline-plan/render-plan";
import { exampleOf } from "../support/blueprint-requests";
import { inputs, ofType } from "../support/plan-queries";

// S3 takes at most 10 tags on an object (S3 user guide, "Categorizing your storage using tags"),
// against 50 on the buckets and everything else a deployment creates.
const manyTags = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`team-${i}`, `value-${i}`]));

describe("tags on uploaded objects", () => {
  it("keeps the required and Slipstream's own tags first and caps the rest at 10", () => {
    const tags = objectTags({ ...manyTags, owner: "o", "cost-center": "c", environment: "dev", "managed-by": "slipstream", "slipstream:blueprint": "b", "slipstream:deployment": "d" });
    expect(Object.keys(tags)).toHaveLength(10);
    expect(Object.keys(tags).slice(0, 6)).toEqual([...REQUIRED_TAG_KEYS, ...MANAGED_TAG_KEYS]);
    expect(Object.keys(tags).slice(6)).toEqual(["team-0", "team-1", "team-2", "team-3"]);
    expect(objectTags({ owner: "o" })).toEqual({ owner: "o" });
  });

  it.each(["msk-data-lake", "serverless-streaming-pipeline"])("%s uploads its scripts and code with at most 10 tags, the required ones included", async (blueprint) => {
    const { withParams } = exampleOf(blueprint);
    const plan = await renderPlan(blueprint, withParams({}, manyTags));
    const objects = ofType(plan, "aws:s3/bucketObjectv2:BucketObjectv2");
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const tags = inputs(object).tags as Record<string, string>;
      expect(Object.keys(tags).length, object.name).toBeLessThanOrEqual(10);
      for (const key of [...REQUIRED_TAG_KEYS, ...MANAGED_TAG_KEYS]) expect(tags, object.name).toHaveProperty([key]);
    }
  });
});
