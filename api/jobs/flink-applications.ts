import { DescribeApplicationCommand, StartApplicationCommand, StopApplicationCommand, type KinesisAnalyticsV2Client } from "@aws-sdk/client-kinesis-analytics-v2";
import type { JobObservation, JobPhase, StartResult, StreamingJobClient } from "./job-observation";

/**
 * ApplicationStatus → phase (Managed Flink API, ApplicationDetail). READY is "created or
 * stopped, not running"; ROLLED_BACK has stopped trying an update and runs nothing new.
 */
const PHASES: Record<string, JobPhase> = {
  RUNNING: "running",
  AUTOSCALING: "running",
  STARTING: "starting",
  UPDATING: "starting",
  ROLLING_BACK: "starting",
  MAINTENANCE: "starting",
  STOPPING: "stopping",
  FORCE_STOPPING: "stopping",
  DELETING: "stopping",
  READY: "stopped",
  ROLLED_BACK: "stopped",
};

/**
 * Managed Service for Apache Flink applications through the kinesisanalyticsv2 API:
 * DescribeApplication, StartApplication, StopApplication
 * (https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_StartApplication.html and siblings).
 */
export class FlinkApplications implements StreamingJobClient {
  constructor(private readonly flink: KinesisAnalyticsV2Client) {}

  async observe(name: string, signal?: AbortSignal): Promise<JobObservation> {
    const { ApplicationDetail } = await this.flink.send(new DescribeApplicationCommand({ ApplicationName: name }), { abortSignal: signal });
    const state = ApplicationDetail?.ApplicationStatus ?? "UNKNOWN";
    // An application has no runs: its version is the closest thing to an id of what runs.
    return { state, phase: PHASES[state] ?? "stopped", runId: null, startedAt: null, lastError: null };
  }

  async start(name: string, signal?: AbortSignal): Promise<StartResult> {
    const current = await this.observe(name, signal);
    if (current.phase !== "stopped") return { outcome: "already-running", runId: null };
    try {
      // Restore from the snapshot the last (non-forced) stop took, so state survives a
      // stop/start; with none yet the application starts empty (Managed Flink API,
      // ApplicationRestoreConfiguration: RESTORE_FROM_LATEST_SNAPSHOT).
      await this.flink.send(new StartApplicationCommand({ ApplicationName: name, RunConfiguration: { ApplicationRestoreConfiguration: { ApplicationRestoreType: "RESTORE_FROM_LATEST_SNAPSHOT" } } }), { abortSignal: signal });
      return { outcome: "started", runId: null };
    } catch (err) {
      // StartApplication on an application that is not READY answers ResourceInUseException
      // ("The application is not available for this operation"): started meanwhile.
      if (err instanceof Error && err.name === "ResourceInUseException") {
        const now = await this.observe(name, signal);
        if (now.phase !== "stopped") return { outcome: "already-running", runId: null };
      }
      throw err;
    }
  }

  async requestStop(name: string, signal?: AbortSignal): Promise<"stopping" | "already-stopped"> {
    const current = await this.observe(name, signal);
    if (current.phase === "stopped") return "already-stopped";
    if (current.phase === "stopping") return "stopping";
    try {
      // Never Force: without it Managed Flink takes a snapshot as the application stops, which
      // the next start restores (https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_StopApplication.html).
      await this.flink.send(new StopApplicationCommand({ ApplicationName: name, Force: false }), { abortSignal: signal });
      return "stopping";
    } catch (err) {
      // Without Force only a RUNNING application can be stopped: one still STARTING or
      // UPDATING answers ResourceInUseException, and the caller asks again after a pause.
      if (err instanceof Error && err.name === "ResourceInUseException") {
        const now = await this.observe(name, signal);
        if (now.phase === "stopped") return "already-stopped";
        if (now.phase === "stopping") return "stopping";
      }
      throw err;
    }
  }
}
