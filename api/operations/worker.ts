import { AsyncResource } from "node:async_hooks";
import type { Logger } from "pino";
import type { Operation } from "../domain/model";
import { EngineFailure, type DeploymentEngine } from "../engine/engine";
import type { OperationOutcome, Store } from "../store/store";
import { deploymentEffect } from "./deployment-effect";
import type { EventBus } from "./event-bus";

export interface WorkerOptions {
  /** Operations running at once across all deployments. */
  concurrency: number;
  /** How often to look for work queued by other processes and for cancel requests. */
  pollIntervalMs: number;
}

const now = () => new Date().toISOString();

/**
 * Runs queued operations outside any request: FIFO per deployment, one running per
 * deployment, at most `concurrency` at once. Claims and transitions are conditional updates
 * in the store, so several workers can share one store without running anything twice.
 */
export class OperationWorker {
  private readonly running = new Map<string, { operation: Operation; controller: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private ticking = false;
  private again = false;
  /**
   * Bound to the context the worker was created in (startup), so work started from inside a
   * request does not inherit the request's AsyncLocalStorage scope (pulumi/pulumi#20737).
   */
  readonly notify: () => void;

  constructor(
    private readonly store: Store,
    private readonly engine: DeploymentEngine,
    private readonly bus: EventBus,
    private readonly options: WorkerOptions,
    private readonly log: Logger,
  ) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error("worker concurrency must be a positive integer");
    this.notify = AsyncResource.bind(() => {
      void this.tick();
    });
  }

  /** Marks operations a dead process left running as interrupted, then starts working. */
  start(): void {
    const interrupted = this.store.interruptRunning({ title: "Interrupted", detail: "the service stopped while this operation was running; the next operation on this deployment clears its lock and pending operations first" }, now());
    for (const op of interrupted) {
      this.record(op.id, "slipstream.interrupted", { reason: op.error?.detail });
      this.log.warn({ operation: op.id, deployment: op.deployment }, "operation interrupted by a restart");
    }
    this.timer = setInterval(() => {
      this.checkCancellations();
      this.notify();
    }, this.options.pollIntervalMs);
    this.timer.unref();
    this.notify();
  }

  /** Asks a running operation to stop (SIGINT to the engine); queued ones are cancelled by the store. */
  cancel(operationId: string): void {
    this.running.get(operationId)?.controller.abort();
  }

  /** Stops taking work and lets running operations end gracefully. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    for (const { controller } of this.running.values()) controller.abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  get active(): number {
    return this.running.size;
  }

  private async tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.again = false;
        while (!this.stopping && this.running.size < this.options.concurrency) {
          const busy = [...this.running.values()].map((r) => r.operation.deployment);
          const operation = this.store.claimNextOperation(now(), busy);
          if (!operation) break;
          const controller = new AbortController();
          const done = this.execute(operation, controller).finally(() => {
            this.running.delete(operation.id);
            this.notify();
          });
          this.running.set(operation.id, { operation, controller, done });
        }
      } while (this.again && !this.stopping);
    } catch (err) {
      this.log.error({ err }, "claiming operations failed");
    } finally {
      this.ticking = false;
    }
  }

  private checkCancellations(): void {
    for (const [id, { controller }] of this.running) {
      if (!controller.signal.aborted && this.store.getOperation(id)?.cancelRequested) controller.abort();
    }
  }

  private record(operationId: string, type: string, data: unknown): void {
    this.bus.publish(this.store.appendEvent(operationId, type, data, now()));
  }

  private async execute(operation: Operation, controller: AbortController): Promise<void> {
    const log = this.log.child({ operation: operation.id, deployment: operation.deployment, kind: operation.kind });
    const deployment = this.store.getDeployment(operation.deployment);
    if (!deployment || deployment.status === "destroyed") {
      this.finish(operation, { status: "failed", error: { title: "Deployment missing", detail: "the deployment no longer exists" } });
      return;
    }
    if (this.store.getOperation(operation.id)?.cancelRequested) controller.abort();
    this.record(operation.id, "slipstream.started", { kind: operation.kind, recover: deployment.needsRecovery });
    log.info("operation started");
    try {
      const result = await this.engine.run({
        operation,
        deployment,
        signal: controller.signal,
        recover: deployment.needsRecovery,
        emit: (type, data) => this.record(operation.id, type, data),
      });
      this.finish(operation, { status: "succeeded", summary: result.summary, deployment: deploymentEffect(operation.kind, { succeeded: true, outputs: result.outputs }) });
      log.info({ summary: result.summary }, "operation succeeded");
    } catch (err) {
      const failure = err instanceof EngineFailure ? err : new EngineFailure(`${operation.kind} failed`, "an unexpected error stopped the operation", false, { cause: err });
      if (!(err instanceof EngineFailure)) log.error({ err }, "operation failed unexpectedly");
      const cancelled = failure.cancelled || controller.signal.aborted;
      this.finish(operation, { status: cancelled ? "cancelled" : "failed", error: { title: failure.title, detail: failure.detail }, deployment: deploymentEffect(operation.kind, { succeeded: false }) });
      log.warn({ title: failure.title }, "operation did not succeed");
    }
  }

  /** Ends the operation, its effect on the deployment and its last event in one store transaction. */
  private finish(operation: Operation, outcome: Omit<OperationOutcome, "event">): void {
    const data = { ...(outcome.summary ? { summary: outcome.summary } : {}), ...(outcome.error ? { error: outcome.error } : {}) };
    const event = this.store.finishOperation(operation.id, { ...outcome, event: { type: `slipstream.${outcome.status}`, data } }, now());
    if (event) this.bus.publish(event);
  }
}
