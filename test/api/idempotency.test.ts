import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Planner } from "../../api/plans/planner";
import { expectProblem } from "./support/problems";
import { schemaOnlyPlanner } from "./support/schema-only-planner";
import { TAGS, testApp } from "./support/test-app";

const body = { name: "retried", blueprint: "dynamodb-search", params: {}, tags: TAGS };
const key = { "Idempotency-Key": "crash-1" };
const MINUTE = 60_000;

/**
 * Regressions of issue #11: a request that never finished kept its Idempotency-Key
 * reserved forever (409 on every retry, across restarts).
 */
describe("Idempotency-Key leases", () => {
  let t: ReturnType<typeof testApp> | undefined;
  afterEach(() => t?.close());

  it("answers a retry of a request that never finished as a fresh request once its lease is over", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    // The first request hangs in the plan gate forever, as if its process had died there.
    let hang = true;
    const validating = schemaOnlyPlanner();
    const planner: Planner = { run: (input) => (hang ? new Promise(() => {}) : validating.run(input)) };
    t = testApp({ planner, idempotency: { clock: () => now } });
    void t.json("POST", "/v1/deployments", body, key);
    await new Promise((r) => setTimeout(r, 50));

    const meanwhile = await expectProblem(await t.json("POST", "/v1/deployments", body, key), 409);
    expect(meanwhile.detail).toContain("still being handled");
    expect(meanwhile.detail).toContain("released 60 s after");

    hang = false;
    now += MINUTE;
    const retry = await t.json("POST", "/v1/deployments", body, key);
    expect(retry.status).toBe(202);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    const again = await t.json("POST", "/v1/deployments", body, key);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await t.store.operations.listByDeployment("retried", 10)).toHaveLength(1);
  });

  it("releases a key a dead process left reserved in the store", async () => {
    t = testApp({ planner: schemaOnlyPlanner() });
    const long = new Date(Date.now() - 10 * MINUTE).toISOString();
    const lapsed = new Date(Date.now() - 9 * MINUTE).toISOString();
    const fingerprint = `POST /v1/deployments ${createHash("sha256").update(JSON.stringify(body)).digest("hex")}`;
    // Keys are stored under the token that sent them; an open service's caller is "anonymous".
    expect(await t.store.idempotency.reserve("anonymous/crash-1", fingerprint, { owner: "a process that died", now: long, expiresAt: lapsed })).toEqual({ reserved: true });
    const retry = await t.json("POST", "/v1/deployments", body, key);
    expect(retry.status).toBe(202);
  });

  it("replays a finished response for 24 hours, then handles the key afresh", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    t = testApp({ planner: schemaOnlyPlanner(), idempotency: { clock: () => now } });
    const first = await t.json("POST", "/v1/deployments", body, key);
    expect(first.status).toBe(202);
    now += 24 * 60 * MINUTE - 1000;
    expect((await t.json("POST", "/v1/deployments", body, key)).headers.get("idempotent-replayed")).toBe("true");
    now += 1000;
    // Handled afresh: the deployment exists now, so the create is refused rather than replayed.
    const late = await expectProblem(await t.json("POST", "/v1/deployments", body, key), 409);
    expect(late.detail).toContain("already exists");
  });
});
