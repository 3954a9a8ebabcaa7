import { deploymentNameSchema } from "../../blueprints/deployment-name";
import { ConflictError, EngineUnavailableError, NotFoundError, PolicyViolationError, ValidationError } from "../domain/errors";
import type { Deployment, DeploymentRequest, Operation, OperationKind } from "../domain/model";
import { admit, nameIsFree } from "../domain/lifecycle";
import type { DeploymentEngine } from "../engine/engine";
import type { OperationWorker } from "../operations/worker";
import { newId } from "../store/ids";
import { StoreConflictError, type DeploymentFilter, type NewOperation, type Store } from "../store/store";
import type { Planner } from "./planner";

export interface CreateDeploymentInput {
  name: string;
  blueprint: string;
  region?: string;
  params: Record<string, unknown>;
  tags: Record<string, string>;
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
 */
export class DeploymentService {
  constructor(
    private readonly store: Store,
    private readonly engine: DeploymentEngine,
    private readonly planner: Planner,
    private readonly worker: Pick<OperationWorker, "notify" | "cancel">,
    private readonly defaults: { region: string },
  ) {}

  async create(input: CreateDeploymentInput): Promise<{ deployment: Deployment; operation: Operation }> {
    const name = deploymentNameSchema.safeParse(input.name);
    if (!name.success) throw new ValidationError("invalid deployment name", name.error.issues.map((i) => ({ field: "name", message: i.message })));
    const request: DeploymentRequest = { params: input.params, tags: input.tags };
    const region = input.region ?? this.defaults.region;
    // Checked before planning so a taken name costs no plan; the store checks again as it writes.
    if (!nameIsFree(await this.store.deployments.get(name.data))) throw new ConflictError(`deployment "${name.data}" already exists`);
    // Bad input is the caller's to fix whether or not the engine is installed: validate first.
    await this.gate(input.blueprint, request, name.data, region);
    await this.requireEngine();

    const now = new Date().toISOString();
    const deployment: Deployment = { name: name.data, blueprint: input.blueprint, region, request, status: "pending", outputs: {}, needsRecovery: false, runningOperation: null, statusBeforeDestroy: null, createdAt: now, updatedAt: now };
    const operation = { id: newId(), deployment: name.data, kind: "create" as const, request };
    await this.store.deployments.create(deployment, operation).catch((err: unknown) => domainError(err, `deployment "${name.data}"`));
    return this.accepted(name.data, operation.id);
  }

  /**
   * Queues an update. Its params and tags stay on the operation until it succeeds; only then
   * are they the deployment's. Tags left out are the deployment's applied ones.
   */
  async update(name: string, input: UpdateDeploymentInput): Promise<{ deployment: Deployment; operation: Operation }> {
    const current = await this.get(name);
    const request: DeploymentRequest = { params: input.params, tags: input.tags ?? current.request.tags };
    this.requireAdmitted(current, "update");
    await this.gate(current.blueprint, request, name, current.region);
    await this.requireEngine();
    return this.queue({ id: newId(), deployment: name, kind: "update", request });
  }

  /** Queues a preview, refresh or destroy of the deployment's current request. */
  async enqueue(name: string, kind: Extract<OperationKind, "preview" | "refresh" | "destroy">): Promise<{ deployment: Deployment; operation: Operation }> {
    const current = await this.get(name);
    this.requireAdmitted(current, kind);
    await this.requireEngine();
    // The request is a placeholder until the operation starts: it then takes the deployment's.
    return this.queue({ id: newId(), deployment: name, kind, request: current.request });
  }

  /** A deployment that exists: a destroyed one is not found, though its history is. */
  async get(name: string): Promise<Deployment> {
    const deployment = await this.store.deployments.get(name);
    if (!deployment) throw new NotFoundError(`deployment "${name}" not found`);
    if (deployment.status === "destroyed") throw new NotFoundError(`deployment "${name}" was destroyed at ${deployment.updatedAt}; its operations remain at /v1/deployments/${name}/operations`);
    return deployment;
  }

  list(filter: DeploymentFilter): Promise<Deployment[]> {
    return this.store.deployments.list(filter);
  }

  /** A deployment's operations, newest first, with its status — they stay readable after a destroy. */
  async history(name: string, limit: number, before?: string): Promise<{ deployment: Deployment; operations: Operation[] }> {
    const deployment = await this.store.deployments.get(name);
    if (!deployment) throw new NotFoundError(`deployment "${name}" not found`);
    return { deployment, operations: await this.store.operations.listByDeployment(name, limit, before) };
  }

  async operations(name: string, limit: number, before?: string): Promise<Operation[]> {
    await this.get(name);
    return this.store.operations.listByDeployment(name, limit, before);
  }

  async operation(id: string): Promise<Operation> {
    const operation = await this.store.operations.get(id);
    if (!operation) throw new NotFoundError(`operation "${id}" not found`);
    return operation;
  }

  /**
   * Cancels a queued operation in the store, or flags a running one there — whichever
   * instance runs it reads the flag when it next polls — and stops it at once if it runs here.
   */
  async cancel(id: string): Promise<Operation> {
    await this.operation(id);
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

  private async queue(operation: NewOperation): Promise<{ deployment: Deployment; operation: Operation }> {
    await this.store.operations.enqueue(operation, new Date().toISOString()).catch((err: unknown) => domainError(err, `deployment "${operation.deployment}"`));
    return this.accepted(operation.deployment, operation.id);
  }

  /** The state as accepted (the operation still queued, unless a worker was quicker), then wakes the worker. */
  private async accepted(name: string, operationId: string): Promise<{ deployment: Deployment; operation: Operation }> {
    const [deployment, operation] = await Promise.all([this.store.deployments.get(name), this.store.operations.get(operationId)]);
    this.worker.notify();
    if (!deployment || !operation) throw new NotFoundError(`deployment "${name}" not found`);
    return { deployment, operation };
  }

  /** Refuses, before planning, what the store would refuse to queue (it decides again as it writes). */
  private requireAdmitted(deployment: Deployment, kind: Exclude<OperationKind, "create">): void {
    const admission = admit(deployment, kind, deployment.updatedAt);
    if (!admission.ok) throw new ConflictError(admission.reason);
  }

  private async requireEngine(): Promise<void> {
    const availability = await this.engine.availability();
    if (!availability.ok) throw new EngineUnavailableError(availability.reason);
  }

  /** Validates and plans the request offline; refuses it on a field error or a mandatory policy violation. */
  private async gate(blueprint: string, request: DeploymentRequest, name: string, region: string): Promise<void> {
    const result = await this.planner.run({ blueprint, request, name, region });
    if (!result.ok) {
      if (result.kind === "unknown-blueprint") throw new ValidationError(result.message, [{ field: "blueprint", message: result.message }]);
      throw new ValidationError(`invalid request for ${blueprint}`, result.fieldErrors);
    }
    if (result.policy && !result.policy.passed) throw new PolicyViolationError(`the change violates mandatory policies`, result.policy);
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
