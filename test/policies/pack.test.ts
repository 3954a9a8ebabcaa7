import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PACK_NAME, slipstreamPolicies } from "../../policies/all-policies";
import { controlIds } from "../../policies/lib/slipstream-policy";

const POLICIES_DIR = path.resolve(__dirname, "..", "..", "policies");
const ROOT_PACKAGE = JSON.parse(fs.readFileSync(path.resolve(POLICIES_DIR, "..", "package.json"), "utf8"));

describe("the policy pack", () => {
  it("lists every deployability rule in the README with its document", () => {
    const readme = fs.readFileSync(path.join(POLICIES_DIR, "README.md"), "utf8");
    for (const policy of slipstreamPolicies.filter((p) => p.category === "deployability")) expect(readme, policy.name).toContain(`| \`${policy.name}\` |`);
    for (const policy of slipstreamPolicies.filter((p) => p.category === "deployability")) expect(readme, policy.name).toContain(`(${policy.url})`);
  });

  it("puts every policy in a category: the controls.md rows, the tagging standard, AWS's own rules", () => {
    const categories = slipstreamPolicies.map((p) => p.category);
    expect(new Set(categories)).toEqual(new Set(["security", "tagging", "deployability"]));
    expect(slipstreamPolicies.filter((p) => p.category === "tagging").map((p) => p.name)).toEqual(["required-tags"]);
  });

  it("is a standard pack: PulumiPolicy.yaml, a versioned package.json and an entry", () => {
    expect(fs.readFileSync(path.join(POLICIES_DIR, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8"));
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(fs.existsSync(path.join(POLICIES_DIR, pkg.main))).toBe(true);
    // The same versions the root installs, so the root's node_modules serve the pack.
    expect(pkg.dependencies).toEqual({ "@pulumi/policy": ROOT_PACKAGE.dependencies["@pulumi/policy"], "@pulumi/pulumi": ROOT_PACKAGE.dependencies["@pulumi/pulumi"] });
    expect(PACK_NAME).toMatch(/^[a-zA-Z0-9-_.]{1,100}$/);
  });

  it("constructs the PolicyPack in its entry only", () => {
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
    const constructing = sources(POLICIES_DIR).filter((file) => /new PolicyPack\(/.test(fs.readFileSync(file, "utf8")));
    expect(constructing.map((f) => path.relative(POLICIES_DIR, f))).toEqual(["index.ts"]);
  });

  it("names each policy once, in kebab-case, mandatory by default, with a category, controls or its AWS document, description and remediation", () => {
    const names = slipstreamPolicies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const policy of slipstreamPolicies) {
      expect(policy.name, policy.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(policy.name).not.toBe("all");
      expect(policy.enforcementLevel, policy.name).toBe("mandatory");
      expect(policy.description.length, policy.name).toBeGreaterThan(20);
      expect(policy.remediationSteps.length, policy.name).toBeGreaterThan(10);
      for (const id of policy.controls.securityHub) expect(id, policy.name).toMatch(/^[A-Za-z0-9]+\.\d+$/);
      for (const id of policy.controls.checkov) expect(id, policy.name).toMatch(/^CKV2?_AWS_\d+$/);
      expect(policy.tags, policy.name).toEqual(expect.arrayContaining(policy.controls.checkov.map((id) => `checkov:${id}`)));
      expect(policy.category, policy.name).toMatch(/^(security|tagging|deployability)$/);
      expect(policy.tags?.[0], policy.name).toBe(policy.category);
      if (policy.category === "deployability") {
        // A deployability rule names the AWS document it comes from instead of a control catalogue.
        expect(policy.url, policy.name).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
        expect(controlIds(policy.controls), policy.name).toEqual([]);
      } else if (policy.name !== "flink-application-encrypted") {
        // controls.md names no control for Managed Flink's CMK row.
        expect(controlIds(policy.controls).length, policy.name).toBeGreaterThan(0);
      }
      // The analyzer refuses these in a config schema.
      expect(Object.keys(policy.configSchema?.properties ?? {})).not.toContain("enforcementLevel");
    }
  });

  it("covers the controls.md rows of every resource type the blueprints create", () => {
    const controls = slipstreamPolicies.filter((p) => p.category === "security");
    const byResourcePolicy = CONTROLLED_TYPES.filter((type) => controls.some((p) => "appliesTo" in p && p.appliesTo(type)));
    // Buckets are checked by stack policies: their configuration lives in separate resources.
    const stackPolicies = controls.filter((p) => "validateStack" in p).map((p) => p.name);
    expect(stackPolicies).toEqual(["s3-bucket-encrypted-with-kms", "s3-bucket-public-access-blocked", "s3-bucket-tls-only", "s3-bucket-versioning"]);
    expect([...byResourcePolicy, "aws:s3/bucket:Bucket"].sort()).toEqual([...CONTROLLED_TYPES].sort());
  });
});

// The Pulumi types controls.md has rows for.
const CONTROLLED_TYPES = [
  "aws:kinesis/stream:Stream",
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  "aws:msk/cluster:Cluster",
  "aws:glue/job:Job",
  "aws:glue/securityConfiguration:SecurityConfiguration",
  "aws:dynamodb/table:Table",
  "aws:opensearch/domain:Domain",
  "aws:s3/bucket:Bucket",
  "aws:sqs/queue:Queue",
  "aws:sns/topic:Topic",
  "aws:lambda/function:Function",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:kms/key:Key",
  "aws:redshiftserverless/namespace:Namespace",
  "aws:redshift/cluster:Cluster",
  "aws:kinesisanalyticsv2/application:Application",
];
