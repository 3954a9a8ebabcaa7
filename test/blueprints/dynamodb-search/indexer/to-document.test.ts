import { describe, expect, it } from "vitest";
import { toDocument } from "../../../../blueprints/dynamodb-search/functions/indexer/to-document";

describe("toDocument", () => {
  it("turns every attribute type into JSON", () => {
    const document = toDocument({
      s: { S: "text" },
      n: { N: "42" },
      fraction: { N: "-0.125" },
      bool: { BOOL: true },
      nothing: { NULL: true },
      binary: { B: "AAEC" },
      strings: { SS: ["a", "b"] },
      numbers: { NS: ["1", "2.5"] },
      binaries: { BS: ["AA==", "AQ=="] },
      map: { M: { nested: { L: [{ N: "1" }, { S: "two" }, { M: {} }] } } },
    });

    expect(document).toEqual({
      s: "text",
      n: 42,
      fraction: -0.125,
      bool: true,
      nothing: null,
      binary: "AAEC",
      strings: ["a", "b"],
      numbers: [1, 2.5],
      binaries: ["AA==", "AQ=="],
      map: { nested: [1, "two", {}] },
    });
    // What goes on the wire: sets must not collapse to {}.
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it("keeps integers a double cannot hold exactly as their digits", () => {
    expect(toDocument({ big: { N: "12345678901234567890" }, safe: { N: "9007199254740991" }, set: { NS: ["9007199254740993"] } })).toEqual({
      big: "12345678901234567890",
      safe: 9007199254740991,
      set: ["9007199254740993"],
    });
  });

  it("encodes binary given as bytes in base64", () => {
    expect(toDocument({ b: { B: new Uint8Array([0, 1, 2]) as unknown as string } })).toEqual({ b: "AAEC" });
  });
});
