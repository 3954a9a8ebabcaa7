import { describe, expect, it } from "vitest";
import { splitLines, type ObjectLine } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/line-splitter";

async function collect(chunks: string[] | Buffer[], maxLineBytes = 1024): Promise<ObjectLine[]> {
  async function* source() {
    for (const chunk of chunks) yield Buffer.from(chunk);
  }
  const lines: ObjectLine[] = [];
  for await (const line of splitLines(source(), maxLineBytes)) lines.push(line);
  return lines;
}

const text = (value: string): ObjectLine => ({ kind: "line", text: value });

describe("splitLines", () => {
  it("splits across chunk boundaries, on \\n and \\r\\n, keeping a last line without newline", async () => {
    expect(await collect(["one\r\ntw", "o\n", "\nthr", "ee"])).toEqual([text("one"), text("two"), text(""), text("three")]);
  });

  it("decodes a multi-byte character cut between chunks", async () => {
    const bytes = Buffer.from("café\n");
    expect(await collect([bytes.subarray(0, 4), bytes.subarray(4)])).toEqual([text("café")]);
  });

  it("drops a line longer than the limit without buffering it, and carries on", async () => {
    expect(await collect(["short\n", "x".repeat(20), "x".repeat(20), "\nnext\n"], 30)).toEqual([text("short"), { kind: "too-long", bytes: 40 }, text("next")]);
  });
});
