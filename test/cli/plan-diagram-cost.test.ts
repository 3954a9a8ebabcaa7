import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../support/cli";

const ROOT = path.resolve(__dirname, "..", "..");
const example = (id: string) => path.join(ROOT, "blueprints", id, "example.json");

describe("slipstream plan --format mermaid|svg|cost", () => {
  it("prints the architecture as a Mermaid flowchart", async () => {
    const { code, stdout } = await run(["plan", "dynamodb-search", "--request", example("dynamodb-search"), "--format", "mermaid"]);
    expect(code).toBe(0);
    expect(stdout.startsWith("flowchart LR\n")).toBe(true);
    expect(stdout).toMatch(/subgraph g\d+\["example-search"\]/);
    expect(stdout).toContain('["example-indexer<br/><small>lambda</small>"]');
  }, 120_000);

  it("prints the architecture as an SVG", async () => {
    const { code, stdout } = await run(["plan", "dynamodb-search", "--request", example("dynamodb-search"), "--format", "svg"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(stdout).toContain(">example-table</text>");
    expect(stdout.trimEnd().endsWith("</svg>")).toBe(true);
  }, 120_000);

  it("prints the monthly estimate: lines with assumptions, the total, and what was not priced", async () => {
    const { code, stdout } = await run(["plan", "dynamodb-search", "--request", example("dynamodb-search"), "--format", "cost"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^RESOURCE\s+ITEM\s+QUANTITY\s+UNIT PRICE\s+MONTHLY\s+ASSUMPTION$/m);
    expect(stdout).toMatch(/^example-table\s+write request units\s+10 million write request units\s+\$0\.625\s+\$6\.25\s+10,000,000 writes/m);
    expect(stdout).toMatch(/^Monthly total: \$\d+\.\d\d USD in us-east-1 \(on-demand list prices read \d{4}-\d{2}-\d{2}\)$/m);
    expect(stdout).toMatch(/^Not priced \(\d+, not in the total\):$/m);
    expect(stdout).toContain("https://aws.amazon.com/dynamodb/pricing/on-demand/");
  }, 120_000);

  it("says which Regions it can price when asked for another", async () => {
    const { code, stdout } = await run(["plan", "dynamodb-search", "--request", example("dynamodb-search"), "--format", "cost", "--region", "ap-southeast-2"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Monthly total: $0.00 USD in ap-southeast-2");
    expect(stdout).toContain("no prices for Region ap-southeast-2: the offline table covers us-east-1, eu-west-1");
  }, 120_000);

  it("names the formats it takes", async () => {
    const { code, stderr } = await run(["plan", "dynamodb-search", "--request", example("dynamodb-search"), "--format", "png"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--format must be one of json, table, mermaid, svg, cost, got "png"');
  });
});
