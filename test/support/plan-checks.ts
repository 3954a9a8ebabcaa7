import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "vitest";
import type { Plan } from "../../programs/offline-plan/render-plan";
import { inputs, ofType } from "./plan-queries";

// Checks the blueprints with a network or Glue share beyond secure-defaults.ts: exact network
// rules and Glue defaults (msk-data-lake, serverless-streaming-pipeline).

/**
 * Ingress always names a security group (never a CIDR), one port — except the replies into
 * QuickSight's group, whose interfaces are not stateful (`admitReturnTraffic`); egress to a
 * CIDR is HTTPS only.
 */
export function expectExactNetworkRules(plan: Plan): void {
  const ingress = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
  expect(ofType(plan, "aws:ec2/securityGroup:SecurityGroup").length, "the plan has security groups to check").toBeGreaterThan(0);
  for (const rule of ingress) {
    expect(inputs(rule), rule.name).toMatchObject({ ipProtocol: "tcp", referencedSecurityGroupId: expect.any(String) });
    const quicksightReplies = ofType(plan, "aws:ec2/securityGroup:SecurityGroup").some((g) => g.name.endsWith("-quicksight-sg") && (rule.propertyDependencies["securityGroupId"] ?? []).includes(g.urn));
    if (quicksightReplies) expect(inputs(rule), rule.name).toMatchObject({ fromPort: 0, toPort: 65535 });
    else expect(inputs(rule).fromPort, rule.name).toBe(inputs(rule).toPort);
    expect(inputs(rule).cidrIpv4, rule.name).toBeUndefined();
    expect(inputs(rule).cidrIpv6, rule.name).toBeUndefined();
  }
  for (const rule of ofType(plan, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")) {
    expect(inputs(rule).ipProtocol, rule.name).toBe("tcp");
    if (inputs(rule).cidrIpv4 !== undefined) expect(inputs(rule), rule.name).toMatchObject({ fromPort: 443, toPort: 443 });
    else expect(inputs(rule).referencedSecurityGroupId, rule.name).toEqual(expect.any(String));
  }
  for (const group of ofType(plan, "aws:ec2/securityGroup:SecurityGroup")) {
    expect(inputs(group).ingress, `${group.name} has no inline rules`).toBeUndefined();
    expect(inputs(group).egress, `${group.name} has no inline rules`).toBeUndefined();
  }
}

/** Glue: security configuration on every job, Glue ≥ 4.0, the three encryption modes, encrypted scripts. */
export function expectGlueDefaults(plan: Plan, keyArn: string): void {
  const configurations = ofType(plan, "aws:glue/securityConfiguration:SecurityConfiguration");
  expect(configurations).toHaveLength(1);
  expect(inputs(configurations[0]!).encryptionConfiguration).toEqual({
    s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: keyArn },
    cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: keyArn },
    jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: keyArn },
  });
  const jobs = ofType(plan, "aws:glue/job:Job");
  expect(jobs.length).toBeGreaterThan(0);
  for (const job of jobs) {
    expect(job.propertyDependencies["securityConfiguration"], job.name).toContain(configurations[0]!.urn);
    expect(Number(inputs(job).glueVersion), job.name).toBeGreaterThanOrEqual(4);
    expect(inputs(job).defaultArguments["--job-bookmark-option"], job.name).toBe("job-bookmark-enable");
    // The script the job runs is an object the deployment uploads.
    const script = ofType(plan, "aws:s3/bucketObjectv2:BucketObjectv2").find((o) => job.dependencies.includes(o.urn));
    expect(script, `${job.name} runs an uploaded script`).toBeDefined();
    expect(inputs(job).command.scriptLocation).toMatch(new RegExp(`/${inputs(script!).key}$`));
  }
  for (const object of ofType(plan, "aws:s3/bucketObjectv2:BucketObjectv2")) {
    expect(inputs(object), object.name).toMatchObject({ serverSideEncryption: "aws:kms", kmsKeyId: keyArn });
  }
}

/** `python3 -m py_compile`, with bytecode kept out of the repository; throws on a syntax error. */
export function pyCompile(file: string): void {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "pycache-"));
  try {
    execFileSync("python3", ["-m", "py_compile", file], { env: { ...process.env, PYTHONPYCACHEPREFIX: cache }, stdio: "pipe" });
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}
