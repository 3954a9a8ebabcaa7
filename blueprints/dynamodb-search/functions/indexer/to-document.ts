import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "aws-lambda";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * The OpenSearch document for a DynamoDB image (AttributeValue JSON, as stream records carry it).
 *
 * - Numbers become JSON numbers, except integers beyond 2^53, which a double would silently change:
 *   they keep their exact digits as a string, which OpenSearch coerces into `long`/`unsigned_long`
 *   fields (mapping `coerce` is on by default). Fractions become doubles, which is what a
 *   `double` field stores anyway.
 * - Sets (SS, NS, BS) become arrays; `JSON.stringify` would turn a `Set` into `{}`.
 * - Binary stays base64: stream JSON already carries it so, and OpenSearch's `binary` type takes it.
 * - NULL becomes null; maps and lists recurse.
 */
export function toDocument(image: Readonly<Record<string, AttributeValue>>): JsonObject {
  // @types/aws-lambda types binary as a base64 string, the SDK as Uint8Array; unmarshall passes
  // binary values through untouched, so either shape is fine at run time.
  const native = unmarshall(image as Parameters<typeof unmarshall>[0], { wrapNumbers: toJsonNumber });
  const document: JsonObject = {};
  for (const [name, value] of Object.entries(native)) {
    document[name] = toJson(value);
  }
  return document;
}

function toJsonNumber(digits: string): number | string {
  const value = Number(digits);
  return Number.isInteger(value) && !Number.isSafeInteger(value) ? digits : value;
}

function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) {
    return null;
  }
  switch (typeof value) {
    case "string":
    case "boolean":
    case "number":
      return value;
    case "bigint":
      return value.toString();
  }
  if (value instanceof Set) {
    return Array.from(value, toJson);
  }
  if (Array.isArray(value)) {
    return value.map(toJson);
  }
  if (ArrayBuffer.isView(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  }
  if (value instanceof ArrayBuffer) {
    return Buffer.from(value).toString("base64");
  }
  if (typeof value === "object") {
    const object: JsonObject = {};
    for (const [name, member] of Object.entries(value)) {
      object[name] = toJson(member);
    }
    return object;
  }
  throw new TypeError(`cannot represent a ${typeof value} attribute value as JSON`);
}
