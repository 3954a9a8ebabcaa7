import { gunzipSync, gzipSync } from "node:zlib";

/**
 * Plans as both backends keep them: JSON, gzipped, base64. A plan's inputs repeat the same
 * names, ARNs and policy text many times over, so the largest example (about 130 KB of JSON)
 * keeps in a small fraction of a DynamoDB item's 400 KB.
 */
export function encodePlanRecord(value: unknown): string {
  return gzipSync(JSON.stringify(value)).toString("base64");
}

export function decodePlanRecord<T>(text: string): T {
  return JSON.parse(gunzipSync(Buffer.from(text, "base64")).toString("utf8")) as T;
}
