import { createHash } from "node:crypto";
import type { AttributeValue } from "aws-lambda";

// OpenSearch rejects `_id`s longer than 512 bytes; DynamoDB keys may reach 2048 + 1024 bytes.
const MAX_ID_BYTES = 512;
const HASHED_PREFIX = "sha256.";

/**
 * The OpenSearch `_id` of an item: base64url of a canonical JSON list of its key attributes
 * (`[[name, type, value], ...]`, sorted by name), so INSERT, MODIFY and REMOVE of one item — whose
 * `Keys` DynamoDB writes in no promised order — agree, and the id needs no escaping in a URL path or
 * a bulk action line. Ids that would exceed OpenSearch's 512-byte limit become the SHA-256 of that
 * JSON, prefixed `sha256.` ("." is outside the base64url alphabet, so the two forms cannot collide).
 *
 * Numbers are taken as DynamoDB writes them: it stores numbers normalized ("1.50" reads back as
 * "1.5"), so every stream record of an item carries the same digits.
 */
export function documentId(keys: Readonly<Record<string, AttributeValue>>): string {
  // Array#sort compares UTF-16 code units: stable across runtimes and locales, unlike localeCompare.
  const names = Object.keys(keys).sort();
  if (names.length === 0) {
    throw new TypeError("an item key needs at least one attribute");
  }
  const canonical = JSON.stringify(names.map((name) => [name, ...keyScalar(name, keys[name])]));
  const id = Buffer.from(canonical, "utf8").toString("base64url");
  if (id.length <= MAX_ID_BYTES) {
    return id;
  }
  return HASHED_PREFIX + createHash("sha256").update(canonical, "utf8").digest("base64url");
}

/** Key attributes are scalars: a string, a number or a binary (base64 in stream JSON). */
function keyScalar(name: string, value: AttributeValue | undefined): [type: "S" | "N" | "B", value: string] {
  const attribute: Record<string, unknown> = value ?? {};
  for (const type of ["S", "N", "B"] as const) {
    const scalar = attribute[type];
    if (typeof scalar === "string") {
      return [type, scalar];
    }
    if (type === "B" && scalar instanceof Uint8Array) {
      return [type, Buffer.from(scalar).toString("base64")];
    }
  }
  // The attribute's name is schema, not item content, so it may appear in the message.
  throw new TypeError(`key attribute ${JSON.stringify(name)} is not a string, number or binary value`);
}
