import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { keepSecret, MIN_EMBEDDED_SECRET_LENGTH } from "../../programs/keep-secret";
import { secretRequestValues } from "../../programs/secret-config";

/** Runs `build` as a program in a mocked stack, where stack transformations apply. */
async function runProgram(build: () => Promise<Record<string, unknown>>): Promise<void> {
  await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) }, "slipstream", "secrets", false);
  await pulumi.runtime.runInPulumiStack(build);
}

/** A resource whose `endpoint` output echoes its input, secretness included (the mock returns its inputs). */
class Probe extends pulumi.CustomResource {
  declare readonly endpoint: pulumi.Output<string>;
  constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
    super("test:index:Probe", name, { endpoint: undefined, ...props });
  }
}

const secretness = async (value: pulumi.Input<unknown>) => pulumi.isSecret(pulumi.output(value));

describe("secret request values", () => {
  it("are the strings of the slipstream keys the stack marks secret", async () => {
    await pulumi.runtime.setMocks({ newResource: () => ({ id: "", state: {} }), call: () => ({}) }, "slipstream", "s", false);
    pulumi.runtime.setAllConfig(
      {
        "slipstream:blueprint": "dynamodb-search",
        "slipstream:params": JSON.stringify({ notifications: { emails: ["oncall@example.com"] }, indexer: { batchSize: 500 }, search: { indexName: "orders" } }),
        "slipstream:tags": JSON.stringify({ owner: "o", "cost-center": "c", environment: "dev" }),
      },
      ["slipstream:params"],
    );
    expect(secretRequestValues().sort()).toEqual(["oncall@example.com", "orders"]);
    pulumi.runtime.setAllConfig({ "slipstream:params": "{}" }, []);
    expect(secretRequestValues()).toEqual([]);
  });
});

describe("keepSecret", () => {
  it("marks inputs and outputs that hold a secret value, and only those", async () => {
    const email = "oncall@example.com";
    let probes: Probe[] = [];
    let outputs: Record<string, pulumi.Input<unknown>> = {};
    await runProgram(async () => {
      const secret = keepSecret([email, "dev"]);
      probes = [
        new Probe("whole", { endpoint: email }),
        new Probe("embedded", { endpoint: pulumi.output(`{"Endpoint":"${email}"}`) }),
        new Probe("short", { endpoint: "dev-team" }),
        new Probe("plain", { endpoint: "https://example.com" }),
      ];
      outputs = secret({ email: pulumi.output(email), nested: { list: [email] }, other: pulumi.output("x") });
      return {};
    });
    expect(MIN_EMBEDDED_SECRET_LENGTH).toBeGreaterThan("dev".length);
    const [whole, embedded, short, plain] = probes;
    expect(await secretness(whole!.endpoint)).toBe(true);
    expect(await secretness(embedded!.endpoint)).toBe(true);
    // "dev" is a secret value, but too short to be looked for inside other strings.
    expect(await secretness(short!.endpoint)).toBe(false);
    expect(await secretness(plain!.endpoint)).toBe(false);
    expect(await secretness(outputs["email"]!)).toBe(true);
    expect(await secretness(outputs["nested"]!)).toBe(true);
    expect(await secretness(outputs["other"]!)).toBe(false);
  });
});
