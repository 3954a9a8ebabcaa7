import type { OperationEvent } from "../domain/model";

/**
 * Start failures a change recorded, by job id: a job whose last `slipstream.job.*` start
 * event of the operation is `start-failed` (a later `started` or `already-running` clears it).
 * AWS keeps no trace of a StartJobRun or StartApplication it refused, so this is where a
 * deployment's GET finds why a job is not running.
 */
export function recordedStartFailures(events: readonly OperationEvent[]): Map<string, string> {
  const failures = new Map<string, string>();
  for (const event of events) {
    const data = event.data as { id?: unknown; error?: unknown } | null;
    if (typeof data?.id !== "string") continue;
    if (event.type === "slipstream.job.start-failed") failures.set(data.id, typeof data.error === "string" ? data.error : "the job did not start");
    else if (event.type === "slipstream.job.started" || event.type === "slipstream.job.already-running") failures.delete(data.id);
  }
  return failures;
}
