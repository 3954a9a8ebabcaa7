import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { redshiftTableName, s3BucketArn, s3BucketName, vpcCidrBlock } from "../../blueprints/aws-identifiers";
import { deploymentNameSchema } from "../../blueprints/deployment-name";
import { publish } from "../../blueprints/json-schema/published-rules";
import { publishedJsonSchema } from "../../blueprints/json-schema/published-schema";
import { strictAjv } from "../contract/support/verdicts";

// The generator of the published schemas (blueprints/json-schema/), and the rules that are
// patterns over one field, held to zod over many values rather than a few.

/** Ajv over the published schema and zod give the same verdict on every value. */
function expectSameVerdicts(schema: z.ZodType, values: fc.Arbitrary<string>, numRuns = 300): void {
  const validate = strictAjv().compile(publishedJsonSchema(schema));
  fc.assert(
    fc.property(values, (value) => {
      expect(validate(value), value).toBe(schema.safeParse(value).success);
    }),
    { numRuns },
  );
}

describe("the published schema generator", () => {
  it("publishes zod's starts_with and ends_with formats as the patterns zod writes with them", () => {
    const arn = z.string().startsWith("arn:").endsWith(":x");
    const published = publishedJsonSchema(arn);
    expect(JSON.stringify(published)).not.toContain("format");
    const validate = strictAjv().compile(published);
    for (const value of ["arn:a:x", "arn:x", "a:x", "arn:a:y"]) expect(validate(value), value).toBe(arn.safeParse(value).success);
  });

  it("carries a rule to every node derived from the refined one, once, after descriptions they set", () => {
    const even = z.number().int().refine((n) => n % 2 === 0).apply(publish, { expressed: { multipleOf: 2 }, serverChecks: "that nobody minds" });
    const schema = z.object({ a: even.optional().describe("A count."), b: even.max(10).default(2) }).strict();
    const published = publishedJsonSchema(schema) as { properties: Record<string, { allOf?: unknown[]; description?: string }> };
    expect(published.properties["a"]!.description).toBe("A count. The server also checks that nobody minds.");
    expect(published.properties["a"]!.allOf).toEqual([{ multipleOf: 2 }]);
    expect(published.properties["b"]!.allOf).toEqual([{ multipleOf: 2 }]);
    expect(published.properties["b"]!.description).toBe("The server also checks that nobody minds.");
  });
});

describe("single-field rules published as patterns", () => {
  const octet = fc.oneof(fc.constantFrom(0, 1, 16, 128, 192, 255), fc.integer({ min: 0, max: 255 }));
  const cidr = fc.tuple(octet, octet, octet, octet, fc.integer({ min: 14, max: 30 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);

  it("a VPC CIDR block's host bits are zero, for /16 to /28 and /16 to /24", () => {
    expectSameVerdicts(vpcCidrBlock(), cidr, 500);
    expectSameVerdicts(vpcCidrBlock(24), cidr, 500);
  });

  const bucket = fc.oneof(
    fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/),
    fc.constantFrom("xn--a", "sthree-logs", "amzn-s3-demo-b", "logs-s3alias", "a--ol-s3", "a.mrap", "a--x-s3", "a--table-s3", "10.0.0.1", "a..b", "xn-a", "a-s3alia"),
  );

  it("S3 bucket names and bucket ARNs avoid reserved forms", () => {
    expectSameVerdicts(s3BucketName, bucket);
    expectSameVerdicts(s3BucketArn, bucket.map((name) => `arn:aws:s3:::${name}`));
  });

  it("Redshift names are no reserved word, in any dotted part", () => {
    const word = fc.oneof(fc.constantFrom("select", "user", "users", "table", "tables", "_table", "analytics"), fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/));
    expectSameVerdicts(redshiftTableName, fc.oneof(word, fc.tuple(word, word).map(([a, b]) => `${a}.${b}`)));
  });

  it("deployment names have no consecutive hyphens", () => {
    expectSameVerdicts(deploymentNameSchema, fc.stringMatching(/^[a-z][a-z0-9-]{1,8}[a-z0-9]$/));
  });
});
