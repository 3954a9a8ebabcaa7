import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { apiDocument } from "../../api/http/app";
import { catalogue, exampleRequest } from "../../blueprints/catalogue";
import { testApp } from "../api/support/test-app";

// The published OpenAPI document, held to what an independent linter and validator expect of
// it and to what the server does: every route documented with an operationId, a create that
// names its blueprint from the catalogue and takes that blueprint's params, and nothing the
// document calls valid that the server would refuse for its shape. (Every response of the API
// tests is checked against it as well: test/api/support/openapi-conformance.ts.)
const t = testApp();
afterAll(() => t.close());
const doc = apiDocument(t.app) as unknown as { servers: unknown[]; paths: Record<string, Record<string, { operationId?: string }>>; components: { schemas: Record<string, unknown> } };
const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));

describe("the published OpenAPI document", () => {
  it("has no errors by Redocly's recommended rules", async () => {
    // An ES module only: imported, not required.
    const { createConfig, lintFromString } = await import("@redocly/openapi-core");
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: "/openapi.json", config });
    expect(problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`)).toEqual([]);
  });

  it("names every operation, once, and says where the service is", () => {
    const ids = operations.map((o) => o.operation.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers).toEqual([expect.objectContaining({ url: "/" })]);
  });

  it("documents every route the app serves, but its own description, docs page and web console", () => {
    const served = t.app.routes
      .filter((r) => r.method !== "ALL" && !["/openapi.json", "/docs", "/console"].includes(r.path) && !r.path.startsWith("/docs/") && !r.path.startsWith("/console/"))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)/g, "{$1}")}`);
    expect([...new Set(served)].sort()).toEqual(operations.map((o) => `${o.method} ${o.path}`).sort());
  });

  describe("a create's body, by an independent validator", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc as object, "openapi");
    const validCreate = ajv.compile({ $ref: "openapi#/components/schemas/CreateDeployment" });
    const ids = [...catalogue.keys()];

    it("takes each blueprint's example as it is", () => {
      for (const id of ids) {
        const body = { name: "contract-check", blueprint: id, ...(exampleRequest(id) as object) };
        expect(validCreate(body), `${id}: ${ajv.errorsText(validCreate.errors)}`).toBe(true);
      }
    });

    it("refuses a blueprint outside the catalogue, a name the service refuses, and another blueprint's params", () => {
      const [first, second] = [ids[0]!, ids[1]!];
      const example = exampleRequest(first) as { params: unknown; tags: unknown };
      expect(validCreate({ name: "contract-check", blueprint: "no-such-blueprint", ...example })).toBe(false);
      for (const name of ["ab", "Upper", "double--hyphen", "trailing-", "x".repeat(33)]) expect(validCreate({ name, blueprint: first, ...example }), name).toBe(false);
      const foreign = { name: "contract-check", blueprint: second, params: example.params, tags: example.tags };
      expect(validCreate(foreign)).toBe(false);
    });

    it("states the required tags", () => {
      const { tags, ...untagged } = { name: "contract-check", blueprint: ids[0]!, ...(exampleRequest(ids[0]!) as { params: unknown; tags: Record<string, string> }) };
      const { owner: _owner, ...withoutOwner } = tags;
      expect(validCreate({ ...untagged, tags: withoutOwner })).toBe(false);
    });
  });
});
