import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { catalogue } from "../../blueprints/catalogue";
import { slipstreamPolicies } from "../../policies/all-policies";
import { run, tempJson as tempFile } from "../support/cli";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "slipstream.js");
const example = (id: string) => path.join(catalogue.get(id)!.directory, "example.json");

const tempJson = (value: unknown) => tempFile(value, "input.json");

const TAGS = { owner: "data-platform", "cost-center": "cc-1", environment: "dev" };
const unencryptedStream = [{ type: "aws:kinesis/stream:Stream", name: "clicks", props: { encryptionType: "NONE", tags: TAGS } }];

describe("slipstream check <blueprint>", () => {
  it.each([...catalogue.keys()])("passes the %s example", async (id) => {
    const { code, stdout } = await run(["check", id, "--request", example(id), "--format", "json"]);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ passed: true, violations: [], evaluated: { policies: slipstreamPolicies.length } });
    expect(code).toBe(0);
  });

  it("fails with exit 1 when the request drops a tag the pack config requires", async () => {
    const config = tempJson({ all: "mandatory", "required-tags": { requiredKeys: ["owner", "cost-center", "environment", "data-classification"] } });
    const { code, stdout } = await run(["check", "dynamodb-search", "--request", example("dynamodb-search"), "--config", config, "--format", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.passed).toBe(false);
    expect(report.violations.length).toBeGreaterThan(5);
    for (const v of report.violations) {
      expect(v).toEqual({ policy: "required-tags", enforcementLevel: "mandatory", controls: expect.arrayContaining(["Kinesis.2"]), resource: { type: expect.any(String), name: expect.any(String) }, message: expect.stringContaining("missing required tag data-classification") });
    }
  });

  it("exits 2 when a request tries to switch encryption off: no schema offers the choice", async () => {
    for (const id of catalogue.keys()) {
      const request = JSON.parse(fs.readFileSync(example(id), "utf8"));
      const { code, stderr } = await run(["check", id, "--request", tempJson({ ...request, params: { ...request.params, encryption: false } }), "--format", "json"]);
      expect(code, id).toBe(2);
      expect(stderr, id).toContain("params");
    }
  });

  it("prints a table with the exemptions and the verdict", async () => {
    const { code, stdout } = await run(["check", "access-log-analytics", "--request", example("access-log-analytics")]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NOT APPLICABLE$/m);
    expect(stdout).toMatch(/s3-bucket-encrypted-with-kms {2}example-access-logs \(aws:s3\/bucket:Bucket\): the target bucket of S3 server access logging/);
    expect(stdout).toMatch(/^PASSED: 0 mandatory and 0 advisory violations; \d+ policies on \d+ resources$/m);
  });
});

describe("slipstream check --resources", () => {
  it("fails with exit 1 on a mandatory violation and lists it", async () => {
    const { code, stdout } = await run(["check", "--resources", tempJson(unencryptedStream), "--format", "table"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/MANDATORY {2}kinesis-stream-encrypted {2}clicks \(aws:kinesis\/stream:Stream\)/);
    expect(stdout).toMatch(/^FAILED: 1 mandatory and 0 advisory violations/m);
  });

  it("passes with exit 0 when the config makes the policy advisory", async () => {
    const { code, stdout } = await run(["check", "--resources", tempJson(unencryptedStream), "--config", tempJson({ "kinesis-stream-encrypted": "advisory" }), "--format", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).violations).toEqual([expect.objectContaining({ policy: "kinesis-stream-encrypted", enforcementLevel: "advisory" })]);
  });

  it("checks an offline plan with one field changed", async () => {
    const plan = JSON.parse((await run(["plan", "access-log-analytics", "--request", example("access-log-analytics"), "--format", "json"])).stdout);
    const queue = plan.resources.find((r: { type: string }) => r.type === "aws:sqs/queue:Queue");
    delete queue.inputs.kmsMasterKeyId;
    const { code, stdout } = await run(["check", "--resources", tempJson(plan), "--format", "json"]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).violations).toEqual([expect.objectContaining({ policy: "sqs-queue-encrypted", resource: { type: "aws:sqs/queue:Queue", name: queue.name } })]);
  });

  it("prints SARIF 2.1.0 with one rule per policy and results that point at the input", async () => {
    const file = tempJson(unencryptedStream);
    const { code, stdout } = await run(["check", "--resources", file, "--format", "sarif"]);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const [runResult] = sarif.runs;
    expect(runResult.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(slipstreamPolicies.map((p) => p.name));
    const rule = runResult.tool.driver.rules.find((r: { id: string }) => r.id === "kinesis-stream-encrypted");
    expect(rule.properties.tags).toEqual(["Kinesis.1", "CKV_AWS_43", "CKV_AWS_185"]);
    expect(rule.help.text).toContain("encryptionType");
    const failures = runResult.results.filter((r: { kind: string }) => r.kind === "fail");
    expect(failures).toEqual([
      expect.objectContaining({
        ruleId: "kinesis-stream-encrypted",
        ruleIndex: slipstreamPolicies.findIndex((p) => p.name === "kinesis-stream-encrypted"),
        level: "error",
        message: { text: 'Stream clicks has encryptionType "NONE"; it must be "KMS".' },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: path.relative(process.cwd(), file).split(path.sep).join("/") }, region: { startLine: 1 } },
            logicalLocations: [{ name: "clicks", fullyQualifiedName: "aws:kinesis/stream:Stream::clicks", kind: "resource" }],
          },
        ],
      }),
    ]);
  });

  it.each([
    [["check"], "usage: slipstream check"],
    [["check", "dynamodb-search"], "--request is required"],
    [["check", "--request", "x.json"], "--request needs a blueprint"],
    [["check", "dynamodb-search", "--request", "x.json", "--resources", "y.json"], "not both"],
    [["check", "--resources", "/nonexistent.json"], "cannot read"],
    [["check", "--resources", "FILE:{ not json"], "is not valid JSON"],
    [["check", "--resources", "FILE:{}"], "expected one of:"],
    [["check", "--resources", "FILE:[]", "--format", "xml"], "--format must be one of json, table, sarif"],
    [["check", "--resources", "FILE:[]", "--config", 'FILE:{"no-such-policy":"mandatory"}'], 'unknown policy "no-such-policy"'],
    [["check", "no-such-blueprint", "--request", 'FILE:{}'], 'unknown blueprint "no-such-blueprint"'],
  ])("exits 2 on bad input: %j", async (argv, message) => {
    const args = argv.map((a) => (a.startsWith("FILE:") ? tempJson(a.slice(5)) : a));
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("sets the process exit code through the real binary", async () => {
    const exec = promisify(execFile);
    const failing = await exec(process.execPath, [BIN, "check", "--resources", tempJson(unencryptedStream), "--format", "json"], { cwd: ROOT }).then(
      () => ({ code: 0, stdout: "" }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(failing.code).toBe(1);
    expect(JSON.parse(failing.stdout).passed).toBe(false);
  });
});
