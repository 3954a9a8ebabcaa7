import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { requestFromStackConfig } from "../../programs/stack-config";

// Stack configuration as the engine hands it to a program: structured values arrive as JSON strings.
const setStackConfig = (config: Record<string, string>) => pulumi.runtime.setAllConfig(config);

describe("requestFromStackConfig", () => {
  it("reads the blueprint, structured params and tags, defaulting the name to the stack", async () => {
    await pulumi.runtime.setMocks({ newResource: () => ({ id: "", state: {} }), call: () => ({}) }, "slipstream", "team-search", false);
    setStackConfig({
      "slipstream:blueprint": "dynamodb-search",
      "slipstream:params": JSON.stringify({ changeCapture: "kinesis", indexer: { batchSize: 50 } }),
      "slipstream:tags": JSON.stringify({ owner: "o", "cost-center": "c", environment: "dev" }),
    });
    expect(requestFromStackConfig()).toEqual({
      blueprint: "dynamodb-search",
      name: "team-search",
      request: { params: { changeCapture: "kinesis", indexer: { batchSize: 50 } }, tags: { owner: "o", "cost-center": "c", environment: "dev" } },
    });
  });

  it("fails naming the missing key", async () => {
    await pulumi.runtime.setMocks({ newResource: () => ({ id: "", state: {} }), call: () => ({}) }, "slipstream", "s", false);
    setStackConfig({ "slipstream:tags": "{}" });
    expect(() => requestFromStackConfig()).toThrow(/slipstream:blueprint/);
  });
});
