import { afterAll, describe, expect, it } from "vitest";
import { OverloadedError } from "../../../api/domain/errors";
import { PlanPool } from "../../../api/plans/plan-pool";
import { exampleRequest } from "../../../blueprints/catalogue";
import { testApp, TAGS } from "../support/test-app";

const input = (name: string) => ({ blueprint: "dynamodb-search", request: exampleRequest("dynamodb-search"), name });

describe("the bounded plan queue", () => {
  const pool = new PlanPool({ threads: 1, maxQueue: 1 });
  afterAll(() => pool.close());

  it("refuses a plan at once, with a wait, when the queue is full; takes plans again once it drains", async () => {
    // A warm thread, so the first plan below goes straight to it rather than into the queue.
    expect((await pool.run(input("warm"))).ok).toBe(true);
    const running = pool.run(input("running"));
    const queued = pool.run(input("queued"));
    const refused = pool.run(input("refused"));
    await expect(refused).rejects.toBeInstanceOf(OverloadedError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) as number });
    const error = await refused.then(() => undefined, (e: unknown) => e as OverloadedError);
    expect(error?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((await running).ok && (await queued).ok).toBe(true);
    expect((await pool.run(input("after"))).ok).toBe(true);
  });
});

describe("a refused plan over HTTP", () => {
  const t = testApp({ planner: { run: () => Promise.reject(new OverloadedError("the plan queue is full", 7)) } });
  afterAll(() => t.close());

  it("answers 429 with Retry-After, and records nothing", async () => {
    for (const [method, url, body] of [
      ["POST", "/v1/plans", { blueprint: "dynamodb-search", params: {}, tags: TAGS }],
      ["POST", "/v1/deployments", { name: "refused-create", blueprint: "dynamodb-search", params: {}, tags: TAGS }],
    ] as const) {
      const res = await t.json(method, url, body);
      expect(res.status, url).toBe(429);
      expect(res.headers.get("retry-after"), url).toBe("7");
      expect(await res.json(), url).toMatchObject({ status: 429, title: "Too many requests", retryAfter: 7 });
    }
    expect((await t.app.request("/v1/deployments/refused-create")).status).toBe(404);
  });
});
