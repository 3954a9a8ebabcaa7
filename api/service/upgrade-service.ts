import type { Actor } from "../domain/access";
import { ConflictError, NotFoundError, PolicyViolationError } from "../domain/errors";
import type { Deployment, Operation } from "../domain/model";
import { OPEN_ACTOR, demand } from "../domain/permissions";
import { diffPlans, type UpgradePlan } from "../domain/upgrades";
import { newId } from "../store/ids";
import type { Store } from "../store/store";
import { compactPlan } from "./blueprint-releases";
import type { DeploymentService } from "./deployment-service";
import type { PlanService } from "./plan-service";

/**
 * Reviewed upgrades of a deployment to the blueprint version this release runs. An upgrade
 * plan renders the new version's plan of the deployment's own request (resolved again by the
 * new version: values it holds are kept, so only the version's changes show) and diffs it
 * against the plan the deployment was last applied with, kept since that create or update.
 * The plan is stored, so any instance can apply it; applying queues an update carrying the
 * new version and exactly the reviewed request and plan, conditioned on the deployment being
 * as it was when the plan was made.
 */
export class UpgradeService {
  constructor(
    private readonly store: Store,
    private readonly deployments: DeploymentService,
    private readonly plans: PlanService,
    private readonly clock: () => number = Date.now,
  ) {}

  async plan(name: string, actor: Actor = OPEN_ACTOR): Promise<UpgradePlan> {
    demand(actor, "deploy");
    const current = await this.deployments.get(name, actor);
    this.deployments.requireAdmitted(current, "update");
    const releases = this.deployments.releases;
    const upgrade = releases.upgradeAvailable(current);
    if (!upgrade) throw new ConflictError(`deployment "${name}" is at ${current.blueprint} ${current.blueprintVersion}, the version this release runs: there is nothing to upgrade`);
    const request = releases.resolve(current.blueprint, current.request, current.region);
    const rendered = await this.plans.plan({ blueprint: current.blueprint, request, name, region: current.region });
    const next = compactPlan(rendered.plan);
    const baseline = current.appliedOperation === null ? undefined : await this.store.plans.getApplied(current.appliedOperation);
    const plan: UpgradePlan = {
      id: newId(),
      deployment: name,
      blueprint: current.blueprint,
      fromVersion: upgrade.from,
      toVersion: upgrade.to,
      changes: upgrade.changes,
      deploymentUpdatedAt: current.updatedAt,
      baseline: baseline ? current.appliedOperation : null,
      request,
      diff: diffPlans(baseline ?? { resources: [] }, next),
      policy: rendered.policy,
      plan: next,
      createdAt: new Date(this.clock()).toISOString(),
    };
    await this.store.plans.saveUpgrade(plan);
    return plan;
  }

  /**
   * Applies an upgrade plan exactly: refused (409) when the deployment changed since the plan
   * was made, when this release runs another version than the plan's, or when the plan fails
   * a mandatory policy.
   */
  async apply(name: string, planId: string, actor: Actor = OPEN_ACTOR): Promise<{ deployment: Deployment; operation: Operation; plan: UpgradePlan }> {
    demand(actor, "deploy");
    const current = await this.deployments.get(name, actor);
    const plan = await this.store.plans.getUpgrade(planId);
    if (!plan || plan.deployment !== name) throw new NotFoundError(`upgrade plan "${planId}" of deployment "${name}" not found`);
    if (current.updatedAt !== plan.deploymentUpdatedAt || current.blueprintVersion !== plan.fromVersion) {
      throw new ConflictError(`deployment "${name}" changed since upgrade plan ${planId} was made (at ${plan.deploymentUpdatedAt}, now ${current.updatedAt}): make a new upgrade plan`);
    }
    const runs = this.deployments.releases.currentVersion(current.blueprint);
    if (runs !== plan.toVersion) throw new ConflictError(`upgrade plan ${planId} moves to ${plan.blueprint} ${plan.toVersion}, but this release runs ${runs}: make a new upgrade plan`);
    if (!plan.policy.passed) throw new PolicyViolationError("the upgrade violates mandatory policies", plan.policy);
    this.deployments.requireAdmitted(current, "update");
    await this.deployments.requireEngine();
    const operation = { id: newId(), deployment: name, kind: "update" as const, request: plan.request, requestedBy: actor, blueprintVersion: plan.toVersion, expectedUpdatedAt: plan.deploymentUpdatedAt };
    await this.store.plans.saveApplied(operation.id, name, plan.plan);
    return { ...(await this.deployments.queue(operation)), plan };
  }
}
