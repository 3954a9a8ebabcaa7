import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue } from "../../blueprints/catalogue";
import { parseResources, RESOURCE_FORMATS, ResourcesFileError } from "../../policies/offline/load-resources";
import { run, tempJson as tempFile } from "../support/cli";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "policies", "examples");
const readExample = (file: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")) as unknown;
const tempJson = (value: unknown) => tempFile(value, "resources.json");
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

type Report = { passed: boolean; violations: { policy: string; resource: { type: string; name: string } | null }[]; evaluated: { resources: number } };
async function check(document: unknown): Promise<{ code: number; report: Report }> {
  const { code, stdout, stderr } = await run(["check", "--resources", tempJson(document), "--format", "json"]);
  expect(stderr).toBe("");
  return { code, report: JSON.parse(stdout) as Report };
}

// The three resources of the example list, as every format must yield them.
const EXAMPLE_RESOURCES = [
  { type: "aws:kms/key:Key", name: "clicks-key" },
  { type: "aws:kinesis/stream:Stream", name: "clicks" },
  { type: "aws:sqs/queue:Queue", name: "clicks-dead-letters" },
];
const examplePart = (document: unknown) => parseResources(document).filter((r) => EXAMPLE_RESOURCES.some((e) => e.type === r.type && e.name === r.name));

describe("check --resources reads every format a user has in hand (README: policies/examples/)", () => {
  it("its own list [{ type, name, props }]", async () => {
    const list = readExample("resources.json");
    expect(parseResources(list).map(({ type, name }) => ({ type, name }))).toEqual(EXAMPLE_RESOURCES);
    expect((await check(list)).report.evaluated.resources).toBe(3);
  });

  it.each([["pulumi preview --json", "preview.json"], ["pulumi stack export", "stack-export.json"]])("the output of %s, with the same props as the list", async (_label, file) => {
    const document = readExample(file);
    const fromList = parseResources(readExample("resources.json"));
    const found = examplePart(document);
    expect(found.map(({ type, name }) => ({ type, name }))).toEqual(EXAMPLE_RESOURCES);
    for (const resource of found) expect(resource.props).toMatchObject(fromList.find((r) => r.name === resource.name)!.props);
    // The stack, its provider and the three resources; the preview's delete step holds nothing.
    expect(parseResources(document)).toHaveLength(5);
    expect(found.find((r) => r.type === "aws:sqs/queue:Queue")!.propertyDependencies).toEqual({ kmsMasterKeyId: ["urn:pulumi:dev::clicks::aws:kms/key:Key::clicks-key"] });
  });

  it.each([
    ["a list", "resources.json", [1, "props"]],
    ["a preview", "preview.json", ["steps", 3, "newState", "inputs"]],
    ["a stack export", "stack-export.json", ["deployment", "resources", 3, "inputs"]],
  ])("sees a violation in %s with one field changed", async (_label, file, streamProps) => {
    const document = clone(readExample(file));
    const props = streamProps.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], document) as Record<string, unknown>;
    const before = await check(document);
    props["encryptionType"] = "NONE";
    const { code, report } = await check(document);
    expect(code).toBe(1);
    expect(report.violations.filter((v) => !before.report.violations.some((b) => b.policy === v.policy && b.resource?.name === v.resource?.name))).toEqual([
      expect.objectContaining({ policy: "kinesis-stream-encrypted", resource: { type: "aws:kinesis/stream:Stream", name: "clicks" } }),
    ]);
  });

  it("an offline plan, whole or just its resources: both read the inputs", async () => {
    const example = path.join(catalogue.get("dynamodb-search")!.directory, "example.json");
    const plan = JSON.parse((await run(["plan", "dynamodb-search", "--request", example, "--format", "json"])).stdout) as { resources: { type: string; name: string; inputs: Record<string, unknown> }[] };
    const whole = await check(plan);
    const list = await check(plan.resources);
    // Issue #11: the bare array used to be read with empty props — 33 violations the plan does not have.
    expect(list).toEqual(whole);
    expect(parseResources(plan.resources)).toEqual(parseResources(plan));
    const queue = plan.resources.find((r) => r.type === "aws:sqs/queue:Queue")!;
    delete queue.inputs["kmsMasterKeyId"];
    const changed = await check(plan.resources);
    expect(changed.code).toBe(1);
    expect(changed.report.violations.length).toBeGreaterThan(list.report.violations.length);
    expect(changed.report.violations).toContainEqual(expect.objectContaining({ policy: "sqs-queue-encrypted", resource: { type: "aws:sqs/queue:Queue", name: queue.name } }));
  });

  it("masks secrets and skips resources pending deletion in a stack export", () => {
    type Exported = { urn: string; inputs: Record<string, unknown>; delete?: boolean };
    const document = clone(readExample("stack-export.json")) as { deployment: { resources: Exported[] } };
    const [, , key, stream, queue] = document.deployment.resources;
    stream!.inputs["kmsKeyId"] = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
    queue!.delete = true;
    const found = parseResources(document);
    expect(found.find((r) => r.name === "clicks")!.props["kmsKeyId"]).toBe("[secret]");
    expect(found.map((r) => r.name)).not.toContain("clicks-dead-letters");
    expect(found.map((r) => r.name)).toContain(key!.urn.split("::").pop());
  });
});

describe("the README's check examples", () => {
  // Issue #11: the README named a resources file that did not exist.
  it("name files that exist and that check reads", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const named = [...new Set([...readme.matchAll(/policies\/examples\/[\w.-]+\.json/g)].map((m) => m[0]))];
    expect(named.sort()).toEqual(["policies/examples/preview.json", "policies/examples/resources.json", "policies/examples/stack-export.json"]);
    for (const file of named) expect(parseResources(JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"))).length, file).toBeGreaterThan(0);
  });
});

describe("check --resources refuses anything else with the formats expected", () => {
  it.each([
    ["an object of another shape", { items: [] }, "expected one of:"],
    ["a number", 7, "expected one of:"],
    ["a stack export without resources", { version: 3, deployment: { manifest: {} } }, 'without "deployment.resources"'],
    ["a list entry without props", [{ type: "aws:sqs/queue:Queue", name: "q" }], '"props" is missing'],
    ["a list entry with unknown keys", [{ type: "aws:sqs/queue:Queue", name: "q", properties: {} }], 'unknown key "properties"'],
    ["a list entry with props and inputs", [{ type: "aws:sqs/queue:Queue", name: "q", props: {}, inputs: {} }], "not both"],
    ["a preview step whose newState has no type", { steps: [{ op: "create", urn: "u", newState: { inputs: {} } }] }, '"newState" must be an object with a "type"'],
    ["a stack export resource without a urn", { deployment: { resources: [{ type: "aws:sqs/queue:Queue", inputs: {} }] } }, '"urn", "type" and "inputs"'],
  ])("%s", async (_label, document, message) => {
    expect(() => parseResources(document)).toThrow(ResourcesFileError);
    expect(() => parseResources(document)).toThrow(message);
    const { code, stderr } = await run(["check", "--resources", tempJson(document)]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("names all four formats when it cannot tell which was meant", () => {
    expect(() => parseResources({})).toThrow(RESOURCE_FORMATS.join("\n  - "));
    expect(RESOURCE_FORMATS).toHaveLength(4);
  });
});
