import { beforeAll, describe, expect, it } from "vitest";
import { buildArchitectureGraph, type ArchitectureGraph } from "../../../blueprints/diagram/architecture-graph";
import type { Plan, PlannedResource } from "../../../programs/offline-plan/render-plan";
import { BLUEPRINTS, examplePlan } from "./example-plans";

const urn = (type: string, name: string) => `urn:pulumi:dev::slipstream::${type}::${name}`;

function resource(type: string, name: string, parent: string | null, propertyDependencies: Record<string, string[]> = {}, component = false): PlannedResource {
  return { type, name, urn: urn(type, name), parent, component, inputs: {}, dependencies: Object.values(propertyDependencies).flat(), propertyDependencies };
}

/** The node whose label is `label` (names are unique within a plan). */
function idOf(graph: ArchitectureGraph, label: string): string {
  const node = graph.nodes.find((n) => n.label === label);
  if (!node) throw new Error(`no node ${label}`);
  return node.id;
}

function hasPath(graph: ArchitectureGraph, labels: string[]): boolean {
  return labels.slice(1).every((to, i) => graph.edges.some((e) => e.from === idOf(graph, labels[i]!) && e.to === idOf(graph, to)));
}

describe("buildArchitectureGraph on a hand-made plan", () => {
  it("draws a remote component, which registers nothing under it, as a node", () => {
    const root = resource("slipstream:blueprints:Demo", "demo", null, {}, true);
    const vpc = resource("awsx:ec2:Vpc", "demo-vpc", root.urn, {}, true);
    const graph = buildArchitectureGraph({ blueprint: "demo", deployment: "demo", region: "us-east-1", resources: [root, vpc] });
    expect(graph.groups.map((g) => g.id)).toEqual([root.urn]);
    expect(graph.nodes).toEqual([{ id: vpc.urn, label: "demo-vpc", type: "awsx:ec2:Vpc", service: "vpc", group: root.urn, plumbing: true }]);
  });

  const root = resource("slipstream:blueprints:Demo", "demo", null, {}, true);
  const delivery = resource("slipstream:building-blocks:DeliveryStream", "demo-delivery", root.urn, {}, true);
  const stream = resource("aws:kinesis/stream:Stream", "demo-stream", root.urn);
  const bucket = resource("aws:s3/bucket:Bucket", "demo-lake", root.urn);
  const role = resource("aws:iam/role:Role", "demo-role", delivery.urn);
  const firehose = resource("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "demo-firehose", delivery.urn, {
    kinesisSourceConfiguration: [stream.urn, role.urn],
    extendedS3Configuration: [bucket.urn, role.urn],
  });
  // Ordered after the stream only: a dependency that no property was built from is no data flow.
  const unrelated = { ...resource("aws:sqs/queue:Queue", "demo-queue", root.urn), dependencies: [stream.urn] };
  const plan: Plan = { blueprint: "demo", deployment: "demo", region: "us-east-1", resources: [root, delivery, stream, bucket, role, firehose, unrelated] };
  const graph = buildArchitectureGraph(plan);

  it("places every cloud resource once, in the component that owns it", () => {
    expect(graph.nodes.map((n) => n.label).sort()).toEqual(["demo-firehose", "demo-lake", "demo-queue", "demo-role", "demo-stream"]);
    expect(graph.nodes.find((n) => n.label === "demo-firehose")).toMatchObject({ group: delivery.urn, service: "firehose", plumbing: false });
    expect(graph.nodes.find((n) => n.label === "demo-role")).toMatchObject({ group: delivery.urn, service: "iam", plumbing: true });
    expect(graph.groups).toEqual([{ id: root.urn, label: "demo" }, { id: delivery.urn, label: "demo-delivery", parent: root.urn }]);
  });

  it("draws edges from references, in the direction data flows, and none to plumbing", () => {
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: stream.urn, to: firehose.urn }, { from: firehose.urn, to: bucket.urn }]));
    expect(graph.edges).toHaveLength(2);
    expect(graph.edges.some((e) => e.from === role.urn || e.to === role.urn)).toBe(false);
  });
});

describe.each(BLUEPRINTS)("the %s example's architecture", (id) => {
  let plan: Plan;
  let graph: ArchitectureGraph;
  beforeAll(async () => {
    plan = await examplePlan(id);
    graph = buildArchitectureGraph(plan);
  }, 120_000);

  it("places every cloud resource exactly once, under its parent component", () => {
    // A remote component (awsx's Vpc) has nothing registered under it: it stands for its resources.
    const parents = new Set(plan.resources.map((r) => r.parent));
    const cloud = plan.resources.filter((r) => !r.component || !parents.has(r.urn));
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(cloud.map((r) => r.urn).sort());
    for (const r of cloud) expect(graph.nodes.find((n) => n.id === r.urn)?.group).toBe(r.parent);
    expect(graph.groups.map((g) => g.id).sort()).toEqual(plan.resources.filter((r) => r.component && parents.has(r.urn)).map((r) => r.urn).sort());
  });

  it("draws only edges that a real reference between the two resources backs", () => {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const refers = (a: string, b: string) => Object.values(byUrn.get(a)!.propertyDependencies).some((urns) => urns.includes(b));
    expect(graph.edges.length).toBeGreaterThan(5);
    for (const e of graph.edges) expect(refers(e.from, e.to) || refers(e.to, e.from)).toBe(true);
  });
});

describe("each example's data path", () => {
  it.each([
    ["access-log-analytics", ["example-logs", "example-object-created", "example-object-events", "example-forwarder-source", "example-forwarder", "example-search-delivery", "example-search"]],
    ["access-log-analytics", ["example-forwarder", "example-archive-delivery", "example-archive"]],
    ["dynamodb-search", ["example-table", "example-indexer-source", "example-indexer", "example-search"]],
    ["msk-data-lake", ["example-kafka", "example-source-orders", "example-consumer", "example-raw-delivery", "example-raw", "example-curate", "example-curated"]],
    ["serverless-streaming-pipeline", ["example-stream", "example-lake-delivery", "example-lake"]],
    ["serverless-streaming-pipeline", ["example-stream", "example-analytics", "example-serving"]],
    ["serverless-streaming-pipeline", ["example-stream", "example-stream-table", "example-stream-to-lake", "example-lake"]],
  ] as const)("%s flows %j", async (id, path) => {
    const graph = buildArchitectureGraph(await examplePlan(id));
    expect(hasPath(graph, [...path])).toBe(true);
  }, 120_000);
});
