import { describe, expect, it } from "vitest";
import { chunkBySize, serializeAction } from "../../../../blueprints/dynamodb-search/functions/indexer/bulk-body";
import { outcomesOf } from "../../../../blueprints/dynamodb-search/functions/indexer/bulk-response";

const ok = (op: string, status: number) => ({ [op]: { _index: "orders", _id: "x", status } });

describe("outcomesOf", () => {
  it("reads each item: <300 and a delete's 404 succeed, 429/5xx retry, other 4xx fail", () => {
    const body = JSON.stringify({
      took: 3,
      errors: true,
      items: [
        ok("index", 201),
        ok("delete", 404),
        ok("index", 404),
        { index: { _index: "orders", _id: "x", status: 429, error: { type: "es_rejected_execution_exception", reason: "..." } } },
        { index: { _index: "orders", _id: "x", status: 503, error: { type: "unavailable_shards_exception", reason: "..." } } },
        { index: { _index: "orders", _id: "x", status: 400, error: { type: "mapper_parsing_exception", reason: "..." } } },
      ],
    });

    expect(outcomesOf({ status: 200, body }, ["index", "delete", "index", "index", "index", "index"])).toEqual([
      { kind: "ok" },
      { kind: "ok" },
      { kind: "fail", status: 404, errorType: "http-404" },
      { kind: "retry", status: 429, errorType: "es_rejected_execution_exception" },
      { kind: "retry", status: 503, errorType: "unavailable_shards_exception" },
      { kind: "fail", status: 400, errorType: "mapper_parsing_exception" },
    ]);
  });

  it("takes a version conflict as done: the index holds this change or a newer one", () => {
    const conflict = (op: string) => ({ [op]: { _index: "orders", _id: "x", status: 409, error: { type: "version_conflict_engine_exception", reason: "[x]: version conflict" } } });
    const body = JSON.stringify({ took: 1, errors: true, items: [conflict("index"), conflict("delete")] });

    expect(outcomesOf({ status: 200, body }, ["index", "delete"])).toEqual([{ kind: "stale" }, { kind: "stale" }]);
  });

  it("applies a whole-request error to every action", () => {
    expect(outcomesOf({ status: 429, body: "" }, ["index", "delete"])).toEqual([
      { kind: "retry", status: 429, errorType: "http-429" },
      { kind: "retry", status: 429, errorType: "http-429" },
    ]);
    expect(outcomesOf({ status: 413, body: "" }, ["index"])).toEqual([{ kind: "fail", status: 413, errorType: "http-413" }]);
  });

  it("retries everything when a 200 does not account for every action", () => {
    const retry = { kind: "retry", status: 200, errorType: "malformed-bulk-response" };
    expect(outcomesOf({ status: 200, body: "<html>" }, ["index"])).toEqual([retry]);
    expect(outcomesOf({ status: 200, body: JSON.stringify({ items: [ok("index", 201)] }) }, ["index", "index"])).toEqual([retry, retry]);
  });
});

describe("bulk bodies", () => {
  it("writes an action line, and a document line except for delete, each newline-terminated", () => {
    expect(serializeAction({ op: "index", id: "a", document: { text: "line\nbreak" }, itemIdentifiers: ["1"] }, "orders").ndjson).toBe(
      '{"index":{"_index":"orders","_id":"a"}}\n{"text":"line\\nbreak"}\n',
    );
    expect(serializeAction({ op: "delete", id: "a", itemIdentifiers: ["1"] }, "orders").ndjson).toBe('{"delete":{"_index":"orders","_id":"a"}}\n');
  });

  it("puts a versioned action's external version in its action line", () => {
    expect(serializeAction({ op: "delete", id: "a", itemIdentifiers: ["1"], version: 1_767_225_600_123_456 }, "orders").ndjson).toBe(
      '{"delete":{"_index":"orders","_id":"a","version":1767225600123456,"version_type":"external"}}\n',
    );
  });

  it("cuts at the byte limit, keeps order, and sends an oversized action alone", () => {
    const action = (id: string, size: number) => serializeAction({ op: "index", id, document: { pad: "é".repeat(size) }, itemIdentifiers: [id] }, "orders");
    const [a, b, c, d] = [action("a", 10), action("b", 10), action("c", 500), action("d", 10)];

    const chunks = chunkBySize([a, b, c, d], a.bytes + b.bytes);

    expect(chunks.map((chunk) => chunk.map(({ action }) => action.id))).toEqual([["a", "b"], ["c"], ["d"]]);
    expect(c.bytes).toBeGreaterThan(1000); // counted in UTF-8 bytes, not characters
  });
});
