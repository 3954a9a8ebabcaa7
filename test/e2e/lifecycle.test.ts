import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue, exampleRequest } from "../../blueprints/catalogue";
import { startTestService } from "./support/service";

// Every blueprint through the real service, the real Automation API and the Pulumi CLI
// stand-in: create → outputs → update → preview → refresh → destroy.
describe("deployment lifecycle through the service", () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    service = await startTestService({ SLIPSTREAM_CONCURRENCY: "4" });
  });
  afterAll(() => service?.stop());

  for (const blueprint of catalogue.keys()) {
    it(`runs ${blueprint} from create to destroy`, async () => {
      const { api } = service;
      const example = exampleRequest(blueprint) as { params: Record<string, unknown>; tags: Record<string, string> };
      const name = `life-${blueprint.split("-").map((w) => w[0]).join("")}`;

      const created = await api.call("POST", "/v1/deployments", { name, blueprint, ...example });
      expect(created.status).toBe(202);
      const up = await api.settle(created.body.operation.id);
      expect(up).toMatchObject({ status: "succeeded", kind: "create" });
      expect(up.summary.create).toBeGreaterThan(10);

      const deployment = (await api.call("GET", `/v1/deployments/${name}`)).body;
      expect(deployment.status).toBe("active");
      expect(Object.keys(deployment.outputs).length).toBeGreaterThan(3);
      expect(deployment.recentOperations[0]).toMatchObject({ id: up.id, status: "succeeded" });
      // Declared streaming jobs were started after the create (against the local Glue/Flink endpoint).
      const jobs = deployment.jobs as { id: string; state: string }[];
      if (blueprint === "serverless-streaming-pipeline") expect(jobs.map((j) => j.id)).toEqual(["stream-to-lake", "analytics"]);
      for (const job of jobs) expect(job, job.id).toMatchObject({ state: "RUNNING" });

      const tags = { ...example.tags, team: "streaming" };
      const updated = await api.call("PATCH", `/v1/deployments/${name}`, { params: example.params, tags });
      expect(updated.status).toBe(202);
      const update = await api.settle(updated.body.operation.id);
      expect(update.status).toBe("succeeded");
      expect(update.summary.update).toBeGreaterThan(10);

      const preview = await api.settle((await api.call("POST", `/v1/deployments/${name}/preview`)).body.operation.id);
      expect(preview.status).toBe("succeeded");
      expect(preview.summary.same).toBeGreaterThan(10);
      expect(preview.summary.update ?? 0).toBe(0);

      const refresh = await api.settle((await api.call("POST", `/v1/deployments/${name}/refresh`)).body.operation.id);
      expect(refresh.status).toBe("succeeded");

      const events = (await api.call("GET", `/v1/operations/${up.id}/events?limit=500`)).body.events.map((e: { type: string }) => e.type);
      expect(events[0]).toBe("slipstream.started");
      expect(events).toContain("preludeEvent");
      expect(events).toContain("resOutputsEvent");
      expect(events).toContain("summaryEvent");
      expect(events[events.length - 1]).toBe("slipstream.succeeded");

      const destroyed = await api.call("DELETE", `/v1/deployments/${name}`);
      expect(destroyed.status).toBe(202);
      const destroy = await api.settle(destroyed.body.operation.id);
      expect(destroy.status).toBe("succeeded");
      expect(destroy.summary.delete).toBeGreaterThan(10);
      // The jobs stopped before the stack went.
      const destroyEvents = (await api.call("GET", `/v1/operations/${destroy.id}/events?limit=500`)).body.events.map((e: { type: string }) => e.type);
      expect(destroyEvents.filter((t: string) => t === "slipstream.job.stopped")).toHaveLength(jobs.length);
      if (jobs.length > 0) expect(destroyEvents.lastIndexOf("slipstream.job.stopped")).toBeLessThan(destroyEvents.indexOf("preludeEvent"));
      expect((await api.call("GET", `/v1/deployments/${name}`)).status).toBe(404);
    });
  }
});
