import { describe, expect, it } from "vitest";
import { diffRows, diffSummary } from "../../api/console/upgrade/upgrade-diff";

const urn = (type: string, name: string) => `urn:pulumi:orders::slipstream::slipstream:blueprint$${type}::${name}`;

const diff = {
  added: [{ urn: urn("aws:sqs/queue:Queue", "dlq"), type: "aws:sqs/queue:Queue" }],
  changed: [
    { urn: urn("aws:lambda/function:Function", "orders-indexer"), type: "aws:lambda/function:Function", properties: ["memorySize", "timeout"] },
    { urn: urn("aws:iam/role:Role", "b-role"), type: "aws:iam/role:Role", properties: ["tags.version"] },
  ],
  removed: [{ urn: urn("aws:cloudwatch/logGroup:LogGroup", "old-logs"), type: "aws:cloudwatch/logGroup:LogGroup" }],
  unchanged: 9,
};

describe("an upgrade's resource diff on the review page", () => {
  it("lists added, then changed, then removed, each group by URN, named by the URN's last segment", () => {
    expect(diffRows(diff).map((r) => [r.change, r.name])).toEqual([
      ["add", "dlq"],
      ["change", "b-role"],
      ["change", "orders-indexer"],
      ["remove", "old-logs"],
    ]);
  });

  it("keeps each changed resource's property paths and gives the others none", () => {
    const rows = diffRows(diff);
    expect(rows.find((r) => r.name === "orders-indexer")?.properties).toEqual(["memorySize", "timeout"]);
    expect(rows.find((r) => r.name === "dlq")?.properties).toEqual([]);
  });

  it("does not reorder the plan it was given", () => {
    const copy = structuredClone(diff);
    diffRows(copy);
    expect(copy).toEqual(diff);
  });

  it("sums the diff up in one line, unchanged included", () => {
    expect(diffSummary(diff)).toBe("1 to add, 2 to change, 1 to remove, 9 unchanged");
    expect(diffSummary({ added: [], changed: [], removed: [], unchanged: 0 })).toBe("0 to add, 0 to change, 0 to remove, 0 unchanged");
  });
});
