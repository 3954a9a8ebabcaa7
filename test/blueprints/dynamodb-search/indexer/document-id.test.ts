import { describe, expect, it } from "vitest";
import { documentId } from "../../../../blueprints/dynamodb-search/functions/indexer/document-id";

describe("documentId", () => {
  it("does not depend on the order of the key attributes", () => {
    expect(documentId({ sk: { N: "42" }, pk: { S: "customer#1" } })).toBe(documentId({ pk: { S: "customer#1" }, sk: { N: "42" } }));
  });

  it("is URL-safe and decodes to the sorted key", () => {
    const id = documentId({ sk: { S: "a/b?c=d&e f+g" }, pk: { B: "3q2+7w==" } });

    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(id, "base64url").toString("utf8"))).toEqual([
      ["pk", "B", "3q2+7w=="],
      ["sk", "S", "a/b?c=d&e f+g"],
    ]);
  });

  it("tells apart keys whose parts could be concatenated alike", () => {
    expect(documentId({ pk: { S: "a,b" }, sk: { S: "c" } })).not.toBe(documentId({ pk: { S: "a" }, sk: { S: "b,c" } }));
    expect(documentId({ pk: { S: "1" } })).not.toBe(documentId({ pk: { N: "1" } }));
  });

  it("hashes keys that would exceed OpenSearch's 512-byte id limit, stably", () => {
    const long = { pk: { S: "x".repeat(2048) }, sk: { S: "y".repeat(1024) } };

    const id = documentId(long);

    expect(id).toMatch(/^sha256\.[A-Za-z0-9_-]{43}$/);
    expect(documentId({ sk: long.sk, pk: long.pk })).toBe(id);
  });

  it("accepts binary keys as bytes too", () => {
    expect(documentId({ pk: { B: Buffer.from("3q2+7w==", "base64") as unknown as string } })).toBe(documentId({ pk: { B: "3q2+7w==" } }));
  });

  it("rejects keys that are not scalars, naming the attribute", () => {
    expect(() => documentId({ pk: { SS: ["a"] } })).toThrow('key attribute "pk" is not a string, number or binary value');
    expect(() => documentId({})).toThrow("an item key needs at least one attribute");
  });
});
