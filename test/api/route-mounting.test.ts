import { afterAll, describe, expect, it } from "vitest";
import { routesOf } from "./support/openapi-routes";
import { testApp } from "./support/test-app";

/**
 * Route files are sub-apps mounted on the service's app. Hono runs a request's handlers in
 * the order they were registered, so the app's middleware (access, audit trail, body limit,
 * JSON guard, idempotency) runs for a mounted route only when it was registered before the
 * route was mounted; and the 405 logic and the OpenAPI document see only what was mounted.
 */
describe("mounted route files", () => {
  const t = testApp({ bootstrapToken: "bootstrap-" + "m".repeat(40) });
  afterAll(() => t.close());

  it("come after every middleware in the app's handler table", () => {
    const routes = t.app.routes;
    const lastMiddleware = routes.map((r) => r.method).lastIndexOf("ALL");
    const firstRoute = routes.findIndex((r) => r.method !== "ALL");
    expect(firstRoute).toBeGreaterThan(lastMiddleware);
  });

  it("are every documented operation, each in the app's route table", async () => {
    const doc = (await (await t.app.request("/openapi.json")).json()) as Parameters<typeof routesOf>[0];
    const table = new Set(t.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    const documented = routesOf(doc).map((r) => `${r.method} ${r.path.replaceAll(/{(.+?)}/g, ":$1")}`);
    expect(documented.length).toBeGreaterThan(30);
    expect(documented.filter((route) => !table.has(route))).toEqual([]);
  });

  it("get the app's middleware: a mounted route without a token is refused before its handler runs", async () => {
    const response = await t.json("POST", "/v1/plans", { blueprint: "nope" });
    expect(response.status).toBe(401);
  });
});
