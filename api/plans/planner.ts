import type { PlanTaskInput, PlanTaskResult } from "./plan-task";

/** Renders offline plans (and their policy report); the service runs them off the event loop. */
export interface Planner {
  run(input: PlanTaskInput): Promise<PlanTaskResult>;
}
