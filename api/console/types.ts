import type { z } from "@hono/zod-openapi";
import type { ArchitectureGraph } from "../../blueprints/diagram/architecture-graph";
import type { CostEstimate } from "../../blueprints/pricing/cost-estimate";
import type { CheckReport, ReportedViolation } from "../../policies/offline/evaluate";
import type { Plan as RenderedPlan } from "../../programs/offline-plan/render-plan";
import type { AcceptedSchema, ChangelogEntrySchema, DeploymentSchema, EventSchema, OperationSchema, UpgradePlanSchema } from "../http/schemas";

/**
 * The API's documents as the console reads them: the types of the very schemas the service
 * answers with and publishes at /openapi.json, or the server's own types where a schema
 * leaves a document open (a plan's resources and its policy report). Types only: nothing
 * here reaches the browser bundle.
 */

export type Operation = z.output<typeof OperationSchema>;
export type Deployment = z.output<typeof DeploymentSchema>;
export type Accepted = z.output<typeof AcceptedSchema>;
/** One event of an operation: an engine event or a `slipstream.*` milestone. */
export type OperationEvent = z.output<typeof EventSchema> & { data: Record<string, unknown> };
/** One version of a blueprint and what it changed for deployments. */
export type ChangelogEntry = z.output<typeof ChangelogEntrySchema>;
export type PolicyReport = CheckReport;
export type PolicyViolation = ReportedViolation;
export type PlannedResource = RenderedPlan["resources"][number];

/** POST /v1/plans: the rendered plan, its policy report, its diagram and its cost estimate. */
export type Plan = RenderedPlan & { policy: CheckReport; diagram: ArchitectureGraph; cost: CostEstimate };

/** POST /v1/deployments/{name}/upgrade-plan: the diff against the applied plan and the new version's policy report. */
export type UpgradePlan = Omit<z.output<typeof UpgradePlanSchema>, "policy"> & { policy: CheckReport };

export interface BlueprintSummary {
  id: string;
  /** The version this release renders; deployments stay on the version they were last applied with. */
  version: string;
  title: string;
  pattern: string;
  description: string;
  outline: string[];
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

