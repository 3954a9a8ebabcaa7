import { BatchStopJobRunCommand, GetJobRunsCommand, StartJobRunCommand, type GlueClient, type JobRun } from "@aws-sdk/client-glue";
import type { JobObservation, JobPhase, StartResult, StreamingJobClient } from "./job-observation";

const PHASES: Record<string, JobPhase> = { STARTING: "starting", WAITING: "starting", RUNNING: "running", STOPPING: "stopping" };
const FAILED = new Set(["FAILED", "ERROR", "TIMEOUT"]);
/** A streaming job allows one run at a time (glue-job.ts), so the last few runs hold the live one. */
const RECENT_RUNS = 10;

/**
 * Glue streaming jobs through the Glue API: StartJobRun, GetJobRuns, BatchStopJobRun
 * (https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html and siblings).
 */
export class GlueStreamingJobs implements StreamingJobClient {
  constructor(private readonly glue: GlueClient) {}

  async observe(name: string, signal?: AbortSignal): Promise<JobObservation> {
    const run = await this.currentRun(name, signal);
    if (!run) return { state: "NOT_STARTED", phase: "stopped", runId: null, startedAt: null, lastError: null };
    const state = run.JobRunState ?? "UNKNOWN";
    return {
      state,
      phase: PHASES[state] ?? "stopped",
      runId: run.Id ?? null,
      startedAt: run.StartedOn ? run.StartedOn.toISOString() : null,
      lastError: FAILED.has(state) ? (run.ErrorMessage ?? state) : null,
    };
  }

  async start(name: string, signal?: AbortSignal): Promise<StartResult> {
    const current = await this.observe(name, signal);
    if (current.phase === "running" || current.phase === "starting") return { outcome: "already-running", runId: current.runId };
    try {
      const { JobRunId } = await this.glue.send(new StartJobRunCommand({ JobName: name }), { abortSignal: signal });
      return { outcome: "started", runId: JobRunId ?? null };
    } catch (err) {
      // With MaxConcurrentRuns 1 (glue-job.ts) a run started meanwhile — the watchdog
      // schedule, the console — makes StartJobRun answer ConcurrentRunsExceededException
      // (Glue API, StartJobRun errors; ExecutionProperty: "An error is returned when this
      // threshold is reached"). That is the state asked for. Should no run be live, the error
      // is an account-wide limit and is the caller's to see.
      if (err instanceof Error && err.name === "ConcurrentRunsExceededException") {
        const now = await this.observe(name, signal);
        if (now.phase === "running" || now.phase === "starting") return { outcome: "already-running", runId: now.runId };
      }
      throw err;
    }
  }

  async requestStop(name: string, signal?: AbortSignal): Promise<"stopping" | "already-stopped"> {
    const run = await this.currentRun(name, signal);
    const state = run?.JobRunState ?? "";
    if (!run?.Id || !(state in PHASES)) return "already-stopped";
    if (state === "STOPPING") return "stopping";
    // BatchStopJobRun answers 200 with per-run Errors rather than failing the call
    // (https://docs.aws.amazon.com/glue/latest/webapi/API_BatchStopJobRun.html).
    const { Errors } = await this.glue.send(new BatchStopJobRunCommand({ JobName: name, JobRunIds: [run.Id] }), { abortSignal: signal });
    const refused = Errors?.find((e) => e.JobRunId === run.Id);
    if (refused) {
      // A run that ended between the read and the stop is stopped all the same.
      const now = await this.observe(name, signal);
      if (now.phase === "stopped") return "already-stopped";
      const error = new Error(`Glue refused to stop run ${run.Id} of ${name}: ${refused.ErrorDetail?.ErrorCode ?? "error"}: ${refused.ErrorDetail?.ErrorMessage ?? "no detail"}`);
      error.name = refused.ErrorDetail?.ErrorCode ?? "BatchStopJobRunError";
      throw error;
    }
    return "stopping";
  }

  /** The live run if there is one, else the newest. */
  private async currentRun(name: string, signal?: AbortSignal): Promise<JobRun | undefined> {
    const { JobRuns = [] } = await this.glue.send(new GetJobRunsCommand({ JobName: name, MaxResults: RECENT_RUNS }), { abortSignal: signal });
    const live = JobRuns.find((r) => (r.JobRunState ?? "") in PHASES);
    if (live) return live;
    return [...JobRuns].sort((a, b) => (b.StartedOn?.getTime() ?? 0) - (a.StartedOn?.getTime() ?? 0))[0];
  }
}
