import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { accountContext } from "../../../blueprints/building-blocks/account";
import { SecureBucket } from "../../../blueprints/building-blocks/bucket";
import { GlueJob, type GlueJobArgs } from "../../../blueprints/building-blocks/glue-job";
import { consumerGroupIdFor, isConsumerGroupId } from "../../../blueprints/building-blocks/kafka-consumer-group";
import { KAFKA_EVENT_SOURCE_DEFAULTS } from "../../../blueprints/building-blocks/kafka-defaults";
import { kafkaEventSource } from "../../../blueprints/building-blocks/kafka-event-source";
import { SecureFunction } from "../../../blueprints/building-blocks/lambda-function";
import { kafkaConsumerStatements } from "../../../blueprints/building-blocks/msk-access";
import { hasTopicApis, MskCluster, partitionLoadIssue } from "../../../blueprints/building-blocks/msk-cluster";
import { Network } from "../../../blueprints/building-blocks/network";
import { admitReturnTraffic, allowSelf, allowTcp, securityGroup } from "../../../blueprints/building-blocks/security-group";
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
  it("lets a group admit itself on one port (the MSK pollers' rule), also a group the caller runs", async () => {
    const resources = await render((host) => allowSelf("self", { group: { id: "sg-0123456789abcdef0" }, port: 9098, description: "pollers", tags: TAGS }, { parent: host }));
    const ingress = one(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    const egress = one(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
    for (const rule of [ingress, egress]) expect(inputs(rule)).toMatchObject({ securityGroupId: "sg-0123456789abcdef0", referencedSecurityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 9098, toPort: 9098 });
  });
  it("admits a group's replies on every TCP port, from that group only (QuickSight's interfaces are not stateful)", async () => {
    const resources = await render((host) => {
      const qs = securityGroup("qs", { vpcId: "vpc-1", description: "qs", tags: TAGS }, { parent: host });
      const wh = securityGroup("wh", { vpcId: "vpc-1", description: "wh", tags: TAGS }, { parent: host });
      admitReturnTraffic("wh-to-qs", { from: wh, to: qs, description: "replies", tags: TAGS }, { parent: host });
    });
    const rule = one(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(inputs(rule)).toMatchObject({ ipProtocol: "tcp", fromPort: 0, toPort: 65535 });
    expect(inputs(rule).cidrIpv4).toBeUndefined();
    expect(wiredTo(rule, "securityGroupId", one(resources, "aws:ec2/securityGroup:SecurityGroup", "qs"))).toBe(true);
    expect(wiredTo(rule, "referencedSecurityGroupId", one(resources, "aws:ec2/securityGroup:SecurityGroup", "wh"))).toBe(true);
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
  it("creates the topics on a provisioned cluster, replicated to every zone, and turns auto-creation off", async () => {
    const resources = await render((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 3, topics: { names: ["orders", "clicks"], partitions: 12 } }, { parent: host }));
    const cluster = one(resources, "aws:msk/cluster:Cluster");
    const topics = ofType(resources, "aws:msk/topic:Topic");
    expect(topics.map((t) => inputs(t))).toEqual([
      { clusterArn: "arn:aws:kafka:us-east-1:000000000000:cluster/d-kafka/k-uuid", name: "orders", partitionCount: 12, replicationFactor: 3 },
      { clusterArn: "arn:aws:kafka:us-east-1:000000000000:cluster/d-kafka/k-uuid", name: "clicks", partitionCount: 12, replicationFactor: 3 },
    ]);
    for (const topic of topics) expect(wiredTo(topic, "clusterArn", cluster)).toBe(true);
    expect(inputs(one(resources, "aws:msk/configuration:Configuration")).serverProperties).toContain("auto.create.topics.enable=false");
  });
  it("defaults partitions and keeps auto-creation when it creates no topics", async () => {
    const resources = await render((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 2, topics: { names: ["t"] } }, { parent: host }));
    expect(inputs(one(resources, "aws:msk/topic:Topic"))).toMatchObject({ partitionCount: 6, replicationFactor: 2 });
    const bare = await render((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 3 }, { parent: host }));
    expect(ofType(bare, "aws:msk/topic:Topic")).toHaveLength(0);
    expect(inputs(one(bare, "aws:msk/configuration:Configuration")).serverProperties).toContain("auto.create.topics.enable=true");
  });
  it("names its broker log group under /aws/vendedlogs/ (the account's vended-logs resource policy stays small)", async () => {
    const resources = await render((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 3 }, { parent: host }));
    const logs = one(resources, "aws:cloudwatch/logGroup:LogGroup", "broker-logs");
    expect(inputs(logs).name).toBe("/aws/vendedlogs/slipstream/d-kafka/broker-logs");
    expect(wiredTo(one(resources, "aws:msk/cluster:Cluster"), "loggingInfo", logs)).toBe(true);
  });
  it("leaves MSK Serverless topics to the caller and says which", async () => {
    let cluster: MskCluster | undefined;
    const resources = await render((host) => (cluster = new MskCluster("k", { ...base, mode: "serverless", subnetCount: 3, topics: { names: ["orders"] } }, { parent: host })));
    expect(ofType(resources, "aws:msk/topic:Topic")).toHaveLength(0);
    expect(cluster!.topicsToCreate).toEqual(["orders"]);
  });
  it("knows which Kafka versions have MSK's topic APIs (3.6.0 and later)", () => {
    expect(["3.6.0", "3.7.x", "3.8.x", "4.0.x"].map(hasTopicApis)).toEqual([true, true, true, true]);
    expect(["2.8.1", "3.5.1"].map(hasTopicApis)).toEqual([false, false]);
  });
  it("refuses topics below Kafka 3.6 and names that are not Kafka topic names", async () => {
    await fails((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 3, kafkaVersion: "3.5.1", topics: { names: ["t"] } }, { parent: host }), "needs Kafka 3.6.0 or later");
    await fails((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 3, topics: { names: ["a/b"] } }, { parent: host }), 'topic "a/b" is not a Kafka topic name');
    await fails((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 3, topics: { names: ["t"], partitions: 0 } }, { parent: host }), "`topics.partitions`");
  });
  it("refuses more partitions per broker than MSK recommends for the broker type", async () => {
    const names = Array.from({ length: 20 }, (_, i) => `t${i}`);
    // 20 × 16 × 3 replicas over 3 kafka.t3.small brokers: 320 each, above MSK's 300.
    await fails((host) => new MskCluster("k", { ...base, mode: "provisioned", subnetCount: 3, topics: { names, partitions: 16 } }, { parent: host }), "MSK recommends at most 300");
    expect(partitionLoadIssue({ instanceType: "kafka.t3.small", brokers: 3, topics: 20, partitions: 15, replicationFactor: 3 })).toBeUndefined();
    expect(partitionLoadIssue({ instanceType: "kafka.m7g.large", brokers: 6, topics: 20, partitions: 100, replicationFactor: 3 })).toBeUndefined();
    expect(partitionLoadIssue({ instanceType: "kafka.m7g.large", brokers: 3, topics: 20, partitions: 100, replicationFactor: 3 })).toContain("2000 partitions on each of 3 kafka.m7g.large brokers; MSK recommends at most 1000");
    expect(partitionLoadIssue({ instanceType: "kafka.unknown", brokers: 1, topics: 20, partitions: 1000, replicationFactor: 1 })).toBeUndefined();
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
    kafkaEventSource("src", { function: withFunction(host), clusterArn: "arn:aws:kafka:us-east-1:0:cluster/c/u", topic: "t", consumerGroup: "g", onFailureDestinationArn: "arn:aws:sqs:us-east-1:0:q", tags: TAGS, ...overrides }, { parent: host });

  it("joins its own consumer group, <group>-<topic>, with the defaults the schemas show", async () => {
    const resources = await render((host) => source(host, {}));
    expect(inputs(one(resources, "aws:lambda/eventSourceMapping:EventSourceMapping"))).toMatchObject({
      topics: ["t"],
      amazonManagedKafkaEventSourceConfig: { consumerGroupId: "g-t" },
      startingPosition: KAFKA_EVENT_SOURCE_DEFAULTS.startingPosition,
      batchSize: KAFKA_EVENT_SOURCE_DEFAULTS.batchSize,
      maximumBatchingWindowInSeconds: KAFKA_EVENT_SOURCE_DEFAULTS.maximumBatchingWindowInSeconds,
      maximumRetryAttempts: KAFKA_EVENT_SOURCE_DEFAULTS.maximumRetryAttempts,
      maximumRecordAgeInSeconds: KAFKA_EVENT_SOURCE_DEFAULTS.maximumRecordAgeSeconds,
      provisionedPollerConfig: { minimumPollers: KAFKA_EVENT_SOURCE_DEFAULTS.minimumPollers, maximumPollers: KAFKA_EVENT_SOURCE_DEFAULTS.maximumPollers },
      functionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  it("refuses pollers, retries, batch sizes, windows and group names out of Lambda's bounds", async () => {
    await fails((host) => source(host, { pollers: { minimum: 3, maximum: 2 } }), "`pollers`");
    await fails((host) => source(host, { maximumRetryAttempts: -1 }), "`maximumRetryAttempts`");
    await fails((host) => source(host, { batchSize: 10_001 }), "`batchSize` must be 1-10000");
    await fails((host) => source(host, { maximumBatchingWindowInSeconds: 301 }), "`maximumBatchingWindowInSeconds` must be 0-300");
    await fails((host) => source(host, { consumerGroup: "no spaces" }), 'consumer group "no spaces-t"');
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

describe("consumer groups", () => {
  it("gives every mapping its own group, <group>-<topic>", () => {
    expect(consumerGroupIdFor("data-lake-ingest", "orders")).toBe("data-lake-ingest-orders");
    expect(consumerGroupIdFor("g", "clickstream")).not.toBe(consumerGroupIdFor("g", "orders"));
  });

  it("hashes names longer than Lambda's 200 characters, still distinct for topics sharing a long prefix", () => {
    const group = "g".repeat(200);
    const a = consumerGroupIdFor(group, `${"t".repeat(240)}-a`);
    const b = consumerGroupIdFor(group, `${"t".repeat(240)}-b`);
    for (const id of [a, b]) {
      expect(id).toHaveLength(200);
      expect(isConsumerGroupId(id)).toBe(true);
    }
    expect(a).not.toBe(b);
    expect(consumerGroupIdFor(group, "x")).toBe(consumerGroupIdFor(group, "x"));
  });

  it("accepts what Lambda's pattern accepts and nothing else", () => {
    expect(["a", "a.b_c-d", "a/b*c:d+e=f@g", "x".repeat(200)].every(isConsumerGroupId)).toBe(true);
    expect(["", "no spaces", "x".repeat(201), "ä"].some(isConsumerGroupId)).toBe(false);
  });

  it("grants group actions on every mapping's own group", async () => {
    const statements = kafkaConsumerStatements({ arn: "arn:aws:kafka:us-east-1:0:cluster/c/u" }, ["a", "b"], "g");
    const commit = statements.find((s) => s.Sid === "CommitOffsets")!;
    const resources = await new Promise<string[]>((resolve) => pulumi.output(commit.Resource).apply(resolve));
    expect(commit.Action).toEqual(["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]);
    expect(resources).toEqual(["arn:aws:kafka:us-east-1:0:group/c/u/g-a", "arn:aws:kafka:us-east-1:0:group/c/u/g-b"]);
  });
});
