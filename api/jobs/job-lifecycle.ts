import type { Logger } from "pino";
import { declaredStreamingJobs, type StreamingJobDeclaration } from "../../blueprints/streaming-jobs";
import type { Deployment } from "../domain/model";
import type { StreamingJobHooks } from "../operations/streaming-job-hooks";
import type { JobObservation, StartResult, StreamingJobClient, StreamingJobClients } from "./job-observation";
import { JobActionError, JobsStillRunningError } from "./job-errors";
import { planAfterApply } from "./job-plan";
import { DEFAULT_RETRY, pause, withThrottlingRetry, type RetryPolicy } from "./throttling";

export interface StreamingJobLifecycleOptions {
  /** The Glue and Flink clients of a region (aws-job-clients.ts). */
  clients: (region: string) => StreamingJobClients;
  /** How long a destroy (or a restart) waits for a job to stop (SLIPSTREAM_JOB_STOP_WAIT_MS). */
  stopWaitMs: number;
  /** How often it looks while waiting (SLIPSTREAM_JOB_POLL_MS). */
  pollMs: number;
  /** How long a deployment's GET waits for AWS before showing UNKNOWN (SLIPSTREAM_JOB_STATE_TIMEOUT_MS). */
  stateTimeoutMs: number;
  /** Retries of throttled calls; DEFAULT_RETRY unless given. */
  retry?: RetryPolicy;
  log: Logger;
}

/** A job as GET /v1/deployments/{name} shows it. */
export interface JobState {
  id: string;
  service: StreamingJobDeclaration["service"];
  name: string;
  revision: string;
  /** The service's own word, `NOT_FOUND` when the job is gone, `UNKNOWN` when AWS could not be asked. */
  state: string;
  runId: string | null;
  startedAt: string | null;
  lastError: string | null;
}

type Emit = (type: string, data: unknown) => void;
type Target = Pick<Deployment, "name" | "region" | "outputs">;

const NOT_FOUND = new Set(["EntityNotFoundException", "ResourceNotFoundException"]);
const isNotFound = (err: unknown) => err instanceof Error && NOT_FOUND.has(err.name);
const errorText = (err: unknown) => (err instanceof Error ? (err.name && err.name !== "Error" ? `${err.name}: ${err.message}` : err.message) : String(err));
const jobData = (job: StreamingJobDeclaration) => ({ id: job.id, service: job.service, name: job.name });

/**
 * Keeps a deployment's streaming jobs — the `streamingJobs` its stack outputs declare — in
 * the state the deployment implies (issue #13): running after a create or update (restarted
 * when what a run reads changed), stopped before a destroy. Each step is an event of the
 * operation (`slipstream.job.*`). Throttling is retried with backoff; "already running" is
 * the state asked for, not an error.
 */
export class StreamingJobLifecycle implements StreamingJobHooks {
  private readonly retry: RetryPolicy;

  constructor(private readonly options: StreamingJobLifecycleOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /**
   * After a create or update succeeded: starts each declared job unless it runs, restarting
   * a Glue job whose revision changed. Never throws for a job — the stack did change, so a
   * job that will not start is recorded (`slipstream.job.start-failed`) and the operation
   * still succeeds. Stops at once when `signal` aborts (cancel, shutdown, lost lease).
   */
  async afterApply(deployment: Pick<Deployment, "name" | "region">, previousOutputs: Record<string, unknown>, outputs: Record<string, unknown>, emit: Emit, signal?: AbortSignal): Promise<void> {
    const { steps, problem } = planAfterApply(previousOutputs, outputs);
    if (problem) emit("slipstream.job.declaration-invalid", { problem });
    const clients = this.options.clients(deployment.region);
    for (const step of steps) {
      if (signal?.aborted) return;
      const client = clients[step.job.service];
      try {
        if (step.action === "restart") {
          emit("slipstream.job.restarting", { ...jobData(step.job), fromRevision: step.previousRevision, toRevision: step.job.revision });
          await this.stopAndWait(step.job, client, emit, signal);
        }
        const result = await this.startOne(step.job, client, emit, signal);
        emit(result.outcome === "started" ? "slipstream.job.started" : "slipstream.job.already-running", { ...jobData(step.job), runId: result.runId, revision: step.job.revision });
      } catch (err) {
        if (signal?.aborted) return;
        this.options.log.warn({ err, deployment: deployment.name, job: step.job.id }, "a streaming job did not start after the change; the operation still succeeds");
        emit("slipstream.job.start-failed", { ...jobData(step.job), error: errorText(err) });
      }
    }
  }

  /**
   * Before a destroy touches the stack: asks every declared job to stop and waits until all
   * have (a Flink application takes its snapshot as it stops), at most `stopWaitMs`. A job
   * that is gone counts as stopped. Throws JobsStillRunningError when any did not stop, so
   * the destroy fails before anything is deleted under a running job.
   */
  async beforeDestroy(deployment: Target, emit: Emit, signal?: AbortSignal): Promise<void> {
    const { jobs, problem } = declaredStreamingJobs(deployment.outputs);
    if (problem) emit("slipstream.job.declaration-invalid", { problem });
    if (jobs.length === 0) return;
    const clients = this.options.clients(deployment.region);
    const results = await Promise.allSettled(jobs.map((job) => this.stopAndWait(job, clients[job.service], emit, signal)));
    signal?.throwIfAborted();
    const failures = results.flatMap((r, i) => (r.status === "rejected" ? [{ job: jobs[i]!, error: errorText(r.reason) }] : []));
    for (const f of failures) emit("slipstream.job.stop-failed", { ...jobData(f.job), error: f.error });
    if (failures.length > 0) throw new JobsStillRunningError(failures);
  }

  /**
   * Each declared job as AWS reports it now, read in parallel and bounded by
   * `stateTimeoutMs`: a job AWS could not be asked about shows `UNKNOWN` with the error.
   * Never throws and never waits longer than the bound. `recordedErrors` are start failures
   * the last change recorded (job id → error), shown when AWS itself reports none.
   */
  async states(deployment: Target, recordedErrors: ReadonlyMap<string, string> = new Map()): Promise<JobState[]> {
    const { jobs } = declaredStreamingJobs(deployment.outputs);
    if (jobs.length === 0) return [];
    let clients: StreamingJobClients;
    try {
      clients = this.options.clients(deployment.region);
    } catch (err) {
      return jobs.map((job) => unknownState(job, errorText(err)));
    }
    const deadline = AbortSignal.timeout(this.options.stateTimeoutMs);
    return Promise.all(
      jobs.map(async (job): Promise<JobState> => {
        try {
          const seen = await bounded(clients[job.service].observe(job.name, deadline), deadline, this.options.stateTimeoutMs);
          return { ...jobData(job), revision: job.revision, state: seen.state, runId: seen.runId, startedAt: seen.startedAt, lastError: seen.lastError ?? recordedErrors.get(job.id) ?? null };
        } catch (err) {
          if (isNotFound(err)) return { ...unknownState(job, errorText(err)), state: "NOT_FOUND" };
          return unknownState(job, errorText(err));
        }
      }),
    );
  }

  /** The jobs a deployment's outputs declare. */
  declared(deployment: Pick<Deployment, "outputs">): StreamingJobDeclaration[] {
    return declaredStreamingJobs(deployment.outputs).jobs;
  }

  /** Starts one job unless it runs (POST …/jobs/{job}/start). */
  async start(deployment: Pick<Deployment, "region">, job: StreamingJobDeclaration, signal?: AbortSignal): Promise<StartResult> {
    const client = this.options.clients(deployment.region)[job.service];
    try {
      return await this.startOne(job, client, () => undefined, signal);
    } catch (err) {
      throw new JobActionError(`starting ${job.service} job ${job.name} failed: ${errorText(err)}`, job, { cause: err });
    }
  }

  /** Asks one job to stop, without waiting for it (POST …/jobs/{job}/stop). */
  async stop(deployment: Pick<Deployment, "region">, job: StreamingJobDeclaration, signal?: AbortSignal): Promise<"stopping" | "already-stopped"> {
    const client = this.options.clients(deployment.region)[job.service];
    try {
      return await this.call(job, client, (c) => c.requestStop(job.name, signal), () => undefined, signal);
    } catch (err) {
      if (isNotFound(err)) return "already-stopped";
      throw new JobActionError(`stopping ${job.service} job ${job.name} failed: ${errorText(err)}`, job, { cause: err });
    }
  }

  private startOne(job: StreamingJobDeclaration, client: StreamingJobClient, emit: Emit, signal?: AbortSignal): Promise<StartResult> {
    return this.call(job, client, (c) => c.start(job.name, signal), emit, signal);
  }

  /**
   * Asks the job to stop and waits until it has, looking every `pollMs` until `stopWaitMs`
   * has passed. A Flink application still STARTING cannot be stopped without Force: it is
   * asked again on the next look.
   */
  private async stopAndWait(job: StreamingJobDeclaration, client: StreamingJobClient, emit: Emit, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.options.stopWaitMs;
    let asked = false;
    for (;;) {
      // Once the stop is asked for, the bound is judged on a look taken after asking: on a busy
      // machine asking can itself outlast a short bound, and the state seen before says nothing.
      const lookAfterAsking = asked;
      let seen: JobObservation;
      try {
        seen = await this.call(job, client, (c) => c.observe(job.name, signal), emit, signal);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        emit("slipstream.job.stopped", { ...jobData(job), state: "NOT_FOUND" });
        return;
      }
      if (seen.phase === "stopped") {
        emit(asked ? "slipstream.job.stopped" : "slipstream.job.already-stopped", { ...jobData(job), runId: seen.runId, state: seen.state });
        return;
      }
      if (seen.phase !== "stopping") {
        try {
          const answer = await this.call(job, client, (c) => c.requestStop(job.name, signal), emit, signal);
          if (!asked) emit("slipstream.job.stopping", { ...jobData(job), runId: seen.runId, state: seen.state });
          asked = true;
          if (answer === "already-stopped") continue;
        } catch (err) {
          if (signal?.aborted) throw err;
          if (!(err instanceof Error && err.name === "ResourceInUseException")) throw err;
        }
      } else if (!asked) {
        emit("slipstream.job.stopping", { ...jobData(job), runId: seen.runId, state: seen.state });
        asked = true;
      }
      if (Date.now() >= deadline && (lookAfterAsking || !asked)) throw new Error(`still ${seen.state} after waiting ${this.options.stopWaitMs} ms for it to stop`);
      await pause(this.options.pollMs, signal);
    }
  }

  /** One call, with throttling retried; each throttled attempt is an event. */
  private call<T>(job: StreamingJobDeclaration, client: StreamingJobClient, fn: (c: StreamingJobClient) => Promise<T>, emit: Emit, signal?: AbortSignal): Promise<T> {
    return withThrottlingRetry(() => fn(client), this.retry, signal, (attempt, err) => emit("slipstream.job.throttled", { ...jobData(job), attempt, error: errorText(err) }));
  }
}

function unknownState(job: StreamingJobDeclaration, error: string): JobState {
  return { ...jobData(job), revision: job.revision, state: "UNKNOWN", runId: null, startedAt: null, lastError: error };
}

/** `promise`, or a rejection once `signal` aborts — even if the call itself ignores the signal (credential lookups do). */
function bounded<T>(promise: Promise<T>, signal: AbortSignal, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(`AWS did not answer within ${ms} ms`));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
