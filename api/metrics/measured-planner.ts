import { OverloadedError } from "../domain/errors";
import type { PlanTaskInput, PlanTaskResult } from "../plans/plan-task";
import type { Planner } from "../plans/planner";
import type { ServiceMetrics } from "./service-metrics";

/** A planner whose every plan is timed into the service's metrics, memoized answers told apart. */
export class MeasuredPlanner implements Planner {
  constructor(
    private readonly inner: Planner & { close?(): Promise<void> },
    private readonly metrics: ServiceMetrics,
  ) {}

  async run(input: PlanTaskInput): Promise<PlanTaskResult> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await this.inner.run(input);
      this.metrics.plan(result.ok ? "planned" : "invalid", result.ok && result.memoized === true, seconds());
      return result;
    } catch (err) {
      this.metrics.plan(err instanceof OverloadedError ? "refused" : "error", false, seconds());
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
