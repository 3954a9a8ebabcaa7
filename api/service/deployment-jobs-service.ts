import { declaredStreamingJobs } from "../../blueprints/streaming-jobs";
import type { Actor } from "../domain/access";
import { ConflictError, NotFoundError, UpstreamError } from "../domain/errors";
import type { Deployment, OperationEvent } from "../domain/model";
import { demand, OPEN_ACTOR } from "../domain/permissions";
import { JobActionError } from "../jobs/job-errors";
import type { JobState, StreamingJobLifecycle } from "../jobs/job-lifecycle";
import { recordedStartFailures } from "../jobs/recorded-job-errors";
import type { Store } from "../store/store";
import type { DeploymentService } from "./deployment-service";

/** How far back a deployment's GET looks for the change whose job events it shows. */
const RECENT_CHANGES = 10;
const EVENT_PAGE = 500;

/**
 * A deployment's streaming jobs as a use case: their live states, and starting or stopping
 * one. Who may reach the deployment is the deployment service's decision (`get`: a team's
 * own, the service admin's any); acting on a job needs the deploy role, like every other
 * change to a deployment. Without a lifecycle (SLIPSTREAM_STREAMING_JOBS=off) there are no
 * jobs to show and none to act on.
 */
export class DeploymentJobsService {
  constructor(
    private readonly deployments: Pick<DeploymentService, "get">,
    private readonly store: Store,
    private readonly lifecycle: StreamingJobLifecycle | undefined,
  ) {}

  /** The declared jobs of a deployment the actor reaches, as AWS reports them now (bounded; never throws for AWS). */
  async states(deployment: Deployment): Promise<JobState[]> {
    if (!this.lifecycle || this.lifecycle.declared(deployment).length === 0) return [];
    return this.lifecycle.states(deployment, await this.lastChangeFailures(deployment.name));
  }

  async start(name: string, jobId: string, actor: Actor = OPEN_ACTOR): Promise<{ outcome: "started" | "already-running"; job: JobState }> {
    const { deployment, lifecycle, job } = await this.target(name, jobId, actor);
    if (deployment.status === "destroying") throw new ConflictError(`deployment "${name}" is being destroyed: its jobs are stopping`);
    try {
      const { outcome } = await lifecycle.start(deployment, job);
      return { outcome, job: await this.stateOf(deployment, job.id) };
    } catch (err) {
      if (err instanceof JobActionError) throw new UpstreamError(err.message, { cause: err });
      throw err;
    }
  }

  async stop(name: string, jobId: string, actor: Actor = OPEN_ACTOR): Promise<{ outcome: "stopping" | "already-stopped"; job: JobState }> {
    const { deployment, lifecycle, job } = await this.target(name, jobId, actor);
    try {
      const outcome = await lifecycle.stop(deployment, job);
      return { outcome, job: await this.stateOf(deployment, job.id) };
    } catch (err) {
      if (err instanceof JobActionError) throw new UpstreamError(err.message, { cause: err });
      throw err;
    }
  }

  private async target(name: string, jobId: string, actor: Actor) {
    demand(actor, "deploy");
    const deployment = await this.deployments.get(name, actor);
    const job = declaredStreamingJobs(deployment.outputs).jobs.find((j) => j.id === jobId);
    if (!job) throw new NotFoundError(`deployment "${name}" declares no streaming job "${jobId}"`);
    const lifecycle = this.lifecycle;
    if (!lifecycle) throw new ConflictError("this service does not manage streaming jobs (SLIPSTREAM_STREAMING_JOBS=off)");
    return { deployment, lifecycle, job };
  }

  private async stateOf(deployment: Deployment, jobId: string): Promise<JobState> {
    const states = await this.lifecycle!.states(deployment);
    return states.find((s) => s.id === jobId)!;
  }

  /** Start failures recorded by the newest create or update that succeeded. */
  private async lastChangeFailures(name: string): Promise<Map<string, string>> {
    const recent = await this.store.operations.listByDeployment(name, RECENT_CHANGES);
    const change = recent.find((op) => (op.kind === "create" || op.kind === "update") && op.status === "succeeded");
    if (!change) return new Map();
    const events: OperationEvent[] = [];
    for (let after = 0; ; ) {
      const page = await this.store.events.list(change.id, after, EVENT_PAGE);
      events.push(...page.filter((e) => e.type.startsWith("slipstream.job.")));
      if (page.length < EVENT_PAGE) break;
      after = page[page.length - 1]!.sequence;
    }
    return recordedStartFailures(events);
  }
}
