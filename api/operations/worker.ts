import { AsyncResource } from "node:async_hooks";
import type { Logger } from "pino";
import type { Deployment, Operation, OperationError } from "../domain/model";
import type { ServiceMetrics } from "../metrics/service-metrics";
import { EngineFailure, type DeploymentEngine } from "../engine/engine";
import { StoreConflictError, type OperationOutcome, type Store } from "../store/store";
import type { EventBus } from "./event-bus";
import { PROCESS_INSTANCE_ID } from "./instance-id";
import { RunEvents } from "./run-events";
import type { StreamingJobHooks } from "./streaming-job-hooks";

export interface WorkerOptions {
  /** Operations running at once across all deployments. */
  concurrency: number;
  /** How often to look for work queued by other processes, lapsed leases and cancel requests. */
  pollIntervalMs: number;
  /**
   * How long a claim lasts unless renewed (SLIPSTREAM_LEASE_MS). The heartbeat renews every
   * third of it, so two missed beats still leave the lease live.
   */
  leaseMs: number;
  /** Owner of this worker's leases; one per process by default. */
  instanceId?: string;
  /** Milliseconds since the epoch; tests move it. */
  clock?: () => number;
  /**
   * The streaming-job lifecycle: starts declared jobs after a create or update, stops them
   * before a destroy (issue #13). Without it, operations touch only the stack.
   */
  jobs?: StreamingJobHooks;
  /** Told each operation this worker ended, with how long it ran here (`GET /metrics`). */
  metrics?: Pick<ServiceMetrics, "operationEnded">;
}

const INTERRUPTED: OperationError = {
  title: "Interrupted",
  detail: "the service instance running this operation stopped or went silent for longer than its lease; the next operation on this deployment clears its lock and pending operations first",
};

interface Run {
  operation: Operation;
  controller: AbortController;
  /** Set when the lease could not be renewed: the run is stopped and its outcome not recorded. */
  leaseLost: boolean;
  /**
   * Set once the run's outcome is being written: a renewal or read racing that write sees the
   * operation ended by this very run, not recovered by another (the write itself says if it was).
   */
  finishing: boolean;
  /** When this worker started it (performance.now()). */
  startedAt: number;
  done: Promise<void>;
}

const isLeaseLost = (err: unknown) => err instanceof StoreConflictError && err.reason === "lease-lost";

/** Runs `task` every `ms`, skipping a tick while the previous run is still going (a slow store). */
function every(ms: number, task: () => Promise<void>): NodeJS.Timeout {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void task().finally(() => {
      busy = false;
    });
  }, ms);
  timer.unref();
  return timer;
}

/**
 * Runs queued operations outside any request: FIFO per deployment, one running per
 * deployment, at most `concurrency` at once in this process. Several instances may share a
 * store: each claims under a lease in its own name and renews it while the operation runs
 * (the heartbeat); an operation whose lease lapsed — its instance died or stalled — is
 * recovered by whichever instance polls next, and its old holder, should it wake, can
 * neither renew nor finish it. Claims, outcomes and recoveries are conditional writes in
 * the store, so nothing runs twice and nothing is finished twice.
 */
export class OperationWorker {
  readonly instanceId: string;
  private readonly running = new Map<string, Run>();
  private readonly clock: () => number;
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private ticking = false;
  private again = false;
  private tickDone: Promise<void> = Promise.resolve();
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
    if (!Number.isInteger(options.leaseMs) || options.leaseMs < 3) throw new Error("worker leaseMs must be an integer of at least 3");
    this.instanceId = options.instanceId ?? PROCESS_INSTANCE_ID;
    this.clock = options.clock ?? Date.now;
    this.notify = AsyncResource.bind(() => {
      this.tick();
    });
  }

  /**
   * Recovers operations whose lease lapsed (never a live one: another instance may be
   * running it), then starts polling, renewing its leases and taking work.
   */
  async start(): Promise<void> {
    this.log.info({ instance: this.instanceId, leaseMs: this.options.leaseMs }, "worker starting");
    await this.recoverExpired();
    this.pollTimer = every(this.options.pollIntervalMs, () => this.poll());
    this.heartbeatTimer = every(Math.floor(this.options.leaseMs / 3), () => this.heartbeat());
    this.notify();
  }

  /** What each poll does: recover lapsed leases, honour cancel requests, look for work. */
  async poll(): Promise<void> {
    await this.recoverExpired();
    await this.checkRunning();
    this.notify();
  }

  /** What each beat does: extends the lease of every operation this worker runs. */
  async heartbeat(): Promise<void> {
    const lease = this.lease();
    await Promise.all(
      [...this.running.values()]
        .filter((run) => !run.leaseLost)
        .map(async (run) => {
          try {
            await this.store.operations.renewLease(run.operation.id, lease);
          } catch (err) {
            if (isLeaseLost(err)) this.loseLease(run);
            // The store may be briefly unreachable: the next beat tries again while the lease lasts.
            else this.log.warn({ err, operation: run.operation.id }, "renewing an operation's lease failed");
          }
        }),
    );
  }

  /** Asks a running operation to stop (SIGINT to the engine); queued ones are cancelled by the store. */
  cancel(operationId: string): void {
    this.running.get(operationId)?.controller.abort();
  }

  /**
   * Stops taking work and cancels running operations (SIGINT to the engine), renewing their
   * leases until each has recorded its outcome (`cancelled`, or `failed`/`succeeded` if it ended
   * another way first). With `graceMs`, waits at most that long: operations still running then
   * are returned and their leases are no longer renewed, so they lapse and another instance —
   * or this one's next start — recovers them as `interrupted`.
   */
  async stop(options: { graceMs?: number } = {}): Promise<{ unfinished: Operation[] }> {
    this.stopping = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.tickDone;
    const runs = [...this.running.values()];
    for (const { controller } of runs) controller.abort();
    const settled = Promise.allSettled(runs.map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<"timeout">((resolve) => {
      if (options.graceMs !== undefined) timer = setTimeout(() => resolve("timeout"), options.graceMs);
    });
    await Promise.race([settled, outOfTime]);
    clearTimeout(timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    return { unfinished: [...this.running.values()].map((r) => r.operation) };
  }

  get active(): number {
    return this.running.size;
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  private lease() {
    return { owner: this.instanceId, expiresAt: new Date(this.clock() + this.options.leaseMs).toISOString() };
  }

  private tick(): void {
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    this.tickDone = this.claimWhileFree().finally(() => {
      this.ticking = false;
    });
  }

  private async claimWhileFree(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopping && this.running.size < this.options.concurrency) {
          const busy = [...this.running.values()].map((r) => r.operation.deployment);
          const operation = await this.store.operations.claimNext(this.lease(), this.now(), busy);
          if (!operation) break;
          this.launch(operation);
        }
      } while (this.again && !this.stopping);
    } catch (err) {
      this.log.error({ err }, "claiming operations failed");
    }
  }

  private launch(operation: Operation): void {
    const run: Run = { operation, controller: new AbortController(), leaseLost: false, finishing: false, startedAt: performance.now(), done: Promise.resolve() };
    this.running.set(operation.id, run);
    run.done = this.execute(run).finally(() => {
      this.running.delete(operation.id);
      this.notify();
    });
  }

  private async recoverExpired(): Promise<void> {
    try {
      const recovered = await this.store.operations.recoverExpired(this.now(), INTERRUPTED);
      for (const op of recovered) {
        this.log.warn({ operation: op.id, deployment: op.deployment, kind: op.kind }, "operation interrupted: its instance stopped or went silent past its lease");
        await this.publishLast(op.id, "slipstream.interrupted");
      }
    } catch (err) {
      this.log.error({ err }, "recovering operations with lapsed leases failed");
    }
  }

  /** Wakes local followers with an event the store appended on its own (recoveries). */
  private async publishLast(operationId: string, type: string): Promise<void> {
    let after = 0;
    let found;
    for (;;) {
      const page = await this.store.events.list(operationId, after, 500);
      found = page.findLast((e) => e.type === type) ?? found;
      if (page.length < 500) break;
      after = page[page.length - 1]!.sequence;
    }
    if (found) this.bus.publish(found);
  }

  /**
   * Reads each running operation back from the store: a cancel request may have reached
   * another instance, and an operation no longer running was recovered by one.
   */
  private async checkRunning(): Promise<void> {
    for (const run of this.running.values()) {
      if (run.controller.signal.aborted) continue;
      try {
        const current = await this.store.operations.get(run.operation.id);
        if (current && current.status !== "running") this.loseLease(run);
        else if (current?.cancelRequested) run.controller.abort();
      } catch (err) {
        this.log.warn({ err, operation: run.operation.id }, "reading a running operation failed");
      }
    }
  }

  private loseLease(run: Run): void {
    if (run.leaseLost || run.finishing) return;
    run.leaseLost = true;
    this.log.warn({ operation: run.operation.id, deployment: run.operation.deployment }, "operation lease lost: another instance recovered it; stopping the run without recording an outcome");
    run.controller.abort();
  }

  private async execute(run: Run): Promise<void> {
    const { operation, controller } = run;
    // Every line of the run names who asked for it (a token's id and name, never a secret).
    const log = this.log.child({ operation: operation.id, deployment: operation.deployment, kind: operation.kind, requestedBy: { tokenId: operation.requestedBy.tokenId, tokenName: operation.requestedBy.tokenName } });
    const events = new RunEvents(this.store, this.bus, operation.id, () => this.now(), log, () => run.leaseLost);
    try {
      const deployment = await this.store.deployments.get(operation.deployment);
      if (!deployment || deployment.status === "destroyed") {
        await this.finish(run, events, log, { status: "failed", error: { title: "Deployment missing", detail: "the deployment no longer exists" } });
        return;
      }
      if (operation.cancelRequested) controller.abort();
      await events.record("slipstream.started", { kind: operation.kind, recover: deployment.needsRecovery, requestedBy: { tokenId: operation.requestedBy.tokenId, tokenName: operation.requestedBy.tokenName, team: operation.requestedBy.team } });
      log.info("operation started");
      let outcome: Omit<OperationOutcome, "event">;
      try {
        if (operation.kind === "destroy") await this.stopJobs(deployment, events, controller.signal);
        const result = await this.engine.run({
          operation,
          deployment,
          signal: controller.signal,
          recover: deployment.needsRecovery,
          emit: (type, data) => events.emit(type, data),
        });
        if ((operation.kind === "create" || operation.kind === "update") && this.options.jobs && !controller.signal.aborted) {
          // The stack changed whatever happens to the jobs: a job that will not start is an
          // event of a succeeded operation, never its failure (the lifecycle does not throw).
          await this.options.jobs.afterApply(deployment, deployment.outputs, result.outputs ?? deployment.outputs, (type, data) => events.emit(type, data), controller.signal).catch((err: unknown) => {
            log.error({ err }, "starting the deployment's streaming jobs failed in the service");
          });
        }
        outcome = { status: "succeeded", summary: result.summary, ...(result.outputs ? { outputs: result.outputs } : {}), ...(operation.kind === "drift-check" ? { drift: result.drift ?? [] } : {}) };
      } catch (err) {
        const failure = err instanceof EngineFailure ? err : new EngineFailure(`${operation.kind} failed`, "an unexpected error stopped the operation", false, { cause: err });
        if (!(err instanceof EngineFailure) && !run.leaseLost) log.error({ err }, "operation failed unexpectedly");
        const cancelled = failure.cancelled || controller.signal.aborted;
        outcome = { status: cancelled ? "cancelled" : "failed", error: { title: failure.title, detail: failure.detail } };
      }
      await this.finish(run, events, log, outcome);
    } catch (err) {
      // The store failed under the run. The lease is no longer renewed once this returns, so
      // the operation is recovered (interrupted) when it lapses rather than left running.
      log.error({ err }, "running the operation failed in the service; its lease will lapse and it will be recovered");
    }
  }

  /**
   * Before a destroy touches the stack: the declared streaming jobs stop first, so nothing is
   * deleted under a running job. Jobs that will not stop fail the destroy with that reason.
   */
  private async stopJobs(deployment: Deployment, events: RunEvents, signal: AbortSignal): Promise<void> {
    if (!this.options.jobs) return;
    try {
      await this.options.jobs.beforeDestroy(deployment, (type, data) => events.emit(type, data), signal);
    } catch (err) {
      if (signal.aborted) throw new EngineFailure("Cancelled", "the destroy was cancelled while its streaming jobs were stopping; the stack was not touched", true, { cause: err });
      const reason = err instanceof Error ? err.message : String(err);
      throw new EngineFailure("Streaming jobs did not stop", `the destroy stopped before touching the stack because these jobs could not be stopped: ${reason}. Stop them (POST /v1/deployments/${deployment.name}/jobs/{job}/stop or in AWS) and destroy again`, false, { cause: err });
    }
  }

  /** Ends the operation: its outcome, the deployment's new state and its last event, in one store write. */
  private async finish(run: Run, events: RunEvents, log: Logger, outcome: Omit<OperationOutcome, "event">): Promise<void> {
    await events.drain();
    if (run.leaseLost) {
      log.warn({ outcome: outcome.status }, "operation lease lost: another instance recovered it; this run's outcome is not recorded");
      return;
    }
    const data = { ...(outcome.summary ? { summary: outcome.summary } : {}), ...(outcome.error ? { error: outcome.error } : {}) };
    let event;
    run.finishing = true;
    try {
      event = await this.store.operations.finish(run.operation.id, this.instanceId, { ...outcome, event: { type: `slipstream.${outcome.status}`, data } }, this.now());
    } catch (err) {
      if (!isLeaseLost(err)) throw err;
      run.leaseLost = true;
      log.warn({ outcome: outcome.status }, "operation lease lost: another instance recovered it before its outcome was recorded; this run's outcome is discarded");
      return;
    }
    this.bus.publish(event);
    this.options.metrics?.operationEnded(run.operation.kind, outcome.status, (performance.now() - run.startedAt) / 1000);
    if (outcome.status === "succeeded") log.info({ summary: outcome.summary }, "operation succeeded");
    else log.warn({ status: outcome.status, title: outcome.error?.title }, "operation did not succeed");
  }
}
