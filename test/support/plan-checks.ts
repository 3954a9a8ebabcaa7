import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "vitest";
import type { Plan, PlannedResource } from "../../../programs/offline-plan/render-plan";
import { asArray, ofType, policyStatements } from "../../support/plan-queries";

// Checks the streaming blueprints share beyond test/support/secure-defaults.ts: exact IAM,
// exact network rules, MSK and Glue defaults. The serverless-streaming-pipeline tests use
// them too.

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const inputs = (r: PlannedResource) => r.inputs as Inputs;

// Actions AWS offers no resource-level permission for, which can therefore only name "*":
// X-Ray writes, EC2 describes, and the network-interface calls Lambda, MSK pollers and
// QuickSight make in the VPC.
const RESOURCE_LESS = /^(xray:Put(TraceSegments|TelemetryRecords)|ec2:Describe[A-Za-z]+|ec2:(Create|Delete|ModifyNetworkInterfaceAttribute)NetworkInterface|ec2:ModifyNetworkInterfaceAttribute|ec2:(Assign|Unassign)PrivateIpAddresses)$/;

/**
 * No Allow statement uses a `*` action or a service-wide `service:*` action (the key
 * policy's account administration excepted); `*` resources only for actions that have no
 * resource-level permissions.
 */
export function expectExactIam(plan: Plan): void {
  const statements = policyStatements(plan);
  expect(statements.length).toBeGreaterThan(10);
  for (const { resource, statement } of statements) {
    if (statement.Effect !== "Allow") continue;
    const where = `${resource.name}: ${JSON.stringify(statement)}`;
    const actions = asArray(statement.Action);
    expect(actions.length, where).toBeGreaterThan(0);
    expect(actions, where).not.toContain("*");
    if (resource.type === "aws:kms/key:Key") continue;
    expect(actions.filter((a) => a.endsWith(":*")), where).toEqual([]);
    if (asArray(statement.Resource).includes("*")) {
      expect(actions.filter((a) => !RESOURCE_LESS.test(a)), where).toEqual([]);
    }
  }
}

/** Ingress always names a security group (never a CIDR); egress to a CIDR is HTTPS only. */
export function expectExactNetworkRules(plan: Plan): void {
  const ingress = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
  expect(ofType(plan, "aws:ec2/securityGroup:SecurityGroup").length, "the plan has security groups to check").toBeGreaterThan(0);
  for (const rule of ingress) {
    expect(inputs(rule), rule.name).toMatchObject({ ipProtocol: "tcp", referencedSecurityGroupId: expect.any(String) });
    expect(inputs(rule).fromPort, rule.name).toBe(inputs(rule).toPort);
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

/** The key every encrypted resource uses, as the offline plan names it. */
export function deploymentKeyArn(plan: Plan): string {
  const [key] = ofType(plan, "aws:kms/key:Key");
  return `arn:aws:kms:${plan.region}:000000000000:key/${key!.name}-key-id`;
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
