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
const unencryptedStream = [{ type: "aws:kinesis/stream:Stream", name: "clicks", props: { encryptionType: "NONE", shardCount: 1, tags: TAGS } }];

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
      expect(v).toEqual({ policy: "required-tags", category: "tagging", enforcementLevel: "mandatory", controls: expect.arrayContaining(["Kinesis.2"]), resource: { type: expect.any(String), name: expect.any(String) }, message: expect.stringContaining("missing required tag data-classification") });
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
    expect(stdout).toMatch(/MANDATORY {2}security {7}kinesis-stream-encrypted {2}clicks \(aws:kinesis\/stream:Stream\)/);
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
    expect(rule.properties).toMatchObject({ category: "security", tags: ["security", "Kinesis.1", "CKV_AWS_43", "CKV_AWS_185"] });
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

describe("slipstream check --resources: AWS's own limits (deployability rules)", () => {
  const KEY = "arn:aws:kms:us-east-1:000000000000:key/k";
  const QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:object-events";
  const FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:forwarder";
  const tooManyTags = { ...TAGS, a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7", h: "8" };
  // Every one passes the security and tagging controls; each breaks one AWS limit.
  const breaksLimits = [
    { type: "aws:lambda/function:Function", name: "forwarder", props: { arn: FUNCTION_ARN, runtime: "nodejs22.x", memorySize: 20_480, timeout: 120, kmsKeyArn: KEY, tracingConfig: { mode: "Active" }, tags: TAGS } },
    { type: "aws:sqs/queue:Queue", name: "object-events", props: { arn: QUEUE_ARN, kmsMasterKeyId: KEY, visibilityTimeoutSeconds: 60, tags: TAGS } },
    { type: "aws:lambda/eventSourceMapping:EventSourceMapping", name: "forwarder-source", props: { eventSourceArn: QUEUE_ARN, functionName: FUNCTION_ARN, batchSize: 10, tags: TAGS } },
    { type: "aws:kinesis/stream:Stream", name: "clicks", props: { encryptionType: "KMS", kmsKeyId: KEY, shardCount: 1, retentionPeriod: 9000, tags: TAGS } },
  ];
  const EXPECTED = [
    { policy: "lambda-function-limits", resource: "forwarder", field: "memorySize", document: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html" },
    { policy: "lambda-sqs-visibility-timeout", resource: "object-events", field: "visibilityTimeoutSeconds", document: "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html" },
    { policy: "kinesis-stream-limits", resource: "clicks", field: "retentionPeriod", document: "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html" },
  ];

  it("fails with exit 1 and names the rule, the AWS document and the field of each broken limit", async () => {
    const { code, stdout } = await run(["check", "--resources", tempJson(breaksLimits), "--format", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    const found = report.violations.map((v: { policy: string; category: string; resource: { name: string }; field: string; document: string }) => ({ policy: v.policy, category: v.category, resource: v.resource.name, field: v.field, document: v.document }));
    expect(found.sort((a: { policy: string }, b: { policy: string }) => a.policy.localeCompare(b.policy))).toEqual(
      EXPECTED.map((e) => ({ ...e, category: "deployability" })).sort((a, b) => a.policy.localeCompare(b.policy)),
    );
    expect(report.violations.find((v: { policy: string }) => v.policy === "lambda-sqs-visibility-timeout").message).toBe(
      "60 s is below the timeout of forwarder (120 s), which consumes it through forwarder-source: Lambda refuses the mapping. Use at least 720 s (6 x 120 + 0).",
    );
  });

  it("refuses an OpenSearch domain with more than 10 tags (deploy-review B5)", async () => {
    const domain = [{ type: "aws:opensearch/domain:Domain", name: "search", props: { domainName: "orders-search", tags: tooManyTags } }];
    const { stdout } = await run(["check", "--resources", tempJson(domain), "--format", "json"]);
    expect(JSON.parse(stdout).violations).toContainEqual(
      expect.objectContaining({ policy: "opensearch-tag-limit", category: "deployability", field: "tags", message: "11 tags; an OpenSearch domain takes at most 10.", document: "https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_AddTags.html" }),
    );
  });

  it("shows the category, field and document in the table and in SARIF", async () => {
    const file = tempJson(breaksLimits);
    const table = (await run(["check", "--resources", file, "--format", "table"])).stdout;
    expect(table).toMatch(/MANDATORY {2}deployability {2}lambda-function-limits +forwarder \(aws:lambda\/function:Function\)\n +memorySize: 20480 MB is outside AWS's range of 128 to 10240 MB\.\n +see https:\/\/docs\.aws\.amazon\.com\/lambda\/latest\/dg\/gettingstarted-limits\.html/);
    const [sarifRun] = JSON.parse((await run(["check", "--resources", file, "--format", "sarif"])).stdout).runs;
    const rule = sarifRun.tool.driver.rules.find((r: { id: string }) => r.id === "lambda-function-limits");
    expect(rule).toMatchObject({ helpUri: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html", properties: { category: "deployability", tags: ["deployability"] } });
    const result = sarifRun.results.find((r: { ruleId: string }) => r.ruleId === "lambda-function-limits");
    expect(result).toMatchObject({
      message: { text: "memorySize: 20480 MB is outside AWS's range of 128 to 10240 MB." },
      properties: { category: "deployability", field: "memorySize", document: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html" },
      partialFingerprints: { resource: "aws:lambda/function:Function::forwarder::memorySize" },
    });
  });

  it("passes with exit 0 when the pack config makes the broken rules advisory", async () => {
    const config = tempJson(Object.fromEntries(EXPECTED.map((e) => [e.policy, "advisory"])));
    const { code, stdout } = await run(["check", "--resources", tempJson(breaksLimits), "--config", config, "--format", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).violations.map((v: { enforcementLevel: string }) => v.enforcementLevel)).toEqual(["advisory", "advisory", "advisory"]);
  });
});
