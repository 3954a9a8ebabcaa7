import type { DriftChange } from "../../../api/domain/model";
import { EngineFailure, type Availability, type DeploymentEngine, type EngineResult, type EngineRun } from "../../../api/engine/engine";

/**
 * A DeploymentEngine whose runs the test controls: each run waits until released, can be
 * told to fail, and honours its abort signal like the Automation API (SIGINT → cancelled).
 * It tests the service's queueing and state machine; the real engine path is tested end
 * to end against the Pulumi CLI stand-in.
 */
export class ScriptedEngine implements DeploymentEngine {
  readonly started: EngineRun[] = [];
  running = 0;
  maxRunning = 0;
  autoRelease = true;
  failKinds = new Set<string>();
  /** What a drift check of each deployment finds (nothing when absent); change it between checks. */
  readonly drift = new Map<string, DriftChange[]>();
  available: Availability = { ok: true, version: "3.999.0" };
  private readonly waiters = new Map<string, () => void>();
  observe: ((run: EngineRun) => void) | undefined;

  async availability(): Promise<Availability> {
    return this.available;
  }

  release(operationId: string): void {
    this.waiters.get(operationId)?.();
  }

  async run(run: EngineRun): Promise<EngineResult> {
    this.started.push(run);
    this.observe?.(run);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      run.emit("preludeEvent", { config: {} });
      await new Promise<void>((resolve, reject) => {
        const abort = () => reject(new EngineFailure("Cancelled", `the ${run.operation.kind} was cancelled`, true));
        if (run.signal.aborted) return abort();
        run.signal.addEventListener("abort", abort, { once: true });
        this.waiters.set(run.operation.id, resolve);
        if (this.autoRelease) setImmediate(resolve);
      });
      if (this.failKinds.has(run.operation.kind)) throw new EngineFailure(`${run.operation.kind} failed`, "provider said no");
      if (run.operation.kind === "drift-check") {
        const found = this.drift.get(run.deployment.name) ?? [];
        run.emit("summaryEvent", { resourceChanges: { update: found.length } });
        return { summary: { update: found.length }, drift: found };
      }
      run.emit("summaryEvent", { resourceChanges: { create: 2 } });
      return { summary: { create: 2 }, outputs: run.operation.kind === "destroy" ? {} : { endpoint: `https://${run.deployment.name}.example` } };
    } finally {
      this.running--;
    }
  }
}
