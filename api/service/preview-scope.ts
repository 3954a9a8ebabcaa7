import type { ChangelogEntry } from "../../blueprints/versions";
import type { Deployment } from "../domain/model";
import { requestChanges, type RequestChange } from "../domain/request-changes";
import { diffPlans, type ResourceDiff } from "../domain/upgrades";
import type { Store } from "../store/store";
import { compactPlan, type BlueprintReleases } from "./blueprint-releases";
import type { PlanService } from "./plan-service";

/**
 * What a preview of a deployment runs beyond what the deployment was applied with. A preview
 * runs this release's program, so on a deployment at an older blueprint version it previews
 * the upgrade as well: the version change (from → to, the changelog between, and the
 * resource diff an upgrade plan would show) and the request as this version resolves it
 * (a default the new version adds shows as a param change). At the current version both
 * are empty, and nothing is rendered.
 */
export interface PreviewScope {
  blueprint: string;
  /** The version the deployment was applied with. */
  fromVersion: string;
  /** The version the preview runs: this release's. */
  toVersion: string;
  /** The changelog entries between the two; empty when they are the same. */
  changes: ChangelogEntry[];
  /** The request the preview runs against the one applied, as property paths. */
  params: RequestChange[];
  /** The new version's plan against the plan last applied; null at the current version. */
  diff: ResourceDiff | null;
}

export async function previewScope(deployment: Deployment, releases: BlueprintReleases, plans: PlanService, store: Store): Promise<PreviewScope> {
  const request = releases.resolve(deployment.blueprint, deployment.request, deployment.region);
  const upgrade = releases.upgradeAvailable(deployment);
  const scope = { blueprint: deployment.blueprint, fromVersion: deployment.blueprintVersion, params: requestChanges(deployment.request, request) };
  if (!upgrade) return { ...scope, toVersion: deployment.blueprintVersion, changes: [], diff: null };
  const rendered = await plans.plan({ blueprint: deployment.blueprint, request, name: deployment.name, region: deployment.region });
  const baseline = deployment.appliedOperation === null ? undefined : await store.plans.getApplied(deployment.appliedOperation);
  return { ...scope, toVersion: upgrade.to, changes: upgrade.changes, diff: diffPlans(baseline ?? { resources: [] }, compactPlan(rendered.plan)) };
}
