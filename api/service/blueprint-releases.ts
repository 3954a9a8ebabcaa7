import type { BlueprintDefinition } from "../../blueprints/blueprint";
import { canonicalJson } from "../domain/canonical-json";
import { deepFreeze } from "../domain/deep-freeze";
import { LruMap } from "../domain/lru-map";
import { getBlueprint } from "../../blueprints/catalogue";
import { requestInRegion } from "../../blueprints/request";
import { changesBetween, compareVersions, latestVersion } from "../../blueprints/versions";
import { ValidationError } from "../domain/errors";
import { issueFieldErrors } from "../domain/issue-fields";
import type { Deployment, DeploymentRequest } from "../domain/model";
import type { UpgradeAvailable } from "../domain/upgrades";
import type { Plan } from "../../programs/offline-plan/render-plan";
import type { CompactPlan } from "../domain/upgrades";

/**
 * The blueprints this release runs, as the use cases see them: each one's current version,
 * how far a deployment is behind it, and requests resolved by it. `lookup` is the catalogue;
 * a test hands in a later release of it (a blueprint at a newer version) to play a service
 * restarted on new code over the same store.
 */
export class BlueprintReleases {
  /** Requests resolved before: see `resolve`. */
  private readonly resolved: LruMap<string, DeploymentRequest>;

  constructor(
    private readonly lookup: (id: string) => BlueprintDefinition = getBlueprint,
    remembered = 256,
  ) {
    this.resolved = new LruMap(remembered);
  }

  definition(id: string): BlueprintDefinition {
    return this.lookup(id);
  }

  currentVersion(id: string): string {
    return latestVersion(this.lookup(id).changelog);
  }

  /** The upgrade waiting for a deployment whose version is older than this release's; null when it is current. */
  upgradeAvailable(deployment: Pick<Deployment, "blueprint" | "blueprintVersion">): UpgradeAvailable | null {
    const blueprint = this.lookup(deployment.blueprint);
    const to = latestVersion(blueprint.changelog);
    if (compareVersions(deployment.blueprintVersion, to) >= 0) return null;
    return { from: deployment.blueprintVersion, to, changes: changesBetween(blueprint.changelog, deployment.blueprintVersion, to) };
  }

  /**
   * The request with every default filled in by this release's version of the blueprint:
   * what a deployment records, so that a later release's defaults never reach it unasked.
   * Values already present are kept, so resolving a resolved request changes nothing.
   *
   * Every preview resolves its deployment's request again, so answers are remembered per
   * blueprint, Region and request (a process never runs two versions of one blueprint):
   * frozen and shared, as the planner's, and only answers — a refused request is parsed anew.
   */
  resolve(id: string, request: DeploymentRequest, region: string): DeploymentRequest {
    const key = canonicalJson([id, region, request]);
    const known = this.resolved.get(key);
    if (known) return known;
    const blueprint = this.lookup(id);
    const result = blueprint.requestSchema.safeParse(requestInRegion(request, region));
    if (!result.success) throw new ValidationError(`invalid request for ${id}`, issueFieldErrors(result.error.issues, "(request)"));
    const { params, tags } = result.data as DeploymentRequest;
    const answer = deepFreeze({ params, tags });
    this.resolved.set(key, answer);
    return answer;
  }
}

/** A rendered plan as it is kept: cloud resources only, with their inputs. */
export function compactPlan(plan: Pick<Plan, "resources">): CompactPlan {
  return { resources: plan.resources.filter((r) => !r.component).map((r) => ({ urn: r.urn, type: r.type, inputs: r.inputs })) };
}
