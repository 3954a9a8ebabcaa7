import { hc } from "hono/client";
import { afterAll, describe, expect, it } from "vitest";
import type { SlipstreamApi } from "../../api/http/app";
import { exampleOf } from "../support/blueprint-requests";
import { testApp } from "./support/test-app";

// A client derived from the app's own type (hono/client): request shapes and answers are
// checked by the compiler against the routes' schemas — `npm test` typechecks this file —
// and the calls below run against the real app.
const t = testApp();
afterAll(() => t.close());
const client = hc<SlipstreamApi>("http://slipstream.test", { fetch: (input: string | URL | Request, init?: RequestInit) => t.app.request(input instanceof Request ? input : String(input), init) });

describe("a typed client derived from the app", () => {
  it("lists the catalogue and reads one blueprint, typed", async () => {
    const list = await client.v1.blueprints.$get({ query: {} });
    if (list.status !== 200) throw new Error(`listing the catalogue answered ${list.status}`);
    const { blueprints } = await list.json();
    expect(blueprints.map((b) => b.id)).toContain("dynamodb-search");
    const one = await client.v1.blueprints[":id"].$get({ param: { id: "dynamodb-search" }, query: {} });
    expect(one.status).toBe(200);
  });

  it("creates a deployment and follows its operation", async () => {
    const { example } = exampleOf("dynamodb-search");
    const created = await client.v1.deployments.$post({ json: { name: "typed-client", blueprint: "dynamodb-search", ...(example as { params: Record<string, unknown>; tags: Record<string, string> }) }, header: {}, query: {} });
    expect(created.status).toBe(202);
    if (created.status !== 202) return;
    const { operation } = await created.json();
    const read = await client.v1.operations[":id"].$get({ param: { id: operation.id }, query: {} });
    expect(read.status).toBe(200);
    const missing = await client.v1.deployments[":name"].$get({ param: { name: "no-such-deployment" }, query: {} });
    expect(missing.status).toBe(404);
  });
});
