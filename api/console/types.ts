import type { ArchitectureGraph } from "../../blueprints/diagram/architecture-graph";
import type { CostEstimate } from "../../blueprints/pricing/cost-estimate";
import type { OperationStatus } from "../domain/model";

/** The API's documents as the console reads them (see /openapi.json for the full schemas). */

export interface BlueprintSummary {
  id: string;
  /** The version this release renders; deployments stay on the version they were last applied with. */
  version: string;
  title: string;
  pattern: string;
  description: string;
  outline: string[];
}

/** One version of a blueprint and what it changed for deployments. */
export interface ChangelogEntry {
  version: string;
  changes: string[];
}

export interface Blueprint extends BlueprintSummary {
  /** Every version, oldest first. */
  changelog: ChangelogEntry[];
  requestSchema: JsonSchema;
  example: { params: Record<string, unknown>; tags: Record<string, string>; region?: string };
}

/** The parts of JSON Schema (2020-12) the blueprints' request schemas use for their forms. */
export interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export interface PlannedResource {
  type: string;
  name: string;
  urn: string;
  parent: string | null;
  component: boolean;
  inputs: Record<string, unknown>;
}

export interface PolicyViolation {
  policy: string;
  category: "security" | "tagging" | "deployability";
  enforcementLevel: "mandatory" | "advisory";
  controls: string[];
  resource: { type: string; name: string } | null;
  field?: string;
  message: string;
  document?: string;
}

export interface PolicyReport {
  passed: boolean;
  violations: PolicyViolation[];
  notApplicable: { policy: string; resource: { type: string; name: string } | null; reason: string }[];
  evaluated: { resources: number; policies: number };
}

export interface Plan {
  blueprint: string;
  deployment: string;
  region: string;
  resources: PlannedResource[];
  policy: PolicyReport;
  /** Resources grouped by component, and how data flows between them. */
  diagram: ArchitectureGraph;
  /** The monthly cost at offline list prices, with the usage assumed. */
  cost: CostEstimate;
}

export interface Operation {
  id: string;
  deployment: string;
  kind: string;
  status: OperationStatus;
  summary: Record<string, number> | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelRequested: boolean;
  requestedBy: { tokenName: string };
  actions: Record<string, boolean>;
}

export interface Deployment {
  name: string;
  team: string;
  blueprint: string;
  region: string;
  /** The blueprint version the deployment was last applied with. */
  blueprintVersion: string;
  /** Set when this release runs a newer version: from → to and the changelog between. */
  upgradeAvailable: { from: string; to: string; changes: ChangelogEntry[] } | null;
  status: string;
  params: Record<string, unknown>;
  tags: Record<string, string>;
  outputs: Record<string, unknown>;
  /** Why the last create, update or destroy did not succeed. */
  lastError: { title: string; detail: string; operationId: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
  actions: Record<string, boolean>;
  recentOperations?: Operation[];
}

export interface Accepted {
  deployment: Deployment;
  operation: Operation;
}

/** One event of an operation: an engine event or a `slipstream.*` milestone. */
export interface OperationEvent {
  sequence: number;
  time: string;
  type: string;
  data: Record<string, unknown>;
}

export interface ResourceRef {
  urn: string;
  type: string;
}

/** An upgrade plan (POST /v1/deployments/{name}/upgrade-plan): the diff against the applied plan and the new version's policy report. */
export interface UpgradePlan {
  id: string;
  deployment: string;
  blueprint: string;
  fromVersion: string;
  toVersion: string;
  changes: ChangelogEntry[];
  deploymentUpdatedAt: string;
  /** The operation whose applied plan the diff is against; null when none was kept. */
  baseline: string | null;
  diff: { added: ResourceRef[]; changed: (ResourceRef & { properties: string[] })[]; removed: ResourceRef[]; unchanged: number };
  policy: PolicyReport;
  createdAt: string;
}
