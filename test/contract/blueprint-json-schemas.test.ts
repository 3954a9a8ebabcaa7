import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogue, exampleRequest, getBlueprint, requestJsonSchema } from "../../blueprints/catalogue";
import { candidateRequests } from "../support/accepted-requests";
import { mutated } from "./support/requests";
import { expectSameVerdict, publishedValidator, serverRefusals, strictAjv } from "./support/verdicts";

// Issue #14, item 2: the blueprints' published JSON Schemas, checked with an independent
// validator (Ajv, draft 2020-12, strict), agree with the server's validation. The cross-field
// cases, rule by rule, are in cross-field-rules.test.ts.

// The formats JSON Schema draft 2020-12 defines; ajv-formats also knows OpenAPI's (int32, byte...).
const DRAFT_2020_12_FORMATS = new Set([
  "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
  "uri", "uri-reference", "iri", "iri-reference", "uuid", "uri-template", "json-pointer", "relative-json-pointer", "regex",
]);

function formatsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(formatsIn);
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "format" && typeof value === "string" ? [value] : formatsIn(value)));
}

// Generated requests per blueprint, each kind: a few hundred in all, for a busy 2-core machine.
const GENERATED = 150;

describe.each([...catalogue.keys()])("%s's published JSON Schema", (id) => {
  it("compiles under Ajv's strict mode and uses standard formats only", () => {
    const schema = requestJsonSchema(id);
    expect(() => strictAjv().compile(schema)).not.toThrow();
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    for (const format of formatsIn(schema)) expect(DRAFT_2020_12_FORMATS, format).toContain(format);
  });

  it("accepts the example request, as example.json holds it and as the catalogue serves it", () => {
    const validate = publishedValidator(id);
    const file: unknown = JSON.parse(fs.readFileSync(path.join(getBlueprint(id).directory, "example.json"), "utf8"));
    for (const example of [file, exampleRequest(id)]) {
      expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
      expect(serverRefusals(id, example)).toEqual([]);
    }
  });

  it("gives the server's verdict on generated requests (the cross-field rules left to chance)", () => {
    const validate = publishedValidator(id);
    let accepted = 0;
    fc.assert(
      fc.property(candidateRequests(id), ({ request }) => {
        expectSameVerdict(id, validate, request);
        if (validate(request)) accepted++;
      }),
      { numRuns: GENERATED },
    );
    // Requests from the schema's shape alone break the cross-field rules often, but not always:
    // both verdicts must occur, or the property compares nothing.
    expect(accepted).toBeGreaterThan(GENERATED / 10);
    expect(accepted).toBeLessThan(GENERATED);
  });

  it("gives the server's verdict on generated requests with one value broken or removed", () => {
    const validate = publishedValidator(id);
    let refused = 0;
    fc.assert(
      fc.property(mutated(candidateRequests(id).map((c) => c.request)), (request) => {
        expectSameVerdict(id, validate, request);
        if (!validate(request)) refused++;
      }),
      { numRuns: GENERATED },
    );
    expect(refused).toBeGreaterThan(GENERATED / 2);
  });
});
