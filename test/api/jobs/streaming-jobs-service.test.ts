import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineResult, EngineRun } from "../../../api/engine/engine";
import { awsJobClients } from "../../../api/jobs/aws-job-clients";
import { StreamingJobLifecycle } from "../../../api/jobs/job-lifecycle";
import type { StreamingJobDeclaration } from "../../../blueprints/streaming-jobs";
import type { AwsJobsEndpoint } from "../../support/aws-jobs-endpoint";
import { useLocalJobsEndpoint } from "../../support/aws-jobs-env";
import { waitFor } from "../../support/wait-for";
import { schemaOnlyPlanner } from "../support/schema-only-planner";
import { ScriptedEngine } from "../support/scripted-engine";
import { TAGS, testApp } from "../support/test-app";

// Issue #13, "Done when": a deployment whose outputs declare streaming jobs goes through
// create → jobs started → update (Glue job restarted) → destroy (jobs stopped before the
// stack goes), with the real worker, the HTTP API and the real Glue and Managed Flink SDK
// clients against a local endpoint — throttling and an already-running job included.

/** A scripted engine whose create/update outputs declare a Glue job and a Flink application at `revision`. */
class DeclaringEngine extends ScriptedEngine {
  glueRevision = "glue-r1";
  /** The Glue run's and Flink application's states when each run reached the engine. */
  readonly seenAtStart: { kind: string; glue: string | undefined; flink: string | undefined }[] = [];

  constructor(private readonly aws: AwsJobsEndpoint) {
    super();
  }

  jobs(name: string): StreamingJobDeclaration[] {
    return [
      { id: "stream-to-lake", service: "glue", name: `${name}-stream-to-lake`, revision: this.glueRevision },
      { id: "analytics", service: "flink", name: `${name}-analytics`, revision: "flink-r1" },
    ];
  }

  override async run(run: EngineRun): Promise<EngineResult> {
    const name = run.deployment.name;
    this.seenAtStart.push({ kind: run.operation.kind, glue: this.aws.latestRun(`${name}-stream-to-lake`)?.JobRunState, flink: this.aws.apps.get(`${name}-analytics`)?.status });
    const result = await super.run(run);
    if (run.operation.kind === "destroy") return result;
    return { ...result, outputs: { ...result.outputs, streamingJobs: this.jobs(name) } };
  }
}

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- responses are asserted on

let local: Awaited<ReturnType<typeof useLocalJobsEndpoint>>;
let aws: AwsJobsEndpoint;
let engine: DeclaringEngine;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  local = await useLocalJobsEndpoint();
  aws = local.endpoint;
  engine = new DeclaringEngine(aws);
  const jobs = new StreamingJobLifecycle({
    clients: awsJobClients({ connectionTimeoutMs: 2_000, requestTimeoutMs: 10_000 }),
    stopWaitMs: 60_000,
    pollMs: 10,
    stateTimeoutMs: 10_000,
    retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 },
    log: pino({ level: "silent" }),
  });
  t = testApp({ planner: schemaOnlyPlanner(), engine, jobs });
  await t.worker.start();
});
afterAll(async () => {
  await t.close();
  await local.close();
});

const call = async (method: string, url: string, body?: unknown) => {
  const res = await t.json(method, url, body);
  return { status: res.status, body: (await res.json()) as Body };
};
const settled = (id: string) =>
  waitFor(`operation ${id} to finish`, async () => {
    const { body } = await call("GET", `/v1/operations/${id}`);
    return ["queued", "running"].includes(body.status as string) ? undefined : body;
  });
const eventsOf = async (id: string) => ((await call("GET", `/v1/operations/${id}/events?limit=500`)).body.events as { type: string; data: Body }[]).map((e) => ({ type: e.type, data: e.data }));
const jobEvent = (e: { type: string; data: Body }) => (e.type.startsWith("slipstream.job.") ? `${e.type.slice("slipstream.job.".length)}:${String(e.data.id)}` : e.type);

describe("a deployment that declares streaming jobs", () => {
  it("starts them after the create, restarts the changed Glue job after an update, and stops them before the destroy touches the stack", async () => {
    // The Flink application was started outside the service: the create must leave it alone.
    aws.setApp("river-analytics", "RUNNING");
    // The first two AWS calls after the create's engine run are throttled.
    engine.observe = (run) => {
      if (run.operation.kind === "create") aws.throttleNext(2);
    };
    const created = await call("POST", "/v1/deployments", { name: "river", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(created.status).toBe(202);
    const create = await settled(created.body.operation.id as string);
    expect(create.status).toBe("succeeded");
    const createEvents = (await eventsOf(create.id as string)).map(jobEvent);
    expect(createEvents).toEqual(["slipstream.started", "preludeEvent", "summaryEvent", "throttled:stream-to-lake", "throttled:stream-to-lake", "started:stream-to-lake", "already-running:analytics", "slipstream.succeeded"]);
    const firstRun = aws.latestRun("river-stream-to-lake")!.Id;
    expect(aws.callsOf("StartApplication")).toHaveLength(0);

    // GET shows each job live.
    const shown = await call("GET", "/v1/deployments/river");
    expect(shown.body.jobs).toEqual([
      { id: "stream-to-lake", service: "glue", name: "river-stream-to-lake", revision: "glue-r1", state: "RUNNING", runId: firstRun, startedAt: expect.any(String), lastError: null },
      { id: "analytics", service: "flink", name: "river-analytics", revision: "flink-r1", state: "RUNNING", runId: null, startedAt: null, lastError: null },
    ]);
    // List views never ask AWS.
    const before = aws.calls.length;
    const list = await call("GET", "/v1/deployments");
    expect(list.body.deployments[0].jobs).toBeUndefined();
    expect(aws.calls.length).toBe(before);

    // An update that changes the Glue job's script or arguments restarts it.
    engine.observe = undefined;
    engine.glueRevision = "glue-r2";
    const updated = await call("PATCH", "/v1/deployments/river", { params: {}, tags: { ...TAGS, owner: "data" } });
    expect(updated.status).toBe(202);
    const update = await settled(updated.body.operation.id as string);
    expect(update.status).toBe("succeeded");
    expect((await eventsOf(update.id as string)).map(jobEvent)).toEqual(["slipstream.started", "preludeEvent", "summaryEvent", "restarting:stream-to-lake", "stopping:stream-to-lake", "stopped:stream-to-lake", "started:stream-to-lake", "already-running:analytics", "slipstream.succeeded"]);
    const runs = aws.runs.get("river-stream-to-lake")!;
    expect(runs.find((r) => r.Id === firstRun)!.JobRunState).toBe("STOPPED");
    expect(runs[0]!.Id).not.toBe(firstRun);
    expect(runs[0]!.JobRunState).toMatch(/STARTING|RUNNING/);

    // The destroy stops both jobs, and waits for them, before the stack goes.
    const destroyed = await call("DELETE", "/v1/deployments/river");
    expect(destroyed.status).toBe(202);
    const destroy = await settled(destroyed.body.operation.id as string);
    expect(destroy.status).toBe("succeeded");
    const destroyEvents = (await eventsOf(destroy.id as string)).map(jobEvent);
    const stackStep = destroyEvents.indexOf("preludeEvent");
    expect(destroyEvents.slice(0, stackStep).sort()).toEqual(["slipstream.started", "stopped:analytics", "stopped:stream-to-lake", "stopping:analytics", "stopping:stream-to-lake"].sort());
    expect(destroyEvents.slice(stackStep)).toEqual(["preludeEvent", "summaryEvent", "slipstream.succeeded"]);
    expect(engine.seenAtStart.at(-1)).toEqual({ kind: "destroy", glue: "STOPPED", flink: "READY" });
    expect(aws.apps.get("river-analytics")!.stops).toEqual([false]);
  });

  it("keeps an update succeeded when a job will not start, and shows why on the deployment", async () => {
    engine.glueRevision = "glue-r1";
    aws.refuseStart.set("brook-analytics", { type: "InvalidApplicationConfigurationException", message: "the artifact is missing" });
    const created = await call("POST", "/v1/deployments", { name: "brook", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    const create = await settled(created.body.operation.id as string);
    expect(create.status).toBe("succeeded");
    expect((await eventsOf(create.id as string)).map(jobEvent)).toContain("start-failed:analytics");
    const shown = await call("GET", "/v1/deployments/brook");
    expect(shown.body.status).toBe("active");
    expect(shown.body.jobs[1]).toMatchObject({ id: "analytics", state: "READY", lastError: "InvalidApplicationConfigurationException: the artifact is missing" });

    // Acting on one job: start it, a second start is a no-op, then stop it.
    const started = await call("POST", "/v1/deployments/brook/jobs/analytics/start");
    expect(started).toMatchObject({ status: 200, body: { outcome: "started", job: { id: "analytics" } } });
    const again = await call("POST", "/v1/deployments/brook/jobs/analytics/start");
    expect(again).toMatchObject({ status: 200, body: { outcome: "already-running", job: { state: "RUNNING" } } });
    const stopped = await call("POST", "/v1/deployments/brook/jobs/analytics/stop");
    expect(stopped).toMatchObject({ status: 200, body: { outcome: "stopping" } });
    expect((await call("POST", "/v1/deployments/brook/jobs/nope/start")).status).toBe(404);
    aws.refuseStart.set("brook-stream-to-lake", { type: "AccessDeniedException", message: "not allowed" });
    aws.runs.get("brook-stream-to-lake")![0]!.JobRunState = "STOPPED";
    const refused = await call("POST", "/v1/deployments/brook/jobs/stream-to-lake/start");
    expect(refused.status).toBe(502);
    expect(refused.body.detail).toMatch(/AccessDeniedException: not allowed/);
  });

  it("cancels a destroy while its jobs are stopping, without touching the stack", async () => {
    const created = await call("POST", "/v1/deployments", { name: "pond", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect((await settled(created.body.operation.id as string)).status).toBe("succeeded");
    aws.stuckStopping.add("pond-stream-to-lake");
    try {
      const destroyed = await call("DELETE", "/v1/deployments/pond");
      const id = destroyed.body.operation.id as string;
      await waitFor("the destroy to ask the Glue job to stop", async () => (await eventsOf(id)).some((e) => jobEvent(e) === "stopping:stream-to-lake"));
      const runsBefore = engine.started.length;
      expect((await call("POST", `/v1/operations/${id}/cancel`)).status).toBe(202);
      const destroy = await settled(id);
      expect(destroy.status).toBe("cancelled");
      expect(destroy.error.detail).toMatch(/streaming jobs were stopping; the stack was not touched/);
      expect(engine.started.length).toBe(runsBefore);
      expect((await call("GET", "/v1/deployments/pond")).status).toBe(200);
    } finally {
      aws.stuckStopping.delete("pond-stream-to-lake");
    }
  });

  it("fails a destroy whose jobs will not stop, before the stack is touched", async () => {
    // A service whose destroys wait only briefly for jobs to stop.
    const short = new StreamingJobLifecycle({ clients: awsJobClients({ connectionTimeoutMs: 2_000, requestTimeoutMs: 10_000 }), stopWaitMs: 100, pollMs: 10, stateTimeoutMs: 10_000, log: pino({ level: "silent" }) });
    const bounded = testApp({ planner: schemaOnlyPlanner(), engine, jobs: short });
    await bounded.worker.start();
    const on = async (method: string, url: string, body?: unknown) => (await (await bounded.json(method, url, body)).json()) as Body;
    const finished = (id: string) => waitFor(`operation ${id} to finish`, async () => ((await on("GET", `/v1/operations/${id}`)).status === "queued" || (await on("GET", `/v1/operations/${id}`)).status === "running" ? undefined : on("GET", `/v1/operations/${id}`)));
    try {
      const created = await on("POST", "/v1/deployments", { name: "creek", blueprint: "dynamodb-search", params: {}, tags: TAGS });
      expect((await finished(created.operation.id as string)).status).toBe("succeeded");
      // The Glue run never leaves STOPPING.
      aws.stuckStopping.add("creek-stream-to-lake");
      const destroyed = await on("DELETE", "/v1/deployments/creek");
      const runsBefore = engine.started.length;
      const destroy = await finished(destroyed.operation.id as string);
      expect(destroy.status).toBe("failed");
      expect(destroy.error).toMatchObject({ title: "Streaming jobs did not stop", detail: expect.stringMatching(/creek-stream-to-lake \(stream-to-lake\): still STOPPING/) });
      expect(engine.started.length).toBe(runsBefore);
      const events = ((await on("GET", `/v1/operations/${destroy.id as string}/events?limit=500`)).events as { type: string; data: Body }[]).map(jobEvent);
      expect(events).toContain("stop-failed:stream-to-lake");
      expect(events).not.toContain("preludeEvent");
      // The deployment is still there, its jobs shown.
      expect((await on("GET", "/v1/deployments/creek")).jobs[0]).toMatchObject({ id: "stream-to-lake", state: "STOPPING" });
    } finally {
      aws.stuckStopping.delete("creek-stream-to-lake");
      await bounded.close();
    }
  });
});
