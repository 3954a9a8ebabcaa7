import type { Plan, PlannedResource } from "../../programs/offline-plan/render-plan";
import { isPlumbing, serviceOf } from "./resource-roles";

/** A component of the blueprint (a box that holds resources and other components). */
export interface ArchitectureGroup {
  id: string;
  label: string;
  parent?: string;
}

/** One cloud resource the plan registers, placed in the component that owns it. */
export interface ArchitectureNode {
  /** The resource's URN. */
  id: string;
  label: string;
  type: string;
  /** The AWS service, e.g. "kinesis", "lambda", "firehose". */
  service: string;
  /** The owning component's URN; null for a resource outside any component. */
  group: string | null;
  /** Security and operations plumbing (IAM, KMS, logs, bucket settings): drawn lighter, without edges. */
  plumbing: boolean;
}

/** Data flows from `from` to `to`. */
export interface ArchitectureEdge {
  from: string;
  to: string;
  label?: string;
}

export interface ArchitectureGraph {
  groups: ArchitectureGroup[];
  nodes: ArchitectureNode[];
  edges: ArchitectureEdge[];
}

/**
 * Properties whose reference points where the referring resource sends data (or acts):
 * an event source mapping invokes its function, a function writes to what its environment
 * names, a delivery stream writes to its destination, an alarm notifies its topic. Every
 * other reference is read as data arriving from the referenced resource (a delivery
 * stream's Kinesis source, a mapping's event source, an alarm's watched dimension).
 */
const OUTGOING_PROPERTIES: Record<string, string | undefined> = {
  functionName: undefined,
  environment: undefined,
  extendedS3Configuration: undefined,
  opensearchConfiguration: undefined,
  s3Configuration: undefined,
  queues: undefined,
  actions: "runs",
  input: "configures",
  alarmActions: "alarm",
  okActions: "alarm",
  redrivePolicy: "dead letters",
  destinationConfig: "failures",
};

/** A processor's configuration names both what it reads and what it writes (Flink, Glue). */
const MIXED_PROPERTIES = new Set(["applicationConfiguration", "defaultArguments"]);

/** Records a processor reads when its configuration names them: a stream, Kafka, a catalog table over either. */
function isStreamingSource(node: ArchitectureNode): boolean {
  return node.service === "kinesis" || node.service === "msk" || node.type === "aws:glue/catalogTable:CatalogTable";
}

/** The Glue catalog a processor looks tables up in. */
function isCatalog(node: ArchitectureNode): boolean {
  return node.type === "aws:glue/catalogDatabase:CatalogDatabase";
}

/**
 * The architecture a plan describes: its components as groups, every cloud resource as one
 * node in the component that owns it, and data-flow edges read from the plan's real
 * references (propertyDependencies — the outputs one resource's inputs were built from).
 *
 * Readability choice: IAM roles and policies, KMS keys, log groups, bucket settings and
 * security groups are referenced by almost everything, so edges to them would bury the data
 * path under a star of lines around the key and the roles. They stay in the graph (every
 * resource is placed) marked `plumbing`, without edges; the edges that remain follow data:
 * source → event source mapping → function → delivery stream → bucket or domain.
 */
export function buildArchitectureGraph(plan: Plan): ArchitectureGraph {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  // A component nothing in the plan is registered under is a remote component (awsx's Vpc):
  // its cloud resources are created on the provider's side and never appear in the plan, so it
  // is drawn as the one resource that stands for them rather than as an empty box.
  const parents = new Set(plan.resources.map((r) => r.parent));
  const isNode = (r: PlannedResource) => !r.component || !parents.has(r.urn);
  const groups: ArchitectureGroup[] = plan.resources
    .filter((r) => !isNode(r))
    .map((r) => {
      const parent = r.parent && byUrn.get(r.parent)?.component ? r.parent : undefined;
      return parent ? { id: r.urn, label: r.name, parent } : { id: r.urn, label: r.name };
    });
  const nodes: ArchitectureNode[] = plan.resources
    .filter(isNode)
    .map((r) => ({ id: r.urn, label: r.name, type: r.type, service: serviceOf(r.type), group: owningComponent(r, byUrn), plumbing: isPlumbing(r.type) }));
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const codeBuckets = bucketsHoldingCode(plan.resources);
  const filled = new Set<string>();

  const edges = new Map<string, ArchitectureEdge>();
  const add = (from: string, to: string, label?: string) => {
    const key = `${from}\u0000${to}`;
    if (from === to || edges.has(key)) return;
    edges.set(key, label ? { from, to, label } : { from, to });
  };
  const pending: { referrer: ArchitectureNode; referenced: ArchitectureNode; property: string }[] = [];
  for (const resource of plan.resources) {
    const referrer = nodeById.get(resource.urn);
    if (!referrer || referrer.plumbing) continue;
    for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
      for (const urn of urns) {
        const referenced = nodeById.get(urn);
        if (!referenced || referenced.plumbing || referenced.id === referrer.id) continue;
        if (MIXED_PROPERTIES.has(property)) {
          pending.push({ referrer, referenced, property });
        } else if (property in OUTGOING_PROPERTIES) {
          add(referrer.id, referenced.id, OUTGOING_PROPERTIES[property]);
          filled.add(referenced.id);
        } else {
          add(referenced.id, referrer.id, codeBuckets.has(referenced.id) ? "code" : undefined);
        }
      }
    }
  }
  // A processor (Flink, Glue) reads its code, a stream, Kafka or a catalog table; with none of
  // those to read, it reads a bucket something else fills (a raw zone). The rest it writes:
  // a curated zone, a lake a streaming job appends to, a serving table.
  const fedBySource = new Set(pending.filter((p) => isStreamingSource(p.referenced)).map((p) => p.referrer.id));
  for (const { referrer, referenced } of pending) {
    if (codeBuckets.has(referenced.id)) add(referenced.id, referrer.id, "code");
    else if (isStreamingSource(referenced) || isCatalog(referenced)) add(referenced.id, referrer.id);
    else if (filled.has(referenced.id) && !fedBySource.has(referrer.id)) add(referenced.id, referrer.id);
    else add(referrer.id, referenced.id);
  }
  return { groups, nodes, edges: [...edges.values()] };
}

/** The nearest component above a resource (its parent chain skips nothing: parents are components or absent). */
function owningComponent(resource: PlannedResource, byUrn: Map<string, PlannedResource>): string | null {
  let parent = resource.parent;
  while (parent) {
    const owner = byUrn.get(parent);
    if (!owner) return null;
    if (owner.component) return owner.urn;
    parent = owner.parent;
  }
  return null;
}

/** Buckets that hold deployment code (the bucket of an uploaded script or application archive). */
function bucketsHoldingCode(resources: PlannedResource[]): Set<string> {
  const buckets = new Set<string>();
  for (const r of resources) {
    if (r.type === "aws:s3/bucketObjectv2:BucketObjectv2") for (const urn of r.propertyDependencies.bucket ?? []) buckets.add(urn);
  }
  return buckets;
}
