import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, TAGS } from "./support/service";

describe("requests over a real port", () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    service = await startTestService({ SLIPSTREAM_MAX_BODY_BYTES: "8192" });
  });
  afterAll(() => service?.stop());
  const body = (name: string, extra: Record<string, unknown> = {}) => ({ name, blueprint: "dynamodb-search", params: {}, tags: TAGS, ...extra });

  it("answers idempotent retries with the first response and queues once", async () => {
    const { api } = service;
    const key = { "Idempotency-Key": "retry-1" };
    const [a, b] = await Promise.all([api.call("POST", "/v1/deployments", body("retried"), key), new Promise((r) => setTimeout(r, 50)).then(() => api.call("POST", "/v1/deployments", body("retried"), key))]);
    expect(a.status).toBe(202);
    // A retry racing the first request is told to wait; later ones get the same answer.
    expect([202, 409]).toContain(b.status);
    const c = await api.call("POST", "/v1/deployments", body("retried"), key);
    expect(c.status).toBe(202);
    expect(c.headers.get("idempotent-replayed")).toBe("true");
    expect(c.body.operation.id).toBe(a.body.operation.id);
    await api.settle(a.body.operation.id);
    const operations = (await api.call("GET", "/v1/deployments/retried/operations")).body.operations;
    expect(operations).toHaveLength(1);
    expect((await api.call("POST", "/v1/deployments", body("retried-2"), key)).status).toBe(422);
  });

  it("cancels a running operation gracefully", async () => {
    const { api } = service;
    // Each resource step of the stand-in takes a second: the up is still running when cancelled.
    process.env["PULUMI_STANDIN_DELAY_MS"] = "1000";
    try {
      const accepted = await api.call("POST", "/v1/deployments", body("cancelled"));
      const id = accepted.body.operation.id as string;
      // Cancel once the engine is creating resources.
      await api.untilEvent(id, "resourcePreEvent");
      const cancel = await api.call("POST", `/v1/operations/${id}/cancel`);
      expect(cancel.status).toBe(202);
      expect(cancel.body).toMatchObject({ cancelRequested: true, actions: { cancel: false } });
      const finished = await api.settle(id);
      expect(finished).toMatchObject({ status: "cancelled", error: { title: "Cancelled" } });
      expect((await api.call("GET", "/v1/deployments/cancelled")).body.status).toBe("failed");
    } finally {
      delete process.env["PULUMI_STANDIN_DELAY_MS"];
    }
  });

  it("answers bad input with 4xx problems and never queues an operation", async () => {
    const { api } = service;
    const before = (await api.call("GET", "/v1/deployments?limit=200")).body.deployments.length;
    const attempts = [
      api.call("POST", "/v1/deployments", "{ not json"),
      api.call("POST", "/v1/deployments", body("typed", { params: [1, 2], tags: "owner" })),
      api.call("POST", "/v1/deployments", body("unknown-bp", { blueprint: "mainframe-etl" })),
      api.call("POST", "/v1/deployments", body("too-big", { params: { pad: "x".repeat(20_000) } })),
      api.call("POST", "/v1/deployments", body("../../../etc")),
      api.call("POST", "/v1/deployments", body("$(reboot)")),
      api.call("POST", "/v1/deployments", body("x".repeat(300))),
      api.call("POST", "/v1/deployments", body("bad-params", { params: { indexer: { batchSize: -1 } } })),
      api.call("PATCH", "/v1/deployments/..%2F..%2Fetc", { params: {} }),
      api.call("POST", "/v1/operations/not-an-operation/cancel"),
    ];
    const responses = await Promise.all(attempts);
    for (const res of responses) {
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 413, 400, 400, 400, 400, 404, 404]);
    expect((await api.call("GET", "/v1/deployments?limit=200")).body.deployments.length).toBe(before);
  });
});
