import { declaredStreamingJobs, type StreamingJobDeclaration } from "../../blueprints/streaming-jobs";

/** What to do with one declared job after a create or update. */
export interface JobStep {
  job: StreamingJobDeclaration;
  /**
   * `ensure-running`: start it unless it runs. `restart`: a running Glue job keeps the script
   * and arguments it started with (a run reads them at StartJobRun), so a new revision means
   * stop, wait, start.
   */
  action: "ensure-running" | "restart";
  previousRevision?: string;
}

/**
 * The steps after an apply, from the outputs before and after it. A Flink application whose
 * revision changed only needs to run: an UpdateApplication on a RUNNING application moves it
 * through UPDATING back to RUNNING with the new code and properties — Managed Flink restarts
 * it itself (Managed Flink API, UpdateApplication; Developer Guide, "Application status":
 * RUNNING → UPDATING → RUNNING) — and a stopped one starts with them.
 */
export function planAfterApply(previousOutputs: Record<string, unknown> | undefined, outputs: Record<string, unknown>): { steps: JobStep[]; problem?: string } {
  const previous = new Map(declaredStreamingJobs(previousOutputs).jobs.map((j) => [j.id, j]));
  const { jobs, problem } = declaredStreamingJobs(outputs);
  const steps = jobs.map((job): JobStep => {
    const before = previous.get(job.id);
    const changed = before !== undefined && before.service === job.service && before.name === job.name && before.revision !== job.revision;
    return changed && job.service === "glue" ? { job, action: "restart", previousRevision: before.revision } : { job, action: "ensure-running" };
  });
  return { steps, ...(problem ? { problem } : {}) };
}
