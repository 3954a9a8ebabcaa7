import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StreamingJobDeclaration } from "../../../blueprints/streaming-jobs";
import { awsJobClients } from "../../../api/jobs/aws-job-clients";
import { JobActionError, JobsStillRunningError } from "../../../api/jobs/job-errors";
import { StreamingJobLifecycle } from "../../../api/jobs/job-lifecycle";
import type { AwsJobsEndpoint } from "../../support/aws-jobs-endpoint";
import { useLocalJobsEndpoint } from "../../support/aws-jobs-env";

// The lifecycle with the real Glue and Managed Flink SDK clients, reaching a local endpoint
// through the SDK's standard endpoint variables (test/support/aws-jobs-endpoint.ts).

const GLUE: StreamingJobDeclaration = { id: "stream-to-lake", service: "glue", name: "clicks-stream-to-lake", revision: "r1" };
const FLINK: StreamingJobDeclaration = { id: "analytics", service: "flink", name: "clicks-analytics", revision: "f1" };
const outputsOf = (...jobs: StreamingJobDeclaration[]) => ({ streamName: "s", streamingJobs: jobs });

let local: Awaited<ReturnType<typeof useLocalJobsEndpoint>>;
let aws: AwsJobsEndpoint;
let lifecycle: StreamingJobLifecycle;
let events: { type: string; data: Record<string, unknown> }[];
const emit = (type: string, data: unknown) => events.push({ type, data: data as Record<string, unknown> });
const types = () => events.map((e) => `${e.type}:${String(e.data["id"] ?? "")}`);

function newLifecycle(overrides: Partial<ConstructorParameters<typeof StreamingJobLifecycle>[0]> = {}) {
  return new StreamingJobLifecycle({
    clients: awsJobClients({ connectionTimeoutMs: 2_000, requestTimeoutMs: 10_000 }),
    stopWaitMs: 60_000,
    pollMs: 5,
    stateTimeoutMs: 10_000,
    retry: { attempts: 5, baseDelayMs: 2, maxDelayMs: 10 },
    log: pino({ level: "silent" }),
    ...overrides,
  });
}

beforeAll(async () => {
  local = await useLocalJobsEndpoint();
  aws = local.endpoint;
});
afterAll(() => local.close());
beforeEach(() => {
  aws.runs.clear();
  aws.apps.clear();
  aws.calls.length = 0;
  events = [];
  lifecycle = newLifecycle();
});

describe("after a create or update", () => {
  it("starts each declared job through the real SDK clients, restoring Flink from its latest snapshot", async () => {
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE, FLINK), emit);
    expect(types()).toEqual(["slipstream.job.started:stream-to-lake", "slipstream.job.started:analytics"]);
    expect(events[0]!.data["runId"]).toBe(aws.latestRun(GLUE.name)!.Id);
    expect(aws.callsOf("StartJobRun").map((c) => c.body)).toEqual([{ JobName: GLUE.name }]);
    expect(aws.apps.get(FLINK.name)!.restores).toEqual(["RESTORE_FROM_LATEST_SNAPSHOT"]);
  });

  it("does nothing to a job that already runs: a second start is a no-op", async () => {
    const outside = aws.runOutside(GLUE.name);
    aws.setApp(FLINK.name, "RUNNING");
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE, FLINK), emit);
    expect(types()).toEqual(["slipstream.job.already-running:stream-to-lake", "slipstream.job.already-running:analytics"]);
    expect(events[0]!.data["runId"]).toBe(outside.Id);
    expect(aws.callsOf("StartJobRun")).toHaveLength(0);
    expect(aws.callsOf("StartApplication")).toHaveLength(0);
  });

  it("takes ConcurrentRunsExceededException and ResourceInUseException as already running (a run started between the look and the start)", async () => {
    aws.raceStart.add(GLUE.name);
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE), emit);
    expect(aws.callsOf("StartJobRun")[0]!.answered).toBe("ConcurrentRunsExceededException");
    expect(types()).toEqual(["slipstream.job.already-running:stream-to-lake"]);

    events = [];
    aws.raceStart.add(FLINK.name);
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(FLINK), emit);
    expect(aws.callsOf("StartApplication")[0]!.answered).toBe("ResourceInUseException");
    expect(types()).toEqual(["slipstream.job.already-running:analytics"]);

    events = [];
    aws.refuseStart.set(FLINK.name, { type: "ResourceInUseException", message: "Application is in STARTING status" });
    aws.setApp(FLINK.name, "READY");
    // The refusal leaves the application READY here, so it really is not running: a failure.
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(FLINK), emit);
    expect(types()).toEqual(["slipstream.job.start-failed:analytics"]);
  });

  it("retries throttled calls with backoff and records each throttled attempt", async () => {
    aws.throttleNext(3);
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE), emit);
    expect(types()).toEqual(["slipstream.job.throttled:stream-to-lake", "slipstream.job.throttled:stream-to-lake", "slipstream.job.throttled:stream-to-lake", "slipstream.job.started:stream-to-lake"]);
    expect(aws.calls.slice(0, 3).map((c) => c.answered)).toEqual(["ThrottlingException", "ThrottlingException", "ThrottlingException"]);
  });

  it("counts LimitExceededException as throttling only when it speaks of a rate", async () => {
    aws.throttleNext(1, "LimitExceededException", "Rate exceeded for StartApplication");
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(FLINK), emit);
    expect(types()).toEqual(["slipstream.job.throttled:analytics", "slipstream.job.started:analytics"]);

    events = [];
    aws.setApp(FLINK.name, "READY");
    aws.throttleNext(1, "LimitExceededException", "The number of allowed resources has been exceeded");
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(FLINK), emit);
    expect(types()).toEqual(["slipstream.job.start-failed:analytics"]);
    expect(events[0]!.data["error"]).toMatch(/LimitExceededException: The number of allowed resources/);
  });

  it("records a job that will not start, goes on with the others, and gives up on throttling after the bound", async () => {
    aws.refuseStart.set(GLUE.name, { type: "InvalidInputException", message: "script not found" });
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE, FLINK), emit);
    expect(types()).toEqual(["slipstream.job.start-failed:stream-to-lake", "slipstream.job.started:analytics"]);
    expect(events[0]!.data["error"]).toBe("InvalidInputException: script not found");

    events = [];
    aws.throttleNext(100);
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE), emit);
    expect(types()).toEqual([...Array(4).fill("slipstream.job.throttled:stream-to-lake"), "slipstream.job.start-failed:stream-to-lake"]);
    expect(aws.calls.filter((c) => c.answered === "ThrottlingException")).toHaveLength(5);
    aws.throttleNext(0);
  });

  it("restarts a running Glue job whose revision changed — stop, wait until STOPPED, start — and only ensures a Flink application runs", async () => {
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE, FLINK), emit);
    const first = aws.latestRun(GLUE.name)!.Id;
    events = [];
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, outputsOf(GLUE, FLINK), outputsOf({ ...GLUE, revision: "r2" }, { ...FLINK, revision: "f2" }), emit);
    expect(types()).toEqual(["slipstream.job.restarting:stream-to-lake", "slipstream.job.stopping:stream-to-lake", "slipstream.job.stopped:stream-to-lake", "slipstream.job.started:stream-to-lake", "slipstream.job.already-running:analytics"]);
    expect(events[0]!.data).toMatchObject({ fromRevision: "r1", toRevision: "r2" });
    const runs = aws.runs.get(GLUE.name)!;
    expect(runs.find((r) => r.Id === first)!.JobRunState).toBe("STOPPED");
    expect(runs[0]!.Id).not.toBe(first);
    // The new run started only once the old one had stopped.
    const stopAt = aws.calls.findIndex((c) => c.operation === "BatchStopJobRun");
    const startAt = aws.calls.findIndex((c, i) => i > stopAt && c.operation === "StartJobRun");
    expect(aws.calls.slice(stopAt, startAt).some((c) => c.operation === "GetJobRuns")).toBe(true);
    expect(aws.callsOf("StopApplication")).toHaveLength(0);

    events = [];
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, outputsOf({ ...GLUE, revision: "r2" }), outputsOf({ ...GLUE, revision: "r2" }), emit);
    expect(types()).toEqual(["slipstream.job.already-running:stream-to-lake"]);
  });

  it("leaves a restart half-way without recording a failure when the operation is cancelled during the stop wait", async () => {
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE), emit);
    aws.stuckStopping.add(GLUE.name);
    const controller = new AbortController();
    events = [];
    try {
      await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, outputsOf(GLUE), outputsOf({ ...GLUE, revision: "r2" }), (type, data) => {
        emit(type, data);
        if (type === "slipstream.job.stopping") controller.abort(new Error("lease lost"));
      }, controller.signal);
      expect(types()).toEqual(["slipstream.job.restarting:stream-to-lake", "slipstream.job.stopping:stream-to-lake"]);
      expect(aws.callsOf("StartJobRun")).toHaveLength(1);
    } finally {
      aws.stuckStopping.delete(GLUE.name);
    }
  });

  it("stops at once when the operation's signal aborts", async () => {
    const controller = new AbortController();
    controller.abort();
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE, FLINK), emit, controller.signal);
    expect(events).toEqual([]);
    expect(aws.calls).toHaveLength(0);
  });
});

describe("before a destroy", () => {
  it("asks every job to stop without Force (Flink snapshots) and waits until each has stopped", async () => {
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE, FLINK), emit);
    events = [];
    await lifecycle.beforeDestroy({ name: "clicks", region: "eu-west-1", outputs: outputsOf(GLUE, FLINK) }, emit);
    expect(types().sort()).toEqual(["slipstream.job.stopped:analytics", "slipstream.job.stopped:stream-to-lake", "slipstream.job.stopping:analytics", "slipstream.job.stopping:stream-to-lake"]);
    expect(aws.latestRun(GLUE.name)!.JobRunState).toBe("STOPPED");
    expect(aws.apps.get(FLINK.name)!.status).toBe("READY");
    expect(aws.apps.get(FLINK.name)!.stops).toEqual([false]);
  });

  it("asks again, without Force, when a Flink application was still starting at the first ask", async () => {
    // STARTING for the first look and the adapter's own look: the stop is refused (ResourceInUseException).
    aws.setApp(FLINK.name, "STARTING");
    aws.slowStart.set(FLINK.name, 3);
    await lifecycle.beforeDestroy({ name: "clicks", region: "eu-west-1", outputs: outputsOf(FLINK) }, emit);
    expect(aws.callsOf("StopApplication").map((c) => c.answered)).toEqual(["ResourceInUseException", undefined]);
    expect(aws.apps.get(FLINK.name)!.status).toBe("READY");
    expect(aws.apps.get(FLINK.name)!.stops).toEqual([false]);
    expect(types()).toEqual(["slipstream.job.stopping:analytics", "slipstream.job.stopped:analytics"]);
  });

  it("gives up waiting at once when the operation is cancelled, leaving the stack alone", async () => {
    aws.runOutside(GLUE.name);
    aws.stuckStopping.add(GLUE.name);
    const controller = new AbortController();
    try {
      const waiting = lifecycle.beforeDestroy({ name: "clicks", region: "eu-west-1", outputs: outputsOf(GLUE) }, (type, data) => {
        emit(type, data);
        if (type === "slipstream.job.stopping") controller.abort(new Error("cancelled"));
      }, controller.signal);
      await expect(waiting).rejects.toThrow("cancelled");
      expect(types()).toEqual(["slipstream.job.stopping:stream-to-lake"]);
    } finally {
      aws.stuckStopping.delete(GLUE.name);
    }
  });

  it("counts a job that is gone or never ran as stopped", async () => {
    aws.remove("gone-job");
    await lifecycle.beforeDestroy({ name: "clicks", region: "eu-west-1", outputs: outputsOf({ ...GLUE, name: "gone-job" }, FLINK) }, emit);
    expect(types().sort()).toEqual(["slipstream.job.already-stopped:analytics", "slipstream.job.stopped:stream-to-lake"]);
  });

  it("fails, naming the job, when one does not stop within the bound", async () => {
    lifecycle = newLifecycle({ stopWaitMs: 50 });
    aws.runOutside(GLUE.name);
    aws.stuckStopping.add(GLUE.name);
    try {
      const failure = lifecycle.beforeDestroy({ name: "clicks", region: "eu-west-1", outputs: outputsOf(GLUE) }, emit);
      await expect(failure).rejects.toBeInstanceOf(JobsStillRunningError);
      await expect(failure).rejects.toThrow(/glue job clicks-stream-to-lake \(stream-to-lake\): still STOPPING after waiting 50 ms/);
      expect(types()).toEqual(["slipstream.job.stopping:stream-to-lake", "slipstream.job.stop-failed:stream-to-lake"]);
    } finally {
      aws.stuckStopping.delete(GLUE.name);
    }
  });
});

describe("the SDK's standard endpoint configuration", () => {
  it("reaches the endpoint through AWS_ENDPOINT_URL alone, as through the service-specific variables", async () => {
    const saved = { glue: process.env["AWS_ENDPOINT_URL_GLUE"], flink: process.env["AWS_ENDPOINT_URL_KINESIS_ANALYTICS_V2"] };
    delete process.env["AWS_ENDPOINT_URL_GLUE"];
    delete process.env["AWS_ENDPOINT_URL_KINESIS_ANALYTICS_V2"];
    process.env["AWS_ENDPOINT_URL"] = aws.endpoint;
    try {
      await newLifecycle().afterApply({ name: "clicks", region: "ap-southeast-2" }, {}, outputsOf(GLUE, FLINK), emit);
      expect(types()).toEqual(["slipstream.job.started:stream-to-lake", "slipstream.job.started:analytics"]);
    } finally {
      delete process.env["AWS_ENDPOINT_URL"];
      process.env["AWS_ENDPOINT_URL_GLUE"] = saved.glue;
      process.env["AWS_ENDPOINT_URL_KINESIS_ANALYTICS_V2"] = saved.flink;
    }
  });
});

describe("states and single-job actions", () => {
  it("reads each job's state live: run id, state, start time, last error", async () => {
    await lifecycle.afterApply({ name: "clicks", region: "eu-west-1" }, {}, outputsOf(GLUE, FLINK), emit);
    const states = await lifecycle.states({ name: "clicks", region: "eu-west-1", outputs: outputsOf(GLUE, FLINK) });
    expect(states).toEqual([
      { id: GLUE.id, service: "glue", name: GLUE.name, revision: "r1", state: "RUNNING", runId: aws.latestRun(GLUE.name)!.Id, startedAt: expect.stringMatching(/^\d{4}-/), lastError: null },
      { id: FLINK.id, service: "flink", name: FLINK.name, revision: "f1", state: "RUNNING", runId: null, startedAt: null, lastError: null },
    ]);
    const failed = aws.latestRun(GLUE.name)!;
    failed.JobRunState = "FAILED";
    failed.ErrorMessage = "OutOfMemoryError";
    const [glue] = await lifecycle.states({ name: "clicks", region: "eu-west-1", outputs: outputsOf(GLUE) }, new Map([[GLUE.id, "older"]]));
    expect(glue).toMatchObject({ state: "FAILED", lastError: "OutOfMemoryError" });
  });

  it("shows UNKNOWN with the error, within the bound, when AWS cannot be reached — and no jobs for outputs without a declaration", async () => {
    const saved = process.env["AWS_ENDPOINT_URL_GLUE"];
    process.env["AWS_ENDPOINT_URL_GLUE"] = "http://127.0.0.1:9";
    try {
      const unreachable = newLifecycle({ stateTimeoutMs: 2_000 });
      const [glue] = await unreachable.states({ name: "clicks", region: "eu-west-1", outputs: outputsOf(GLUE) });
      expect(glue).toMatchObject({ id: GLUE.id, state: "UNKNOWN", runId: null, lastError: expect.stringMatching(/ECONNREFUSED|did not answer/) });
    } finally {
      process.env["AWS_ENDPOINT_URL_GLUE"] = saved;
    }
    expect(await lifecycle.states({ name: "old", region: "eu-west-1", outputs: { streamName: "s" } })).toEqual([]);
  });

  it("starts and stops one job; a second start while it runs does nothing", async () => {
    expect(await lifecycle.start({ region: "eu-west-1" }, GLUE)).toMatchObject({ outcome: "started" });
    expect(await lifecycle.start({ region: "eu-west-1" }, GLUE)).toMatchObject({ outcome: "already-running" });
    expect(aws.callsOf("StartJobRun")).toHaveLength(1);
    expect(await lifecycle.stop({ region: "eu-west-1" }, GLUE)).toBe("stopping");
    aws.refuseStart.set(FLINK.name, { type: "InvalidApplicationConfigurationException", message: "bad artifact" });
    await expect(lifecycle.start({ region: "eu-west-1" }, FLINK)).rejects.toThrow(JobActionError);
    expect(await lifecycle.stop({ region: "eu-west-1" }, FLINK)).toBe("already-stopped");
  });
});
