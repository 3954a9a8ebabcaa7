import { describe, expect, it } from "vitest";
import { upgradePlanText, type UpgradePlanView } from "../../api/cli/remote/upgrade-commands";

const plan: UpgradePlanView = {
  id: "0190-plan",
  deployment: "orders",
  blueprint: "dynamodb-search",
  fromVersion: "1.0.0",
  toVersion: "1.1.0",
  changes: [{ version: "1.1.0", changes: ["The indexer function times out after 120 s"] }],
  baseline: "0190-create",
  diff: { added: [{ urn: "urn:a", type: "aws:sqs/queue:Queue" }], changed: [{ urn: "urn:f", type: "aws:lambda/function:Function", properties: ["timeout", "environment.variables.MODE"] }], removed: [], unchanged: 12 },
  policy: { passed: true, violations: [] },
};

describe("slipstream deployments upgrade-plan", () => {
  it("shows the versions, the changelog between, each resource change with its property paths, and how to apply it", () => {
    const text = upgradePlanText(plan);
    expect(text).toContain("dynamodb-search 1.0.0 → 1.1.0");
    expect(text).toContain("  - The indexer function times out after 120 s");
    expect(text).toMatch(/~ change\s+aws:lambda\/function:Function\s+urn:f\s+timeout, environment\.variables\.MODE/);
    expect(text).toMatch(/\+ add\s+aws:sqs\/queue:Queue\s+urn:a/);
    expect(text).toContain("12 resources unchanged");
    expect(text).toContain("slipstream deployments upgrade orders --plan 0190-plan");
  });

  it("says when no applied plan was kept to compare with", () => {
    expect(upgradePlanText({ ...plan, baseline: null })).toContain("no applied plan kept");
  });
});
