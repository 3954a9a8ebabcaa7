import { createRoute } from "@hono/zod-openapi";
import { callerOf, guarded } from "../access";
import type { DeploymentJobsService } from "../../service/deployment-jobs-service";
import { refuseBody } from "../refuse-body";
import { routeGroup } from "../route-group";
import { JobActionSchema, JobParam, NoQuery, ProblemSchema } from "../schemas";
import { jobStateView } from "../views";

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
const problems = {
  400: problem("Invalid request"),
  404: problem("No such deployment, or it declares no such job"),
  409: problem("Not allowed now: the deployment is being destroyed, or this service does not manage streaming jobs"),
  502: problem("AWS refused the call, or kept throttling it past the retries: the detail says what it answered"),
};

/**
 * Acting on one streaming job of a deployment (issue #13). The call goes to AWS while the
 * request waits — one StartJobRun or StartApplication, or a stop request, with throttling
 * retried — but never waits for a job to finish starting or stopping: the answer carries
 * the state AWS reports at once, and GET /v1/deployments/{name} shows it move.
 */
/** The route of one job action: the same shape for both, its path and words its own. */
function jobActionRoute<A extends "start" | "stop">(action: A) {
  return createRoute(
    guarded(
      {
        method: "post",
        path: `/v1/deployments/{name}/jobs/{job}/${action}` as `/v1/deployments/{name}/jobs/{job}/${A}`,
        operationId: action === "start" ? "startDeploymentJob" : "stopDeploymentJob",
        tags: ["deployments"],
        summary: action === "start" ? "Start one of the deployment's streaming jobs unless it runs" : "Ask one of the deployment's streaming jobs to stop",
        description:
          action === "start"
            ? "Idempotent: a job already running (or starting) is left alone and answers `already-running`. A Glue job gets a new run; a Flink application starts from its latest snapshot."
            : "Idempotent: a job not running answers `already-stopped`. A Flink application stops without Force, so Managed Flink takes a snapshot first. Does not wait for the job to stop.",
        request: { params: JobParam, query: NoQuery },
        middleware: [refuseBody] as const,
        responses: { 200: { description: "What the call did, and the job's state now", content: { "application/json": { schema: JobActionSchema } } }, ...problems },
      },
      "deploy",
    ),
  );
}

export function jobRoutes({ jobs }: { jobs: DeploymentJobsService }) {
  // Chained, so the app's type carries each route (a typed client is derived from it).
  return routeGroup()
    .openapi(jobActionRoute("start"), async (c) => {
      const { name, job } = c.req.valid("param");
      const result = await jobs.start(name, job, callerOf(c));
      return c.json({ outcome: result.outcome, job: jobStateView(result.job) }, 200);
    })
    .openapi(jobActionRoute("stop"), async (c) => {
      const { name, job } = c.req.valid("param");
      const result = await jobs.stop(name, job, callerOf(c));
      return c.json({ outcome: result.outcome, job: jobStateView(result.job) }, 200);
    });
}
