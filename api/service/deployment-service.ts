import { deploymentNameSchema } from "../../blueprints/deployment-name";
import type { Actor } from "../domain/access";
import { ConflictError, EngineUnavailableError, ForbiddenError, NotFoundError, PolicyViolationError, ValidationError } from "../domain/errors";
import type { Deployment, DeploymentRequest, Operation, OperationKind } from "../domain/model";
import { admit, nameIsFree } from "../domain/lifecycle";
import { DEFAULT_TEAM, demand, OPEN_ACTOR, reaches } from "../domain/permissions";
import type { DeploymentEngine } from "../engine/engine";
import type { OperationWorker } from "../operations/worker";
import { newId } from "../store/ids";
import { StoreConflictError, type DeploymentFilter, type NewOperation, type Store } from "../store/store";
import { expiryTime } from "./expiry-time";
import { BlueprintReleases, compactPlan } from "./blueprint-releases";
import type { PlanService, RenderedPlan } from "./plan-service";
import { previewScope, type PreviewScope } from "./preview-scope";

export interface CreateDeploymentInput {
  name: string;
  blueprint: string;
  region?: string;
  params: Record<string, unknown>;
  tags: Record<string, string>;
  /** The owning team: the service admin must name one; a team token may name only its own. */
  team?: string;
  /** When the deployment is destroyed on its own (ISO-8601, in the future, at most a year ahead). */
  expiresAt?: string;
}

export interface UpdateDeploymentInput {
  params: Record<string, unknown>;
  tags?: Record<string, string>;
}

/**
 * The deployment use cases. Every change is validated and planned offline — with its
 * policy report — before anything is queued: a request that would fail validation or a
 * mandatory policy is refused with nothing recorded. Accepted changes are queued and run
 * by the worker; callers get the operation to follow.
 *
 * Every use case takes the actor: a team token reaches only its team's deployments and
 * their operations, and anything else answers "not found" with the message a missing one
 * gets — another team's deployment is indistinguishable from none. The actor also rides on
 * each operation it queues (`requestedBy`), to the worker's logs and the engine's update
 * message. The role check is made again here (`demand`), below the HTTP layer, so no use
 * case runs for a role too weak for it. `OPEN_ACTOR` (the default) is the open service's
 * anonymous caller.
 */
export class DeploymentService {
  constructor(
    private readonly store: Store,
    private readonly engine: DeploymentEngine,
    private readonly plans: PlanService,
    private readonly worker: Pick<OperationWorker, "notify" | "cancel">,
    private readonly defaults: { region: string; clock?: () => number; releases?: BlueprintReleases },
  ) {
    this.releases = defaults.releases ?? new BlueprintReleases();
  }

  /** The blueprint versions this release runs (the catalogue's, or a test's later release of it). */
  readonly releases: BlueprintReleases;

  private now(): number {
    return (this.defaults.clock ?? Date.now)();
  }

  async create(input: CreateDeploymentInput, actor: Actor = OPEN_ACTOR): Promise<{ deployment: Deployment; operation: Operation }> {
    demand(actor, "deploy");
    const name = deploymentNameSchema.safeParse(input.name);
    if (!name.success) throw new ValidationError("invalid deployment name", name.error.issues.map((i) => ({ field: "name", message: i.message })));
    const team = await this.owningTeam(input.team, actor);
    const request: DeploymentRequest = { params: input.params, tags: input.tags };
    const region = input.region ?? this.defaults.region;
    const expiresAt = input.expiresAt === undefined ? undefined : expiryTime(input.expiresAt, this.now());
    // Checked before planning so a taken name costs no plan; the store checks again as it writes.
    // Names are global (each is one Pulumi stack), so a live one is taken whoever owns it —
    // the 409 says only that, never whose it is. A destroyed one stays with its team: its
    // operations live on in the name's history, which another team must not inherit.
    const existing = await this.store.deployments.get(name.data);
    if (!nameIsFree(existing) || (existing && existing.team !== team)) throw new ConflictError(`deployment "${name.data}" already exists`);
    // Bad input is the caller's to fix whether or not the engine is installed: validate first.
    const planned = await this.gate(input.blueprint, request, name.data, region);
    await this.requireEngine();
    // Pinned: the request as this version resolves it (defaults filled in), and the version.
    const resolved = this.releases.resolve(input.blueprint, request, region);
    const blueprintVersion = this.releases.currentVersion(input.blueprint);

    const now = new Date(this.now()).toISOString();
    const deployment: Deployment = {
      name: name.data,
      team,
      blueprint: input.blueprint,
      region,
      request: resolved,
      blueprintVersion,
      appliedOperation: null,
      status: "pending",
      outputs: {},
      needsRecovery: false,
      runningOperation: null,
      statusBeforeDestroy: null,
      lastError: null,
      drift: null,
      driftScheduleFrom: now,
      expiry: expiresAt === undefined ? null : { at: expiresAt, remindedAt: null, destroyQueuedAt: null },
      createdAt: now,
      updatedAt: now,
    };
    const operation = { id: newId(), deployment: name.data, kind: "create" as const, request: resolved, requestedBy: actor, blueprintVersion };
    await this.keepAppliedPlan(operation.id, name.data, planned);
    await this.store.deployments.create(deployment, operation).catch((err: unknown) => domainError(err, `deployment "${name.data}"`));
    return this.accepted(name.data, operation.id);
  }

  /**
   * Queues an update. Its params and tags stay on the operation until it succeeds; only then
   * are they the deployment's. Tags left out are the deployment's applied ones.
   */
  async update(name: string, input: UpdateDeploymentInput, actor: Actor = OPEN_ACTOR): Promise<{ deployment: Deployment; operation: Operation }> {
    demand(actor, "deploy");
    const current = await this.get(name, actor);
    const request: DeploymentRequest = { params: input.params, tags: input.tags ?? current.request.tags };
    this.requireAdmitted(current, "update");
    this.requireCurrentVersion(current);
    const planned = await this.gate(current.blueprint, request, name, current.region);
    await this.requireEngine();
    const operation: NewOperation = {
      id: newId(),
      deployment: name,
      kind: "update",
      request: this.releases.resolve(current.blueprint, request, current.region),
      requestedBy: actor,
      blueprintVersion: this.releases.currentVersion(current.blueprint),
      // The store refuses the write if an upgrade queued since the check above moved the version.
      expectedBlueprintVersion: current.blueprintVersion,
    };
    await this.keepAppliedPlan(operation.id, name, planned);
    return this.queue(operation);
  }

  /**
   * Only this release's version of a blueprint runs: an ordinary update of a deployment on an
   * older version would silently carry the upgrade, so it is refused, naming the upgrade and
   * where to review it. Refresh and destroy run no program and are not refused.
   */
  private requireCurrentVersion(deployment: Deployment): void {
    const upgrade = this.releases.upgradeAvailable(deployment);
    if (!upgrade) return;
    throw new ConflictError(
      `deployment "${deployment.name}" is at ${deployment.blueprint} ${upgrade.from} and this release runs ${upgrade.to}: an update would carry the upgrade ${upgrade.from} → ${upgrade.to} ` +
        `(${upgrade.changes.flatMap((c) => c.changes).join("; ")}). Review it with POST /v1/deployments/${deployment.name}/upgrade-plan and apply it with POST /v1/deployments/${deployment.name}/upgrade`,
    );
  }

  /** The plan a create or update applies, kept under its operation's id before the operation is queued (upgrade plans diff against it). */
  async keepAppliedPlan(operationId: string, deployment: string, planned: RenderedPlan): Promise<void> {
    await this.store.plans.saveApplied(operationId, deployment, compactPlan(planned.plan));
  }

  /** Queues a refresh, drift check or destroy (or a preview, without its scope: see `preview`) of the deployment's current request. */
  async enqueue(name: string, kind: Extract<OperationKind, "preview" | "refresh" | "drift-check" | "destroy">, actor: Actor = OPEN_ACTOR): Promise<{ deployment: Deployment; operation: Operation }> {
    demand(actor, "deploy");
    const current = await this.get(name, actor);
    this.requireAdmitted(current, kind);
    await this.requireEngine();
    // The request is a placeholder until the operation starts: it then takes the deployment's.
    return this.queue({ id: newId(), deployment: name, kind, request: current.request, requestedBy: actor });
  }

  /**
   * Queues a preview and says what it runs beyond what the deployment was applied with: on a
   * deployment at an older blueprint version, the version change and its request as this
   * release resolves it (see `PreviewScope`). The scope is taken as the preview is queued.
   */
  async preview(name: string, actor: Actor = OPEN_ACTOR): Promise<{ deployment: Deployment; operation: Operation; scope: PreviewScope }> {
    demand(actor, "deploy");
    const current = await this.get(name, actor);
    this.requireAdmitted(current, "preview");
    const scope = await previewScope(current, this.releases, this.plans, this.store);
    await this.requireEngine();
    return { ...(await this.queue({ id: newId(), deployment: name, kind: "preview", request: current.request, requestedBy: actor })), scope };
  }

  /**
   * Sets (a time) or clears (null) when the deployment is destroyed on its own. Takes effect at
   * once — it changes no stack, so nothing is queued — and re-arms the reminder and the destroy
   * even if an earlier expiry acted. Refused while the deployment is being destroyed.
   */
  async setExpiry(name: string, expiresAt: string | null, actor: Actor = OPEN_ACTOR): Promise<Deployment> {
    demand(actor, "deploy");
    await this.get(name, actor);
    const now = this.now();
    const at = expiresAt === null ? null : expiryTime(expiresAt, now);
    return this.store.deployments.setExpiry(name, at, new Date(now).toISOString()).catch((err: unknown) => domainError(err, `deployment "${name}"`));
  }

  /** A deployment that exists and the actor reaches: a destroyed one is not found, though its history is. */
  async get(name: string, actor: Actor = OPEN_ACTOR): Promise<Deployment> {
    const deployment = await this.reachable(name, actor);
    if (deployment.status === "destroyed") throw new NotFoundError(`deployment "${name}" was destroyed at ${deployment.updatedAt}; its operations remain at /v1/deployments/${name}/operations`);
    return deployment;
  }

  /**
   * Live deployments matching the filter, of the actor's team only; the service admin sees
   * every team's, or one team's when the filter names it. A team token naming another team
   * finds nothing, as it would for a team without deployments.
   */
  async list(filter: DeploymentFilter & { upgradeAvailable?: boolean }, actor: Actor = OPEN_ACTOR): Promise<Deployment[]> {
    demand(actor, "read");
    if (filter.upgradeAvailable === true) return this.behindCatalogue(filter, actor);
    if (actor.role === "service-admin") return this.store.deployments.list(filter);
    if (filter.team !== undefined && filter.team !== actor.team) return [];
    return this.store.deployments.list({ ...filter, team: actor.team! });
  }

  /**
   * The deployments a newer blueprint version waits for. Which versions are behind is this
   * release's knowledge, not the store's, so store pages are read and filtered until the page
   * is full or the deployments run out.
   */
  private async behindCatalogue({ upgradeAvailable: _upgrade, ...filter }: DeploymentFilter & { upgradeAvailable?: boolean }, actor: Actor): Promise<Deployment[]> {
    const found: Deployment[] = [];
    let after = filter.after;
    for (;;) {
      const page = await this.list({ ...filter, after, limit: Math.max(filter.limit, 100) }, actor);
      for (const deployment of page) {
        if (this.releases.upgradeAvailable(deployment)) found.push(deployment);
        if (found.length === filter.limit) return found;
      }
      if (page.length < Math.max(filter.limit, 100)) return found;
      after = page[page.length - 1]!.name;
    }
  }

  /** A deployment's operations, newest first, with its status — they stay readable after a destroy. */
  async history(name: string, limit: number, before?: string, actor: Actor = OPEN_ACTOR): Promise<{ deployment: Deployment; operations: Operation[] }> {
    const deployment = await this.reachable(name, actor);
    return { deployment, operations: await this.store.operations.listByDeployment(name, limit, before) };
  }

  async operations(name: string, limit: number, before?: string, actor: Actor = OPEN_ACTOR): Promise<Operation[]> {
    await this.get(name, actor);
    return this.store.operations.listByDeployment(name, limit, before);
  }

  /**
   * An operation the actor reaches: its deployment's team decides. A name stays with the
   * team that first used it (see `create`), so every operation in a name's history belongs
   * to that team.
   */
  async operation(id: string, actor: Actor = OPEN_ACTOR): Promise<Operation> {
    demand(actor, "read");
    const operation = await this.store.operations.get(id);
    if (!operation) throw new NotFoundError(`operation "${id}" not found`);
    if (actor.role !== "service-admin") {
      const deployment = await this.store.deployments.get(operation.deployment);
      if (!deployment || !reaches(actor, deployment.team)) throw new NotFoundError(`operation "${id}" not found`);
    }
    return operation;
  }

  /**
   * Cancels a queued operation in the store, or flags a running one there — whichever
   * instance runs it reads the flag when it next polls — and stops it at once if it runs here.
   */
  async cancel(id: string, actor: Actor = OPEN_ACTOR): Promise<Operation> {
    demand(actor, "deploy");
    await this.operation(id, actor);
    let updated: Operation;
    try {
      updated = await this.store.operations.requestCancel(id, new Date().toISOString());
    } catch (err) {
      if (err instanceof StoreConflictError && err.reason === "not-running") {
        const operation = await this.operation(id);
        throw new ConflictError(`operation "${id}" already ${operation.status}`, { cause: err });
      }
      throw domainError(err, `operation "${id}"`);
    }
    if (updated.status === "running") this.worker.cancel(id);
    return updated;
  }

  async queue(operation: NewOperation): Promise<{ deployment: Deployment; operation: Operation }> {
    await this.store.operations.enqueue(operation, new Date().toISOString()).catch((err: unknown) => domainError(err, `deployment "${operation.deployment}"`));
    return this.accepted(operation.deployment, operation.id);
  }

  /** The deployment record (destroyed ones included) if the actor's team owns it; "not found" otherwise. */
  private async reachable(name: string, actor: Actor): Promise<Deployment> {
    demand(actor, "read");
    const deployment = await this.store.deployments.get(name);
    if (!deployment || !reaches(actor, deployment.team)) throw new NotFoundError(`deployment "${name}" not found`);
    return deployment;
  }

  /**
   * The team a new deployment belongs to. A team token creates in its own team (naming
   * another is refused whether or not it exists). The service admin names one that exists;
   * the open service's anonymous caller gets `default` unless it names one. `default` needs
   * no record: it is where open-service and pre-teams deployments live.
   */
  private async owningTeam(named: string | undefined, actor: Actor): Promise<string> {
    if (actor.role !== "service-admin") {
      if (named !== undefined && named !== actor.team) throw new ForbiddenError(`a ${actor.role} token creates deployments in its own team ("${actor.team}")`);
      return actor.team!;
    }
    if (named === undefined) {
      if (actor.tokenId === OPEN_ACTOR.tokenId) return DEFAULT_TEAM;
      throw new ValidationError("the service admin names the deployment's team", [{ field: "team", message: "required: the team that will own the deployment" }]);
    }
    if (named !== DEFAULT_TEAM && !(await this.store.teams.get(named))) throw new ValidationError(`team "${named}" not found`, [{ field: "team", message: `no team "${named}"; create it with POST /v1/teams` }]);
    return named;
  }

  /** The state as accepted (the operation still queued, unless a worker was quicker), then wakes the worker. */
  private async accepted(name: string, operationId: string): Promise<{ deployment: Deployment; operation: Operation }> {
    const [deployment, operation] = await Promise.all([this.store.deployments.get(name), this.store.operations.get(operationId)]);
    this.worker.notify();
    if (!deployment || !operation) throw new NotFoundError(`deployment "${name}" not found`);
    return { deployment, operation };
  }

  /** Refuses, before planning, what the store would refuse to queue (it decides again as it writes). */
  requireAdmitted(deployment: Deployment, kind: Exclude<OperationKind, "create">): void {
    const admission = admit(deployment, kind, deployment.updatedAt);
    if (!admission.ok) throw new ConflictError(admission.reason);
  }

  async requireEngine(): Promise<void> {
    const availability = await this.engine.availability();
    if (!availability.ok) throw new EngineUnavailableError(availability.reason);
  }

  /** Validates and plans the request offline; refuses it on a field error or a mandatory policy violation. */
  private async gate(blueprint: string, request: DeploymentRequest, name: string, region: string): Promise<RenderedPlan> {
    const result = await this.plans.plan({ blueprint, request, name, region });
    if (result.policy && !result.policy.passed) throw new PolicyViolationError(`the change violates mandatory policies`, result.policy);
    return result;
  }
}

/**
 * The domain error for a write the store refused about `subject` (`deployment "a"`): the
 * name is taken (409 "already exists"), the deployment's state does not admit the operation
 * (409, with the store's reason) or the record is gone (404). Anything else is not the
 * caller's doing and passes through.
 */
export function domainError(err: unknown, subject: string): never {
  if (err instanceof StoreConflictError) {
    if (err.reason === "exists") throw new ConflictError(`${subject} already exists`, { cause: err });
    if (err.reason === "not-found") throw new NotFoundError(`${subject} not found`, { cause: err });
    throw new ConflictError(err.message, { cause: err });
  }
  throw err;
}
