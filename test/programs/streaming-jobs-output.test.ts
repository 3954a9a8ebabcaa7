import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleRequest } from "../../blueprints/catalogue";
import { declaredStreamingJobs, type StreamingJobDeclaration } from "../../blueprints/streaming-jobs";
import { blueprintProgram } from "../../programs/blueprint-program";
import { mockCloud } from "../../programs/offline-plan/mock-cloud";

const resolved = <T>(input: pulumi.Input<T>) => new Promise<T>((resolve) => pulumi.output(input).apply((v) => resolve(v as T)));

/** The `streamingJobs` output of a blueprint's program under the mock cloud, as the service reads it. */
async function streamingJobsOf(blueprint: string, request: unknown, name: string): Promise<{ raw: unknown; jobs: StreamingJobDeclaration[] }> {
  const outputs = (await blueprintProgram(blueprint, request, name)()) as Record<string, pulumi.Input<unknown>>;
  if (!("streamingJobs" in outputs)) return { raw: undefined, jobs: [] };
  const raw = await resolved(pulumi.output(outputs["streamingJobs"]!));
  const declared = declaredStreamingJobs({ streamingJobs: raw });
  expect(declared.problem).toBeUndefined();
  return { raw, jobs: declared.jobs };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- requests are edited as plain JSON
const withParams = (blueprint: string, edit: (params: any) => void) => {
  const request = structuredClone(exampleRequest(blueprint)) as { params: Record<string, unknown> };
  edit(request.params);
  return request;
};

describe("the streamingJobs output", () => {
  // One mock monitor for the file: a second would lose the resources the first still registers outputs for.
  beforeAll(() => pulumi.runtime.setMocks(mockCloud("eu-west-1"), "slipstream", "jobs", false));

  it("declares the pipeline's Glue streaming job and Flink application, with revisions that follow what a restart picks up", async () => {
    const base = withParams("serverless-streaming-pipeline", (p) => (p.flink = { ...(p.flink ?? {}), enabled: true }));
    const { jobs } = await streamingJobsOf("serverless-streaming-pipeline", base, "clicks");
    expect(jobs.map((j) => [j.id, j.service])).toEqual([
      ["stream-to-lake", "glue"],
      ["analytics", "flink"],
    ]);
    expect(jobs[0]!.name).toBe("clicks-stream-to-lake");
    expect(jobs[1]!.name).toMatch(/^clicks-analytics/);
    for (const job of jobs) expect(job.revision).toMatch(/^[0-9a-f]{16}$/);

    const again = await streamingJobsOf("serverless-streaming-pipeline", base, "clicks");
    expect(again.jobs).toEqual(jobs);

    // A Glue argument changes: the Glue job's revision moves.
    const wider = withParams("serverless-streaming-pipeline", (p) => {
      p.flink = { ...(p.flink ?? {}), enabled: true };
      p.streamingJob = { ...(p.streamingJob ?? {}), windowSeconds: 300 };
    });
    const changed = await streamingJobsOf("serverless-streaming-pipeline", wider, "clicks");
    expect(changed.jobs[0]!.revision).not.toBe(jobs[0]!.revision);
  });

  it("declares the anomaly detector of access-log-analytics only when it is enabled, and nothing for msk-data-lake's batch job", async () => {
    const artifact = { bucketArn: "arn:aws:s3:::web-flink-artifacts", fileKey: "anomaly-detector-1.4.0.jar" };
    const on = await streamingJobsOf("access-log-analytics", withParams("access-log-analytics", (p) => (p.anomalyDetection = { enabled: true, artifact })), "web-logs");
    expect(on.jobs).toEqual([{ id: "anomaly-detector", service: "flink", name: "web-logs-anomaly-detector", revision: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
    const off = await streamingJobsOf("access-log-analytics", withParams("access-log-analytics", (p) => (p.anomalyDetection = { enabled: false })), "web-logs");
    expect(off.raw).toBeUndefined();
    const lake = await streamingJobsOf("msk-data-lake", exampleRequest("msk-data-lake"), "lake");
    expect(lake.raw).toBeUndefined();
  });

  it("reads deployments created before the output existed as declaring no jobs, and names what is wrong with a malformed one", () => {
    expect(declaredStreamingJobs({ streamName: "s" })).toEqual({ jobs: [] });
    expect(declaredStreamingJobs(undefined)).toEqual({ jobs: [] });
    const masked = declaredStreamingJobs({ streamingJobs: "[secret]" });
    expect(masked.jobs).toEqual([]);
    expect(masked.problem).toMatch(/streamingJobs output is not a list/);
    const twice = declaredStreamingJobs({ streamingJobs: [{ id: "a", service: "glue", name: "x", revision: "1" }, { id: "a", service: "flink", name: "y", revision: "2" }] });
    expect(twice.problem).toMatch(/declared twice/);
  });
});
