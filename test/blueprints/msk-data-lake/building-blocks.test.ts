import { describe, expect, it } from "vitest";
import { accountContext } from "../../../blueprints/building-blocks/account";
import { SecureBucket } from "../../../blueprints/building-blocks/bucket";
import { GlueJob, type GlueJobArgs } from "../../../blueprints/building-blocks/glue-job";
import { kafkaEventSource } from "../../../blueprints/building-blocks/kafka-event-source";
import { SecureFunction } from "../../../blueprints/building-blocks/lambda-function";
import { MskCluster } from "../../../blueprints/building-blocks/msk-cluster";
import { Network } from "../../../blueprints/building-blocks/network";
import { allowTcp, securityGroup } from "../../../blueprints/building-blocks/security-group";
import { failsInHost, renderInHost, type Host } from "../../support/component-host";
import { inputs, one, ofType, wiredTo } from "../../support/plan-queries";

// The building blocks this blueprint added, used on their own: defaults, the caller's own
// resource, and each invalid combination with its message.

const TAGS = { owner: "o", "cost-center": "c", environment: "dev" };
const KEY = "arn:aws:kms:us-east-1:000000000000:key/k";

const render = renderInHost;
const fails = failsInHost;

describe("Network", () => {
  it("creates an awsx VPC with three zones and one NAT gateway by default", async () => {
    const resources = await render((host) => new Network("net", { tags: TAGS }, { parent: host }));
    expect(inputs(one(resources, "awsx:ec2:Vpc"))).toMatchObject({ cidrBlock: "10.0.0.0/16", numberOfAvailabilityZones: 3, natGateways: { strategy: "Single" }, tags: TAGS });
  });
  it("merges the caller's args over the defaults", async () => {
    const resources = await render((host) => new Network("net", { tags: TAGS, vpc: { args: { availabilityZones: 2, natGateways: "OnePerAz" } } }, { parent: host }));
    expect(inputs(one(resources, "awsx:ec2:Vpc"))).toMatchObject({ numberOfAvailabilityZones: 2, natGateways: { strategy: "OnePerAz" } });
  });
  it("uses an existing VPC without creating anything", async () => {
    let network: Network | undefined;
    const resources = await render((host) => (network = new Network("net", { tags: TAGS, vpc: { existing: { vpcId: "vpc-1", privateSubnetIds: ["subnet-1", "subnet-2"] } } }, { parent: host })));
    expect(ofType(resources, "awsx:ec2:Vpc")).toHaveLength(0);
    expect(network!.privateSubnetCount).toBe(2);
  });
  it("refuses skip, two choices at once, no subnets and one zone", async () => {
    await fails((host) => new Network("net", { tags: TAGS, vpc: { skip: true } }, { parent: host }), "`vpc.skip` is not supported");
    await fails((host) => new Network("net", { tags: TAGS, vpc: { existing: { vpcId: "vpc-1", privateSubnetIds: ["s"] }, args: {} } }, { parent: host }), "only one of `skip`, `existing` and `args` may be set on `vpc`");
    await fails((host) => new Network("net", { tags: TAGS, vpc: { existing: { vpcId: "vpc-1", privateSubnetIds: [] } } }, { parent: host }), "`vpc.existing.privateSubnetIds` must not be empty");
    await fails((host) => new Network("net", { tags: TAGS, vpc: { args: { availabilityZones: 1 } } }, { parent: host }), "`vpc.args.availabilityZones` must be 2-6");
  });
});

describe("security groups", () => {
  it("opens one port from one group to another, in both directions' rules", async () => {
    const resources = await render((host) => {
      const a = securityGroup("a", { vpcId: "vpc-1", description: "a", tags: TAGS }, { parent: host });
      const b = securityGroup("b", { vpcId: "vpc-1", description: "b", tags: TAGS }, { parent: host });
      allowTcp("a-to-b", { from: a, to: b, port: 9098, description: "a to b", tags: TAGS }, { parent: host });
    });
    const [a, b] = ofType(resources, "aws:ec2/securityGroup:SecurityGroup");
    const ingress = one(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    const egress = one(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
    expect(wiredTo(ingress, "securityGroupId", b!) && wiredTo(ingress, "referencedSecurityGroupId", a!)).toBe(true);
    expect(wiredTo(egress, "securityGroupId", a!) && wiredTo(egress, "referencedSecurityGroupId", b!)).toBe(true);
    expect(inputs(ingress)).toMatchObject({ ipProtocol: "tcp", fromPort: 9098, toPort: 9098 });
  });
  it("refuses a port outside 1-65535", async () => {
    await fails((host) => {
      const a = securityGroup("a", { vpcId: "vpc-1", description: "a", tags: TAGS }, { parent: host });
      allowTcp("bad", { from: a, to: a, port: 0, description: "x", tags: TAGS }, { parent: host });
    }, "`port` must be 1-65535");
  });
});

describe("MskCluster", () => {
  const base = { deployment: "d", kmsKeyArn: KEY, tags: TAGS, logRetentionDays: 365, subnetIds: ["s1", "s2", "s3"], securityGroupIds: ["sg-1"] };
  it("sizes brokers per subnet", async () => {
    const resources = await render((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 3, brokers: { instanceType: "kafka.m7g.large", perSubnet: 2, volumeGiB: 10 } }, { parent: host }));
    expect(inputs(one(resources, "aws:msk/cluster:Cluster")).numberOfBrokerNodes).toBe(6);
    expect(inputs(one(resources, "aws:msk/configuration:Configuration")).serverProperties).toContain("min.insync.replicas=2");
  });
  it("refuses a provisioned cluster over more than three subnets, and zero brokers", async () => {
    await fails((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 4 }, { parent: host }), "spans 2 or 3 subnets, got 4");
    await fails((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 3, brokers: { instanceType: "kafka.t3.small", perSubnet: 0, volumeGiB: 10 } }, { parent: host }), "`brokers.perSubnet`");
  });
});

describe("kafkaEventSource and GlueJob", () => {
  const withFunction = (host: Host) =>
    new SecureFunction(
      "fn",
      { entry: require.resolve("../../../blueprints/msk-data-lake/functions/msk-consumer/handler.ts"), description: "d", account: accountContext(host), kmsKeyArn: KEY, tags: TAGS, logRetentionDays: 365, statements: [] },
      { parent: host },
    );
  const source = (host: Host, overrides: Partial<Parameters<typeof kafkaEventSource>[1]>) =>
    kafkaEventSource("src", { function: withFunction(host), clusterArn: "arn:aws:kafka:us-east-1:0:cluster/c/u", topic: "t", consumerGroupId: "g", onFailureDestinationArn: "arn:aws:sqs:us-east-1:0:q", tags: TAGS, ...overrides }, { parent: host });

  it("refuses pollers, retries and group ids out of bounds", async () => {
    await fails((host) => source(host, { pollers: { minimum: 3, maximum: 2 } }), "`pollers`");
    await fails((host) => source(host, { maximumRetryAttempts: -1 }), "`maximumRetryAttempts`");
    await fails((host) => source(host, { consumerGroupId: "no spaces" }), "`consumerGroupId`");
  });

  const job = (host: Host, overrides: Partial<GlueJobArgs>) => {
    const bucket = new SecureBucket("scripts", { purpose: "data", kmsKeyArn: KEY, tags: TAGS, forceDestroy: true }, { parent: host });
    return new GlueJob(
      "job",
      { account: accountContext(host), kmsKeyArn: KEY, tags: TAGS, kind: "glueetl", glueVersion: "5.0", script: { key: "a.py", content: "print(1)\n" }, scriptsBucket: bucket, securityConfiguration: "sc", arguments: {}, statements: [], ...overrides },
      { parent: host },
    );
  };
  it("refuses Glue versions below 4.0 and schedules that are not cron(...)", async () => {
    await fails((host) => job(host, { glueVersion: "3.0" as never }), "`glueVersion` must be one of 4.0, 5.0");
    await fails((host) => job(host, { schedule: "rate(1 hour)" }), "`schedule` must be a Glue cron(...) expression");
  });
  it("gives a streaming job no timeout and no retries", async () => {
    const resources = await render((host) => job(host, { kind: "gluestreaming", glueVersion: "4.0" }));
    expect(inputs(one(resources, "aws:glue/job:Job"))).toMatchObject({ command: { name: "gluestreaming" }, maxRetries: 0 });
    expect(inputs(one(resources, "aws:glue/job:Job")).timeout).toBeUndefined();
    expect(ofType(resources, "aws:glue/trigger:Trigger")).toHaveLength(0);
  });
});
