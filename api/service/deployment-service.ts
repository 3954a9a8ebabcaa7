import { randomUUID } from "node:crypto";
import { deploymentNameSchema } from "../../blueprints/deployment-name";
import { ConflictError, EngineUnavailableError, NotFoundError, PolicyViolationError, ValidationError } from "../domain/errors";
import type { Deployment, DeploymentRequest, Operation, OperationKind } from "../domain/model";
import type { DeploymentEngine } from "../engine/engine";
import type { OperationWorker } from "../operations/worker";
import type { DeploymentFilter, Store } from "../store/store";
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
    if (this.exists(name.data)) throw new ConflictError(`deployment "${name.data}" already exists`);
    // Bad input is the caller's to fix whether or not the engine is installed: validate first.
    await this.gate(input.blueprint, request, name.data, region);
    await this.requireEngine();

    const now = new Date().toISOString();
    const deployment: Deployment = { name: name.data, blueprint: input.blueprint, region, request, status: "pending", outputs: {}, needsRecovery: false, createdAt: now, updatedAt: now };
    const operation = { id: randomUUID(), deployment: name.data, kind: "create" as const, request };
    if (!this.store.createDeployment(deployment, operation)) throw new ConflictError(`deployment "${name.data}" already exists`);
    return this.accepted(name.data, operation.id);
  }

  /**
   * Queues an update. Its params and tags stay on the operation until it succeeds; only then
   * are they the deployment's. Tags left out are the deployment's applied ones.
   */
  async update(name: string, input: UpdateDeploymentInput): Promise<{ deployment: Deployment; operation: Operation }> {
    const current = this.get(name);
    const request: DeploymentRequest = { params: input.params, tags: input.tags ?? current.request.tags };
    this.requireLive(current, "update");
    await this.gate(current.blueprint, request, name, current.region);
    await this.requireEngine();
    const operation = { id: randomUUID(), deployment: name, kind: "update" as const, request };
    if (!this.store.enqueueOperation(operation, false)) throw new ConflictError(`deployment "${name}" is being destroyed`);
    return this.accepted(name, operation.id);
  }

  /** Queues a preview, refresh or destroy of the deployment's current request. */
  async enqueue(name: string, kind: Extract<OperationKind, "preview" | "refresh" | "destroy">): Promise<{ deployment: Deployment; operation: Operation }> {
    const current = this.get(name);
    this.requireLive(current, kind);
    if (kind === "refresh" && current.status === "pending") throw new ConflictError(`deployment "${name}" has not been deployed yet; nothing to refresh`);
    await this.requireEngine();
    const operation = { id: randomUUID(), deployment: name, kind, request: current.request };
    if (!this.store.enqueueOperation(operation, kind === "destroy")) throw new ConflictError(`deployment "${name}" is being destroyed`);
    return this.accepted(name, operation.id);
  }

  /** A deployment that exists: a destroyed one is not found, though its history is. */
  get(name: string): Deployment {
    const deployment = this.store.getDeployment(name);
    if (!deployment) throw new NotFoundError(`deployment "${name}" not found`);
    if (deployment.status === "destroyed") throw new NotFoundError(`deployment "${name}" was destroyed at ${deployment.updatedAt}; its operations remain at /v1/deployments/${name}/operations`);
    return deployment;
  }

  private exists(name: string): boolean {
    const deployment = this.store.getDeployment(name);
    return deployment !== undefined && deployment.status !== "destroyed";
  }

  list(filter: DeploymentFilter): Deployment[] {
    return this.store.listDeployments(filter);
  }

  /** A deployment's operations, newest first, with its status — they stay readable after a destroy. */
  history(name: string, limit: number, before?: string): { deployment: Deployment; operations: Operation[] } {
    const deployment = this.store.getDeployment(name);
    if (!deployment) throw new NotFoundError(`deployment "${name}" not found`);
    return { deployment, operations: this.store.listOperations(name, limit, before) };
  }

  operations(name: string, limit: number, before?: string): Operation[] {
    this.get(name);
    return this.store.listOperations(name, limit, before);
  }

  operation(id: string): Operation {
    const operation = this.store.getOperation(id);
    if (!operation) throw new NotFoundError(`operation "${id}" not found`);
    return operation;
  }

  cancel(id: string): Operation {
    const operation = this.operation(id);
    if (operation.status !== "queued" && operation.status !== "running") throw new ConflictError(`operation "${id}" already ${operation.status}`);
    const updated = this.store.requestCancel(id, new Date().toISOString())!;
    if (updated.status === "running") this.worker.cancel(id);
    return updated;
  }

  /** The state as accepted (the operation still queued), then wakes the worker. */
  private accepted(name: string, operationId: string): { deployment: Deployment; operation: Operation } {
    const result = { deployment: this.get(name), operation: this.store.getOperation(operationId)! };
    this.worker.notify();
    return result;
  }

  private requireLive(deployment: Deployment, action: string): void {
    if (deployment.status === "destroying") throw new ConflictError(`deployment "${deployment.name}" is being destroyed; ${action} is not allowed`);
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
