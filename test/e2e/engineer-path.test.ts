import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployedResources, EngineerShell, readmeShellBlocks, REPOSITORY_ROOT, type ExportedResource } from "./support/engineer-shell";

const SECTION = "## Engineers: `pulumi up` on the same blueprints";
const STACK = "orders-search-dev";
const REFUSED = "orders-refused";

/** The README section's shell block that contains `marker`, exactly as written. */
function block(marker: string): string {
  const found = readmeShellBlocks(SECTION).find((b) => b.includes(marker));
  if (!found) throw new Error(`the README's engineer section has no shell block with ${marker}`);
  return found;
}

/** The pack configuration the README shows (its ```json block). */
function teamPolicyConfig(): string {
  const readme = fs.readFileSync(path.join(REPOSITORY_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf(SECTION));
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!json) throw new Error("the README's engineer section has no pack configuration");
  return json;
}

const byType = (resources: ExportedResource[], type: string) => resources.filter((r) => r.type === type);

/** Whether a wire value is a secret: the engine's signature object. */
const isSecretValue = (v: unknown) => typeof v === "object" && v !== null && (v as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270";

// The README's engineer section run as written, by bash at the repository root, with `pulumi`
// being the CLI stand-in: Pulumi.yaml → programs/index.ts (TypeScript, through the SDK's own
// runner and ts-node) → stack configuration → blueprint → policy pack.
describe("the README's engineer path", () => {
  let shell: EngineerShell;
  beforeAll(() => {
    shell = new EngineerShell([STACK, REFUSED]);
  });
  afterAll(() => shell?.close());

  it("deploys as written", async () => {
    const result = await shell.run(block("pulumi stack init"));
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain(`Created stack '${STACK}'`);
    expect(result.stdout).toMatch(/aws:opensearch\/domain:Domain orders-search-dev-search created/);

    const resources = deployedResources(await shell.exportStack(STACK));
    // The stack's config became the request: tags on every resource, the kinesis variant, the index.
    const stream = byType(resources, "aws:kinesis/stream:Stream");
    expect(stream).toHaveLength(1);
    expect(stream[0]!.inputs!["tags"]).toMatchObject({ owner: "orders-team", "cost-center": "cc-1234", environment: "dev", "slipstream:deployment": STACK, "slipstream:blueprint": "dynamodb-search" });
    expect(String(byType(resources, "aws:dynamodb/table:Table")[0]!.outputs!["arn"])).toContain(":eu-west-1:");
    const outputs = await shell.run("pulumi stack output indexName");
    expect(outputs.stdout.trim()).toBe("orders");
  });

  it("fails on a mandatory policy of the team's pack configuration with the policy's message", async () => {
    const config = path.join(shell.dir, "team-policy.json");
    fs.writeFileSync(config, teamPolicyConfig());
    const refused = await shell.run(`pulumi up --yes --policy-pack policies --policy-pack-config ${config}`);
    expect(refused.code).toBe(255);
    expect(refused.stdout).toMatch(/mandatory: \[required-tags\] \S+ \S+ is missing required tag data-classification on its own tags\./);
    expect(refused.stderr).toContain("error: update failed");

    const fixed = await shell.run(`pulumi config set --path 'slipstream:tags.data-classification' internal\npulumi up --yes --policy-pack policies --policy-pack-config ${config}`);
    expect(fixed.code, fixed.output).toBe(0);
    const stream = byType(deployedResources(await shell.exportStack(STACK)), "aws:kinesis/stream:Stream")[0]!;
    expect(stream.inputs!["tags"]).toMatchObject({ "data-classification": "internal" });
  });

  it("updates a changed parameter in place, and then has nothing left to change", async () => {
    const result = await shell.run(block("batchSize"));
    expect(result.code, result.output).toBe(0);
    const [update, preview] = result.stdout.split(/^Previewing update/m);
    expect(update).toMatch(/~ {2}aws:lambda\/eventSourceMapping:EventSourceMapping \S+ updated \[diff: ~batchSize\]/);
    expect(update).not.toMatch(/ (created|deleted)$/m);
    expect(preview).toMatch(/^\s+\d+ unchanged$/m);
    expect(preview).not.toMatch(/to (create|update|delete)/);

    // `--path` stored the number 500, which the schema requires.
    const mapping = byType(deployedResources(await shell.exportStack(STACK)), "aws:lambda/eventSourceMapping:EventSourceMapping")[0]!;
    expect(mapping.inputs!["batchSize"]).toBe(500);
  });

  it("keeps a value set with --secret secret: in the settings file, the state and the outputs", async () => {
    const result = await shell.run(block("--secret"));
    expect(result.code, result.output).toBe(0);
    const email = "oncall@example.com";

    expect(fs.readFileSync(shell.settingsFile(STACK), "utf8")).not.toContain(email);
    expect((await shell.run("pulumi config --json")).stdout).not.toContain(email);
    const exported = await shell.exportStack(STACK);
    expect(JSON.stringify(exported)).not.toContain(email);
    const subscription = byType(deployedResources(exported), "aws:sns/topicSubscription:TopicSubscription").find((r) => r.inputs!["protocol"] === "email")!;
    expect(isSecretValue(subscription.inputs!["endpoint"])).toBe(true);
    expect(result.stdout).toMatch(/indexName: "\[secret\]"/);

    // Decrypted, it is the value the engineer set: the program read it correctly.
    const decrypted = byType(deployedResources(await shell.exportStack(STACK, true)), "aws:sns/topicSubscription:TopicSubscription").find((r) => JSON.stringify(r.inputs).includes(email));
    expect(decrypted).toBeDefined();
  });

  it("destroys as written", async () => {
    const result = await shell.run(block("pulumi destroy"));
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toMatch(/aws:opensearch\/domain:Domain orders-search-dev-search deleted/);
    expect(result.stdout).toContain(`Stack '${STACK}' has been removed!`);
    expect((await shell.run("pulumi stack ls")).stdout).not.toContain(STACK);
  });

  it("fails a request the schema refuses before any resource exists, naming the field", async () => {
    // The whole of params set as JSON text, as the README allows.
    const result = await shell.run(
      [
        `pulumi stack init ${REFUSED}`,
        "pulumi config set slipstream:blueprint dynamodb-search",
        `pulumi config set slipstream:tags '{"owner": "orders-team", "cost-center": "cc-1234", "environment": "dev"}'`,
        `pulumi config set slipstream:params '{"search": {"indexName": "Orders!"}}'`,
        "pulumi up --yes --policy-pack policies",
      ].join("\n"),
    );
    expect(result.code).toBe(255);
    expect(result.stdout).toContain("RequestValidationError: invalid request for dynamodb-search:");
    expect(result.stdout).toContain("- params.search.indexName: a lowercase OpenSearch index name");
    expect(deployedResources(await shell.exportStack(REFUSED))).toEqual([]);
    expect((await shell.run(`pulumi stack rm --yes --force ${REFUSED}`)).code).toBe(0);
  });
});
