import * as path from "node:path";
import { Piscina } from "piscina";
import { OverloadedError } from "../domain/errors";
import type { PlanTaskInput, PlanTaskResult } from "./plan-task";

export interface PlanPoolOptions {
  threads: number;
  /**
   * Plans waiting for a thread at most (SLIPSTREAM_PLAN_QUEUE). Past it a plan is refused at
   * once (429 with Retry-After) rather than joining a queue whose wait only grows.
   */
  maxQueue?: number;
  idleTimeoutMs?: number;
}

/**
 * The young generation of a plan thread's heap. A plan allocates ~40 MB (msk-data-lake), most of
 * it promises and outputs that live as long as the plan; with the default young generation they
 * outlived three or four scavenges, were promoted, and V8's helper threads spent as much CPU
 * marking the old generation as the plan thread spent planning — so two plan threads on two
 * cores fought those helpers for the CPUs. At 64 MB most of a plan dies young: 1.4-1.7× the
 * plans per second on one thread, and 1.5× on two (bench/README.md).
 */
export const PLAN_THREAD_LIMITS = { maxYoungGenerationSizeMb: 64 };

/** Weight of the latest plan in the running average of plan times: what a refused caller is told to wait. */
const RECENT_WEIGHT = 0.2;

/**
 * Offline plans run in worker threads: Pulumi's mock runtime is process-global, and a
 * plan is CPU-bound work that must stay off the HTTP event loop. Each worker renders one
 * plan at a time; a warm worker keeps its loaded modules and bundled Lambda code, and an idle
 * one exits after `idleTimeoutMs`, giving its memory back. The queue in front of them is
 * bounded: under overload a plan is refused with how long to wait instead of waiting ever
 * longer.
 */
export class PlanPool {
  private readonly pool: Piscina;
  private averagePlanMs = 500;

  constructor(private readonly options: PlanPoolOptions) {
    this.pool = new Piscina({
      filename: path.join(__dirname, "plan-worker.js"),
      minThreads: 0,
      maxThreads: options.threads,
      // The mock runtime renders one program at a time per thread.
      concurrentTasksPerWorker: 1,
      idleTimeout: options.idleTimeoutMs ?? 60_000,
      resourceLimits: PLAN_THREAD_LIMITS,
    });
  }

  async run(input: PlanTaskInput): Promise<PlanTaskResult> {
    const maxQueue = this.options.maxQueue;
    // Refused before it is queued: piscina's own limit answers a plain Error.
    if (maxQueue !== undefined && this.pool.queueSize >= maxQueue) {
      const waitSeconds = Math.min(60, Math.max(1, Math.ceil(((this.pool.queueSize + 1) * this.averagePlanMs) / this.options.threads / 1000)));
      throw new OverloadedError(`the service is planning ${this.pool.queueSize} requests ahead of this one, as many as it queues (SLIPSTREAM_PLAN_QUEUE); retry in ${waitSeconds} s`, waitSeconds);
    }
    const result = (await this.pool.run(input)) as PlanTaskResult;
    if (result.ok) this.averagePlanMs += RECENT_WEIGHT * (result.elapsedMs - this.averagePlanMs);
    return result;
  }

  get threads(): number {
    return this.pool.threads.length;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
