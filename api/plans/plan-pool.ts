import * as path from "node:path";
import { Piscina } from "piscina";
import type { PlanTaskInput, PlanTaskResult } from "./plan-task";

/**
 * Offline plans run in worker threads: Pulumi's mock runtime is process-global, and a
 * plan is CPU-bound work that must stay off the HTTP event loop. Each worker renders one
 * plan at a time; a warm worker keeps its loaded modules and bundled Lambda code.
 */
export class PlanPool {
  private readonly pool: Piscina;

  constructor(options: { threads: number; idleTimeoutMs?: number }) {
    this.pool = new Piscina({
      filename: path.join(__dirname, "plan-worker.js"),
      minThreads: 0,
      maxThreads: options.threads,
      // The mock runtime renders one program at a time per thread.
      concurrentTasksPerWorker: 1,
      idleTimeout: options.idleTimeoutMs ?? 60_000,
    });
  }

  run(input: PlanTaskInput): Promise<PlanTaskResult> {
    return this.pool.run(input) as Promise<PlanTaskResult>;
  }

  get threads(): number {
    return this.pool.threads.length;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
