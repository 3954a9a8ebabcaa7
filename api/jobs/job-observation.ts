import type { StreamingJobDeclaration } from "../../blueprints/streaming-jobs";

/**
 * Where a job is in its life, whatever the service: what the lifecycle decides on. The
 * service's own state word (Glue's JobRunState, Flink's ApplicationStatus) is kept beside it
 * for people.
 */
export type JobPhase = "running" | "starting" | "stopping" | "stopped";

/** A job as AWS reports it now. */
export interface JobObservation {
  /** The service's own word: RUNNING, STOPPED, READY, … — `NOT_STARTED` for a Glue job without runs. */
  state: string;
  phase: JobPhase;
  /** The Glue run id; Managed Flink has no runs (null). */
  runId: string | null;
  /** When the current or last run started (Glue); null when AWS does not say. */
  startedAt: string | null;
  /** Why the last run ended badly (Glue's ErrorMessage), if it did. */
  lastError: string | null;
}

/** What a start did: started a run, or found one already running (a no-op). */
export interface StartResult {
  outcome: "started" | "already-running";
  runId: string | null;
}

/**
 * One AWS service's view of streaming jobs, by name, in one region. Calls throw the SDK's
 * errors (throttling included): retrying is the caller's (throttling.ts).
 */
export interface StreamingJobClient {
  observe(name: string, signal?: AbortSignal): Promise<JobObservation>;
  /** Starts the job unless it runs (or is starting): then it is "already-running". */
  start(name: string, signal?: AbortSignal): Promise<StartResult>;
  /** Asks a running job to stop; one not running is "already-stopped". Does not wait. */
  requestStop(name: string, signal?: AbortSignal): Promise<"stopping" | "already-stopped">;
}

/** Picks the client for a job's service. */
export type StreamingJobClients = Record<StreamingJobDeclaration["service"], StreamingJobClient>;
