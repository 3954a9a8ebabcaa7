import type { Deployment } from "../domain/model";

/**
 * What the worker asks of the streaming-job lifecycle (api/jobs/job-lifecycle.ts) around an
 * operation's engine run. Optional: a worker without it runs operations exactly as before.
 */
export interface StreamingJobHooks {
  /**
   * After a create or update succeeded, before its outcome is written: start (or restart)
   * the jobs the new outputs declare. Must not throw for a job that will not start — the
   * stack did change — but records it as an event; returns early once `signal` aborts.
   */
  afterApply(deployment: Pick<Deployment, "name" | "region">, previousOutputs: Record<string, unknown>, outputs: Record<string, unknown>, emit: (type: string, data: unknown) => void, signal?: AbortSignal): Promise<void>;
  /**
   * Before a destroy's engine run: stop the jobs the deployment's outputs declare and wait
   * for them. Throws when they cannot be stopped: the destroy then fails with that error
   * before the stack is touched.
   */
  beforeDestroy(deployment: Pick<Deployment, "name" | "region" | "outputs">, emit: (type: string, data: unknown) => void, signal?: AbortSignal): Promise<void>;
}
