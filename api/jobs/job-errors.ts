import type { StreamingJobDeclaration } from "../../blueprints/streaming-jobs";

/** Raised by a start or stop of one job that AWS refused or that could not finish. */
export class JobActionError extends Error {
  constructor(
    message: string,
    readonly job: StreamingJobDeclaration,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "JobActionError";
  }
}

/** Raised before a destroy when some jobs did not stop within the bound. */
export class JobsStillRunningError extends Error {
  constructor(readonly failures: { job: StreamingJobDeclaration; error: string }[]) {
    super(failures.map((f) => `${f.job.service} job ${f.job.name} (${f.job.id}): ${f.error}`).join("; "));
    this.name = "JobsStillRunningError";
  }
}
