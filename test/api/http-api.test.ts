/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted on, not typed */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runPlanTask } from "../../api/plans/plan-task";
import { TAGS, testApp } from "./support/test-app";

type TestApp = ReturnType<typeof testApp>;
const create = (t: TestApp, name: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  t.json("POST", "/v1/deployments", { name, blueprint: "dynamodb-search", params: {}, tags: TAGS, ...extra }, headers);

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("HTTP API", () => {
  let t: TestApp;
  beforeEach(() => {
    t = testApp();
  });
  afterEach(() => t.close());

  it("serves the catalogue with JSON Schemas and examples", async () => {
    const list = await (await t.app.request("/v1/blueprints")).json() as any;
    expect(list.blueprints.map((b: { id: string }) => b.id)).toEqual(expect.arrayContaining(["access-log-analytics", "dynamodb-search"]));
    const detail = await (await t.app.request("/v1/blueprints/dynamodb-search")).json() as any;
    expect(detail.requestSchema.properties.tags.required).toEqual(["owner", "cost-center", "environment"]);
    expect(detail.example.tags.environment).toBe("dev");
    // Each blueprint shows the version this release renders, the last of its changelog.
    expect(list.blueprints.find((b: { id: string }) => b.id === "dynamodb-search").version).toBe(detail.version);
    expect(detail.changelog.at(-1).version).toBe(detail.version);
    expect(detail.changelog[0]).toEqual({ version: "1.0.0", changes: [expect.any(String)] });
    const missing = await t.app.request("/v1/blueprints/nope");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  });

  it("plans offline with a policy report", async () => {
    const res = await t.json("POST", "/v1/plans", { blueprint: "dynamodb-search", params: {}, tags: TAGS, name: "probe" });
    expect(res.status).toBe(200);
    const body = await res.json() as any;
    expect(body.deployment).toBe("probe");
    expect(body.resources.length).toBeGreaterThan(20);
    expect(body.policy.passed).toBe(true);
    // The diagram places each cloud resource once; the estimate prices in the plan's Region.
    const cloud = body.resources.filter((r: { component: boolean }) => !r.component).map((r: { urn: string }) => r.urn);
    expect(body.diagram.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(cloud));
    expect(body.diagram.edges.length).toBeGreaterThan(0);
    expect(body.cost).toMatchObject({ currency: "USD", region: body.region });
    expect(body.cost.monthlyTotal).toBeGreaterThan(0);
  });

  it("accepts a deployment with 202 and runs its first up outside the request", async () => {
    const res = await create(t, "orders");
    expect(res.status).toBe(202);
    expect(res.headers.get("location")).toBe("/v1/deployments/orders");
    const { deployment, operation } = await res.json() as any;
    expect(deployment).toMatchObject({ name: "orders", status: "pending", blueprint: "dynamodb-search" });
    expect(operation).toMatchObject({ kind: "create", status: "queued", links: { events: `/v1/operations/${operation.id}/events` } });
    await until(async () => (await (await t.app.request(`/v1/operations/${operation.id}`)).json() as any).status === "succeeded");
    const got = await (await t.app.request("/v1/deployments/orders")).json() as any;
    expect(got).toMatchObject({ status: "active", outputs: { endpoint: "https://orders.example" }, actions: { update: true, preview: true, refresh: true, destroy: true } });
    expect(got.recentOperations[0].id).toBe(operation.id);
    expect((await create(t, "orders")).status).toBe(409);
  });

  it("lists deployments with filters and cursor pagination", async () => {
    for (const name of ["alpha", "bravo", "charlie"]) expect((await create(t, name)).status).toBe(202);
    const first = await (await t.app.request("/v1/deployments?limit=2")).json() as any;
    expect(first.deployments.map((d: { name: string }) => d.name)).toEqual(["alpha", "bravo"]);
    const second = await (await t.app.request(`/v1/deployments?limit=2&cursor=${first.next}`)).json() as any;
    expect(second).toMatchObject({ deployments: [{ name: "charlie" }], next: null });
    expect((await (await t.app.request("/v1/deployments?environment=prod")).json() as any).deployments).toEqual([]);
    expect((await t.app.request("/v1/deployments?status=sleeping")).status).toBe(400);
  });

  it("replays an idempotent retry and refuses a key reused with another body", async () => {
    const first = await create(t, "idem", {}, { "Idempotency-Key": "k-1" });
    const again = await create(t, "idem", {}, { "Idempotency-Key": "k-1" });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as any).operation.id).toBe(((await first.json()) as any).operation.id);
    const other = await create(t, "idem-2", {}, { "Idempotency-Key": "k-1" });
    expect(other.status).toBe(422);
    expect((await t.store.deployments.list({ limit: 10 })).map((d) => d.name)).toEqual(["idem"]);
  });

  it("updates, previews, refreshes and destroys through queued operations", async () => {
    await create(t, "life");
    await until(async () => (await t.store.deployments.get("life"))?.status === "active");
    const update = await t.json("PATCH", "/v1/deployments/life", { params: { indexer: { batchSize: 50 } } });
    expect(update.status).toBe(202);
    const accepted = (await update.json()) as any;
    // The new params are the update's until it succeeds; both are resolved, defaults filled in.
    expect(accepted.deployment.params.indexer.batchSize).toBe(100);
    expect(accepted.operation.params.indexer).toMatchObject({ batchSize: 50, memoryMiB: 256 });
    await until(async () => (await t.store.operations.get(accepted.operation.id))?.status === "succeeded");
    expect((await (await t.app.request("/v1/deployments/life")).json() as any).params.indexer).toMatchObject({ batchSize: 50, memoryMiB: 256 });
    for (const kind of ["preview", "refresh"]) expect((await t.json("POST", `/v1/deployments/life/${kind}`)).status).toBe(202);
    const destroy = await t.json("DELETE", "/v1/deployments/life");
    expect(destroy.status).toBe(202);
    expect((await destroy.json() as any).deployment).toMatchObject({ status: "destroying", actions: { update: false, destroy: false } });
    expect((await t.json("POST", "/v1/deployments/life/preview")).status).toBe(409);
    await until(async () => (await t.app.request("/v1/deployments/life")).status === 404);
    expect(t.engine.started.map((r) => r.operation.kind)).toEqual(["create", "update", "preview", "refresh", "destroy"]);
    const history = (await (await t.app.request("/v1/deployments/life/operations")).json()) as any;
    expect(history.deployment).toEqual({ name: "life", status: "destroyed" });
    expect(history.operations.map((o: { kind: string }) => o.kind)).toEqual(["destroy", "refresh", "preview", "update", "create"]);
  });

  it("streams events as SSE and resumes from Last-Event-ID", async () => {
    const { operation } = await (await create(t, "stream")).json() as any;
    const res = await t.app.request(`/v1/operations/${operation.id}/events/stream`);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([1, 2, 3, 4]);
    // Every event is a `message` carrying its type in its data; one `end` event closes the stream.
    expect([...text.matchAll(/^data: (\{"sequence".+)$/gm)].map((m) => (JSON.parse(m[1]!) as { type: string }).type)).toEqual(["slipstream.started", "preludeEvent", "summaryEvent", "slipstream.succeeded"]);
    expect([...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1])).toEqual(["end"]);
    const resumed = await (await t.app.request(`/v1/operations/${operation.id}/events/stream`, { headers: { "Last-Event-ID": "2" } })).text();
    expect([...resumed.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([3, 4]);
    expect((await t.app.request(`/v1/operations/${operation.id}/events/stream`, { headers: { "Last-Event-ID": "4" } })).status).toBe(204);
    const page = await (await t.app.request(`/v1/operations/${operation.id}/events?after=1&limit=2`)).json() as any;
    expect(page).toMatchObject({ events: [{ sequence: 2 }, { sequence: 3 }], next: 3 });
  });

  it("cancels a queued operation", async () => {
    t.engine.autoRelease = false;
    const { operation: first } = await (await create(t, "cancel-me")).json() as any;
    await until(() => t.engine.running === 1);
    const { operation: queued } = await (await t.json("POST", "/v1/deployments/cancel-me/preview")).json() as any;
    const res = await t.json("POST", `/v1/operations/${queued.id}/cancel`);
    expect(res.status).toBe(202);
    expect(await res.json() as any).toMatchObject({ status: "cancelled", actions: { cancel: false } });
    expect((await t.json("POST", `/v1/operations/${queued.id}/cancel`)).status).toBe(409);
    const running = await (await t.json("POST", `/v1/operations/${first.id}/cancel`)).json() as any;
    expect(running).toMatchObject({ status: "running", cancelRequested: true });
    await until(async () => (await t.store.operations.get(first.id))?.status === "cancelled");
  });

  it("answers 503 with the install hint when the engine is missing, recording nothing", async () => {
    t.engine.available = { ok: false, reason: "The Pulumi CLI was not found. Install the Pulumi CLI …" };
    const res = await create(t, "no-engine");
    expect(res.status).toBe(503);
    expect((await res.json() as any).detail).toContain("Install the Pulumi CLI");
    expect(await t.store.deployments.list({ limit: 10 })).toEqual([]);
    expect((await t.json("POST", "/v1/plans", { blueprint: "dynamodb-search", tags: TAGS })).status).toBe(200);
  });

  it("refuses a change whose plan has a mandatory policy violation, before the engine", async () => {
    const strict = testApp({
      planner: {
        run: async (input) => {
          const result = await runPlanTask(input);
          if (!result.ok) return result;
          const violation = { policy: "required-tags", category: "tagging" as const, enforcementLevel: "mandatory" as const, controls: [], resource: null, message: "missing tag team" };
          return { ...result, policy: { ...result.policy, passed: false, violations: [violation] } };
        },
      },
    });
    try {
      const res = await create(strict, "policed");
      expect(res.status).toBe(422);
      const problem = await res.json() as any;
      expect(problem.report.violations[0].message).toBe("missing tag team");
      expect(strict.engine.started).toEqual([]);
      expect(await strict.store.deployments.list({ limit: 10 })).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it("publishes an OpenAPI 3.1 document and a docs page", async () => {
    const doc = await (await t.app.request("/openapi.json")).json() as any;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/deployments", "/v1/deployments/{name}", "/v1/plans", "/v1/operations/{id}/events/stream", "/v1/blueprints/{id}"]));
    expect(doc.components.schemas.Problem).toBeDefined();
    expect(await (await t.app.request("/docs")).text()).toContain("/openapi.json");
  });
});

describe("bad input is always 4xx and never an operation", () => {
  let t: TestApp;
  beforeEach(() => {
    t = testApp({ maxBodyBytes: 4096 });
  });
  afterEach(() => t.close());

  const cases: [string, () => Response | Promise<Response>, number, string?][] = [];
  const body = (value: unknown) => ({ name: "ok-name", blueprint: "dynamodb-search", params: {}, tags: TAGS, ...(value as object) });
  cases.push(["malformed JSON", () => t.json("POST", "/v1/deployments", "{ nope"), 400]);
  cases.push(["a JSON array", () => t.json("POST", "/v1/deployments", "[]"), 400]);
  cases.push(["wrong types", () => t.json("POST", "/v1/deployments", body({ params: "many", tags: 7 })), 400, "params"]);
  cases.push(["unknown blueprint", () => t.json("POST", "/v1/deployments", body({ blueprint: "mainframe" })), 400, "blueprint"]);
  cases.push(["invalid params", () => t.json("POST", "/v1/deployments", body({ params: { changeCapture: "triggers" } })), 400, "params.changeCapture"]);
  cases.push(["missing tags", () => t.json("POST", "/v1/deployments", body({ tags: { owner: "x" } })), 400, "tags.cost-center"]);
  cases.push(["oversize body", () => t.json("POST", "/v1/deployments", body({ params: { pad: "x".repeat(10_000) } })), 413]);
  cases.push(["unknown field", () => t.json("POST", "/v1/deployments", body({ admin: true })), 400]);
  for (const name of ["../../etc/passwd", "a;rm -rf /", "UPPER", "x", "a".repeat(80), "naïve", "dash-", "urn:pulumi:x", "a\nb", "a--b"]) {
    cases.push([`hostile name ${JSON.stringify(name).slice(0, 20)}`, () => t.json("POST", "/v1/deployments", body({ name })), 400, "name"]);
  }
  cases.push(["a bad idempotency key", () => t.json("POST", "/v1/deployments", body({}), { "Idempotency-Key": "has spaces in it" }), 400]);
  cases.push(["an unknown deployment", () => t.json("PATCH", "/v1/deployments/nobody", { params: {} }), 404]);
  cases.push(["an overlong path id", () => t.app.request(`/v1/operations/${"x".repeat(200)}`), 400]);

  for (const [label, send, status, field] of cases) {
    it(`answers ${status} for ${label}`, async () => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = await res.json() as any;
      expect(problem.status).toBe(status);
      expect(JSON.stringify(problem)).not.toMatch(/\bat .*\.ts:\d+/);
      if (field) expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await t.store.operations.countActive()).toBe(0);
      expect(await t.store.deployments.list({ limit: 10 })).toEqual([]);
    });
  }
});

describe("cancelling a queued destroy", () => {
  it("gives the deployment back the state its last change left", async () => {
    const t = testApp();
    try {
      await create(t, "keep-me");
      await until(async () => (await t.store.deployments.get("keep-me"))?.status === "active");
      t.engine.autoRelease = false;
      const preview = (await (await t.json("POST", "/v1/deployments/keep-me/preview")).json()) as any;
      await until(() => t.engine.running === 1);
      const destroy = (await (await t.json("DELETE", "/v1/deployments/keep-me")).json()) as any;
      expect(destroy.deployment.status).toBe("destroying");
      const cancelled = (await (await t.json("POST", `/v1/operations/${destroy.operation.id}/cancel`)).json()) as any;
      expect(cancelled.status).toBe("cancelled");
      const deployment = (await (await t.app.request("/v1/deployments/keep-me")).json()) as any;
      expect(deployment).toMatchObject({ status: "active", actions: { update: true, destroy: true } });
      t.engine.release(preview.operation.id);
      await until(async () => (await t.store.operations.get(preview.operation.id))?.status === "succeeded");
    } finally {
      await t.close();
    }
  });
});
