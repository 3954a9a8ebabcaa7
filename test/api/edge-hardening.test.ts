import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PlanPool } from "../../api/plans/plan-pool";
import type { Planner } from "../../api/plans/planner";
import { expectProblem, fieldsOf } from "./support/problems";
import { schemaOnlyPlanner } from "./support/schema-only-planner";
import { TAGS, testApp } from "./support/test-app";

/**
 * Regressions of issue #11's hostile requests: each is refused at the edge with a 400 that
 * names the field, before a plan worker or the store sees it.
 */
const deepParams = (depth: number) => `{"a":`.repeat(depth) + "1" + "}".repeat(depth);
const createText = (params: string, tags = JSON.stringify(TAGS)) => `{"name":"hostile","blueprint":"dynamodb-search","tags":${tags},"params":${params}}`;

describe("deeply nested JSON is refused at the edge", () => {
  let t: ReturnType<typeof testApp>;
  let pool: PlanPool;
  let plans = 0;
  beforeEach(() => {
    // The real plan pool: a 5,000-deep body used to overflow the stack in its worker thread
    // (a 500). The guard must answer before it: the pool never starts a thread here.
    pool = new PlanPool({ threads: 1 });
    const planner: Planner = { run: (input) => (plans++, pool.run(input)) };
    plans = 0;
    t = testApp({ planner });
  });
  afterEach(async () => {
    await t.close();
    await pool.close();
  });

  it.each([
    ["POST /v1/deployments", "POST", "/v1/deployments", createText(deepParams(5000))],
    ["POST /v1/plans", "POST", "/v1/plans", createText(deepParams(5000))],
    ["PATCH /v1/deployments/{name}", "PATCH", "/v1/deployments/hostile", `{"params":${deepParams(5000)}}`],
    ["an array nested 5,000 deep", "POST", "/v1/plans", createText(`{"search":${"[".repeat(5000)}${"]".repeat(5000)}}`)],
  ])("answers 400 naming the field for JSON nested 5,000 deep: %s", async (_label, method, url, body) => {
    const problem = await expectProblem(await t.json(method, url, body), 400);
    expect(fieldsOf(problem)[0]).toMatch(/^params\.(a\.a\.a|search\.0\.0\.0)/);
    expect(problem.errors![0]!.message).toContain("nested deeper than 32 levels");
    expect(problem.text.length).toBeLessThan(2000);
    expect(plans).toBe(0);
    expect(pool.threads).toBe(0);
  });
});

describe("hostile bodies are refused at the edge", () => {
  let t: ReturnType<typeof testApp>;
  let planner: ReturnType<typeof schemaOnlyPlanner>;
  beforeEach(() => {
    planner = schemaOnlyPlanner();
    t = testApp({ planner, maxBodyBytes: 512 * 1024 });
  });
  afterEach(() => t.close());

  it.each([
    ["params (carrying an invalid indexName)", createText(`{"search":{"__proto__":{"indexName":"NOT VALID"}}}`), "params.search.__proto__"],
    ["params, at the top", createText(`{"__proto__":{"changeCapture":"triggers"}}`), "params.__proto__"],
    ["a tag key", createText("{}", `{"owner":"o","cost-center":"c","environment":"dev","__proto__":"x"}`), "tags.__proto__"],
    ["the body", `{"__proto__":{"admin":true},"name":"hostile","blueprint":"dynamodb-search","tags":${JSON.stringify(TAGS)}}`, "__proto__"],
    ["constructor", createText(`{"constructor":{"prototype":{"polluted":true}}}`), "params.constructor"],
    ["prototype", createText(`{"indexer":{"prototype":1}}`), "params.indexer.prototype"],
    ["an array element", createText(`{"notifications":{"emails":[{"__proto__":1}]}}`), "params.notifications.emails.0.__proto__"],
  ])("refuses __proto__-style keys by name, never dropping them: in %s", async (_label, body, field) => {
    for (const url of ["/v1/deployments", "/v1/plans"]) {
      const problem = await expectProblem(await t.json("POST", url, body), 400);
      expect(fieldsOf(problem)).toContain(field);
    }
    expect(await t.store.deployments.list({ limit: 10 })).toEqual([]);
    expect(planner.calls).toBe(0);
  });

  it("refuses __proto__ in an update, leaving the deployment's params as they were", async () => {
    const store = t.store;
    const created = await t.json("POST", "/v1/deployments", createText(`{"search":{"indexName":"orders"}}`));
    expect(created.status).toBe(202);
    const before = (await store.deployments.get("hostile"))!;
    const problem = await expectProblem(await t.json("PATCH", "/v1/deployments/hostile", `{"params":{"__proto__":{"search":{"indexName":"BAD"}}}}`), 400);
    expect(fieldsOf(problem)).toEqual(["params.__proto__"]);
    expect((await store.deployments.get("hostile"))!.request).toEqual(before.request);
    expect(await store.operations.listByDeployment("hostile", 10)).toHaveLength(1);
  });

  it("names an unknown key as its own field, at any depth", async () => {
    const problem = await expectProblem(await t.json("POST", "/v1/plans", createText(`{"search":{"indexName":"orders","colour":"red"}}`)), 400);
    expect(fieldsOf(problem)).toEqual(["params.search.colour"]);
    const top = await expectProblem(await t.json("POST", "/v1/deployments", createText("{}").replace(/^\{/, `{"admin":true,`)), 400);
    expect(fieldsOf(top)).toEqual(["admin"]);
  });

  it("never echoes a 200 KB value or key back", async () => {
    const big = "x".repeat(200_000);
    for (const body of [createText(JSON.stringify({ search: { indexName: big } })), createText(JSON.stringify({ [big]: 1 })), createText("{}", JSON.stringify({ ...TAGS, [big]: "v" })), createText("{}", JSON.stringify({ ...TAGS, owner: big }))]) {
      const problem = await expectProblem(await t.json("POST", "/v1/deployments", body), 400);
      expect(problem.text.length).toBeLessThan(2000);
      expect(problem.errors!.length).toBeGreaterThan(0);
    }
    const path = await expectProblem(await t.app.request(`/v1/${big}`), 404);
    expect(path.text.length).toBeLessThan(3000);
  });

  it("says what failed: unreadable JSON, or JSON that does not match the schema", async () => {
    const malformed = await expectProblem(await t.json("POST", "/v1/deployments", "{ nope"), 400);
    expect(malformed.detail).toBe("the request body is not valid JSON");
    expect(fieldsOf(malformed)).toEqual(["(body)"]);
    const mismatch = await expectProblem(await t.json("POST", "/v1/deployments", { name: 5 }), 400);
    expect(mismatch.detail).toBe("the request body does not match the schema");
    expect(fieldsOf(mismatch)).toEqual(expect.arrayContaining(["name", "blueprint", "tags"]));
    const empty = await expectProblem(await t.json("POST", "/v1/deployments", ""), 400);
    expect(fieldsOf(empty)).toEqual(["(body)"]);
    const media = await expectProblem(await t.app.request("/v1/plans", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" }), 415);
    expect(fieldsOf(media)).toEqual(["Content-Type"]);
  });
});

describe("requests without a body, queries and the event stream", () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => {
    t = testApp({ planner: schemaOnlyPlanner() });
  });
  afterEach(() => t.close());

  it("refuses fields sent to a route that takes no body, and accepts none or {}", async () => {
    expect((await t.json("POST", "/v1/deployments", { name: "quiet", blueprint: "dynamodb-search", tags: TAGS })).status).toBe(202);
    const problem = await expectProblem(await t.json("POST", "/v1/deployments/quiet/preview", { force: true }), 400);
    expect(fieldsOf(problem)).toEqual(["force"]);
    expect((await t.json("POST", "/v1/deployments/quiet/preview", "{}")).status).toBe(202);
    expect((await t.json("POST", "/v1/deployments/quiet/refresh")).status).toBeLessThan(500);
    expect(fieldsOf(await expectProblem(await t.json("DELETE", "/v1/deployments/quiet", "[1]"), 400))).toEqual(["(body)"]);
  });

  it("refuses unknown query parameters by name", async () => {
    expect(fieldsOf(await expectProblem(await t.app.request("/v1/deployments?limt=5"), 400))).toEqual(["limt"]);
    expect(fieldsOf(await expectProblem(await t.app.request("/v1/blueprints?verbose=1"), 400))).toEqual(["verbose"]);
  });

  it("answers a bad `after` or Last-Event-ID with 400 instead of reading it as 0", async () => {
    const { operation } = (await (await t.json("POST", "/v1/deployments", { name: "events", blueprint: "dynamodb-search", tags: TAGS })).json()) as { operation: { id: string } };
    const base = `/v1/operations/${operation.id}/events`;
    for (const after of ["abc", "", "-1", "1.5", "1e3"]) {
      expect(fieldsOf(await expectProblem(await t.app.request(`${base}/stream?after=${after}`), 400)), after).toEqual(["after"]);
      expect(fieldsOf(await expectProblem(await t.app.request(`${base}?after=${after}`), 400)), after).toEqual(["after"]);
    }
    expect(fieldsOf(await expectProblem(await t.app.request(`${base}/stream`, { headers: { "Last-Event-ID": "nope" } }), 400))).toEqual(["Last-Event-ID"]);
    expect((await t.app.request(`${base}?after=0`)).status).toBe(200);
  });

  it("closes the connection it cannot keep after a 413", async () => {
    const small = testApp({ maxBodyBytes: 1024 });
    try {
      const res = await small.json("POST", "/v1/plans", { pad: "x".repeat(4096) });
      await expectProblem(res, 413);
      expect(res.headers.get("connection")).toBe("close");
    } finally {
      await small.close();
    }
  });
});
