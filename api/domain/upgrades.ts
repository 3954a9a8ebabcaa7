import type { ChangelogEntry } from "../../blueprints/versions";
import type { DeploymentRequest } from "./model";

/**
 * A rendered plan as it is kept for later comparison: each cloud resource's URN, type and
 * inputs (components and dependency lists are left out — a diff of what the cloud gets
 * needs neither). An applied plan is kept under the create or update that applied it; the
 * next release's code cannot render the old version's plan again, so this is what an
 * upgrade plan compares against.
 */
export interface CompactPlan {
  resources: CompactResource[];
}

export interface CompactResource {
  urn: string;
  type: string;
  inputs: Record<string, unknown>;
}

export interface ResourceRef {
  urn: string;
  type: string;
}

/** A resource whose inputs differ: the property paths that changed (`memorySize`, `tags.owner`, `environment.variables.MODE`, `rules[0].port`). */
export interface ChangedResource extends ResourceRef {
  properties: string[];
}

/** What moving a deployment from its applied plan to another does to its resources. */
export interface ResourceDiff {
  added: ResourceRef[];
  changed: ChangedResource[];
  removed: ResourceRef[];
  unchanged: number;
}

/** What `upgrade-plan` finds and `upgrade` applies: a reviewed move of one deployment to a newer blueprint version. */
export interface UpgradePlan {
  id: string;
  deployment: string;
  blueprint: string;
  fromVersion: string;
  toVersion: string;
  /** The changelog entries the upgrade carries (after `fromVersion`, up to `toVersion`). */
  changes: ChangelogEntry[];
  /** The deployment's `updatedAt` when the plan was made: the upgrade is refused once it moved. */
  deploymentUpdatedAt: string;
  /** The applied plan it was diffed against (the deployment's `appliedOperation`); null when none was kept. */
  baseline: string | null;
  /** The request the upgrade applies: the deployment's, resolved again by the new version (values it holds are kept). */
  request: DeploymentRequest;
  diff: ResourceDiff;
  /** The policy pack's report on the new version's plan (security, tagging and deployability rules). */
  policy: { passed: boolean; violations: unknown[]; notApplicable: unknown[]; evaluated: { resources: number; policies: number } };
  /** The new version's plan: the deployment's applied plan once the upgrade succeeds. */
  plan: CompactPlan;
  createdAt: string;
}

/** Where an upgrade would take a deployment: shown on the deployment while it is behind the catalogue. */
export interface UpgradeAvailable {
  from: string;
  to: string;
  changes: ChangelogEntry[];
}

/** Resources added, changed (with the property paths) and removed between two plans, each list by URN. */
export function diffPlans(before: CompactPlan, after: CompactPlan): ResourceDiff {
  const old = new Map(before.resources.map((r) => [r.urn, r]));
  const next = new Map(after.resources.map((r) => [r.urn, r]));
  const byUrn = (a: ResourceRef, b: ResourceRef) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);
  const added: ResourceRef[] = [];
  const changed: ChangedResource[] = [];
  let unchanged = 0;
  for (const resource of next.values()) {
    const previous = old.get(resource.urn);
    if (!previous) {
      added.push({ urn: resource.urn, type: resource.type });
      continue;
    }
    const properties = changedPaths(previous.inputs, resource.inputs, "");
    if (properties.length > 0) changed.push({ urn: resource.urn, type: resource.type, properties });
    else unchanged++;
  }
  const removed = [...old.values()].filter((r) => !next.has(r.urn)).map((r) => ({ urn: r.urn, type: r.type }));
  return { added: added.sort(byUrn), changed: changed.sort(byUrn), removed: removed.sort(byUrn), unchanged };
}

/** The paths under which two input values differ, as deep as both sides are objects or arrays; sorted. */
export function changedPaths(before: unknown, after: unknown, prefix: string): string[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], prefix === "" ? key : `${prefix}.${key}`));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => changedPaths(item, after[i], `${prefix}[${i}]`));
  }
  return sameValue(before, after) ? [] : [prefix === "" ? "(inputs)" : prefix];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
