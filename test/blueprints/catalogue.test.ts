import { describe, expect, it } from "vitest";
import { catalogue, exampleRequest, getBlueprint, requestJsonSchema, UnknownBlueprintError, validateRequest } from "../../blueprints/catalogue";

describe("the catalogue", () => {
  it("offers the blueprints under their public ids", () => {
    expect([...catalogue.keys()]).toEqual(expect.arrayContaining(["access-log-analytics", "dynamodb-search"]));
    expect(() => getBlueprint("nope")).toThrow(UnknownBlueprintError);
  });

  for (const id of catalogue.keys()) {
    describe(id, () => {
      it("validates its example request, filling in documented defaults", () => {
        const { request } = validateRequest(id, exampleRequest(id)) as { request: { params: Record<string, unknown>; tags: Record<string, string> } };
        expect(request.tags["environment"]).toMatch(/^(dev|staging|prod)$/);
        expect(Object.keys(request.params).length).toBeGreaterThan(3);
      });

      it("exports a JSON Schema that requires tags and documents defaults", () => {
        const schema = requestJsonSchema(id) as { required: string[]; properties: Record<string, { required?: string[]; properties?: Record<string, { default?: unknown; description?: string }> }> };
        expect(schema.required).toContain("tags");
        expect(schema.properties["tags"]!.required).toEqual(["owner", "cost-center", "environment"]);
        const params = Object.values(schema.properties["params"]!.properties ?? {});
        expect(params.some((p) => p.description !== undefined)).toBe(true);
        expect(JSON.stringify(schema)).toContain('"default"');
      });

      it("describes what it provisions", () => {
        const blueprint = getBlueprint(id);
        expect(blueprint.outline.length).toBeGreaterThan(3);
        expect(blueprint.pattern.length).toBeGreaterThan(10);
      });
    });
  }
});
