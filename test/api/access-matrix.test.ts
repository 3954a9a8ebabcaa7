/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted on, not typed */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_PATHS, routePermission } from "../../api/http/access";
import { newTokenSecret } from "../../api/service/token-secrets";
import { routesOf } from "./support/openapi-routes";
import { schemaOnlyPlanner } from "./support/schema-only-planner";
import { TAGS, testApp } from "./support/test-app";

/**
 * Issue #12's access matrix: two teams, each with a viewer, a deployer, an admin, a revoked
 * and an expired token, plus the service admin (bootstrap token), no token, an unknown and a
 * malformed one — every route of the OpenAPI document × every caller → the expected status.
 * Targets are team alpha's; bravo's tokens must find nothing there (404, as for a missing
 * one) and never learn anything of alpha's from any response. Every mutating request sent,
 * refused ones included, must have its audit entry.
 */
const BOOTSTRAP = "bootstrap-" + "b".repeat(40);
const TEAMS = ["alpha", "bravo"] as const;
type TeamName = (typeof TEAMS)[number];
type Kind = "none" | "unknown" | "malformed" | "viewer" | "deployer" | "admin" | "revoked" | "expired" | "bootstrap";

interface Caller {
  label: string;
  kind: Kind;
  team: TeamName | null;
  authorization?: string;
  /** The token id the audit must name (null: no known token). */
  tokenId: string | null;
}

interface Sent {
  requestId: string;
  method: string;
  url: string;
  status: number;
  caller: Caller;
}

interface Row {
  method: string;
  /** OpenAPI path template. */
  path: string;
  /** The URL and body for this caller; the default targets alpha's seeded deployment and operation. */
  prepare?: (caller: Caller) => Promise<{ url: string; body?: unknown }>;
}

const HOUR = 3_600_000;

describe("access matrix: every route × every token", () => {
  let now = Date.parse("2026-03-01T00:00:00.000Z");
  const t = testApp({ bootstrapToken: BOOTSTRAP, planner: schemaOnlyPlanner(), clock: () => now });
  const sent: Sent[] = [];
  const callers: Caller[] = [];
  /** What each team's own callers put in URLs and bodies: a response may echo that, nothing else of another team's. */
  const typed: Record<TeamName, string[]> = { alpha: [], bravo: [] };
  /** Names, operation ids and outputs of each team's deployments. */
  const markers: Record<TeamName, Set<string>> = { alpha: new Set(), bravo: new Set() };
  const seeded: Record<TeamName, { deployment: string; operation: string }> = {} as never;
  /** Alpha's webhook, created by the service admin: the target of the webhook rows. */
  let alphaWebhook = "";
  const HOOK = { url: "https://hooks.example.com/alpha", kinds: ["operation.succeeded"] };
  /** A webhook of alpha's, created by the service admin; recorded among alpha's markers. */
  async function webhookOfAlpha(): Promise<string> {
    const res = await call(admin, "POST", "/v1/teams/alpha/webhooks", HOOK);
    expect(res.status, res.text).toBe(201);
    markers.alpha.add(res.body.id).add(res.body.secret);
    return res.body.id;
  }
  const results: { row: string; caller: string; expected: number; actual: number }[] = [];
  let fresh = 0;

  const admin: Caller = { label: "bootstrap", kind: "bootstrap", team: null, authorization: `Bearer ${BOOTSTRAP}`, tokenId: "bootstrap" };

  async function call(caller: Caller, method: string, url: string, body?: unknown): Promise<{ status: number; text: string; body: any; headers: Headers }> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (caller.authorization) headers["authorization"] = caller.authorization;
    const res = await t.app.request(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    if (caller.team) typed[caller.team].push(url, body === undefined ? "" : JSON.stringify(body));
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // Answers carry the request id in X-Request-Id, problems in their body.
    if (method !== "GET") sent.push({ requestId: res.headers.get("x-request-id") ?? parsed?.requestId, method, url, status: res.status, caller });
    return { status: res.status, text, body: parsed, headers: res.headers };
  }

  const idle = async () => {
    for (let i = 0; i < 1000 && (await t.store.operations.countActive()) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await t.store.operations.countActive()).toBe(0);
  };

  /** A deployment of `team`, created by the service admin; recorded among the team's markers. */
  async function deploymentOf(team: TeamName, name = `${team}-d${++fresh}`): Promise<{ name: string; operation: string }> {
    const res = await call(admin, "POST", "/v1/deployments", { name, team, blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(res.status, res.text).toBe(202);
    markers[team].add(name).add(res.body.operation.id).add(`https://${name}.example`);
    return { name, operation: res.body.operation.id };
  }

  beforeAll(async () => {
    for (const team of TEAMS) {
      expect((await call(admin, "POST", "/v1/teams", { name: team })).status).toBe(201);
      const token = async (kind: Kind, role: string, extra: Record<string, unknown> = {}) => {
        const res = await call(admin, "POST", `/v1/teams/${team}/tokens`, { name: `${team}-${kind}`, role, ...extra });
        expect(res.status, res.text).toBe(201);
        expect(res.body.token).toMatch(/^sst_[A-Za-z0-9_-]{43}$/);
        const caller: Caller = { label: `${team}.${kind}`, kind, team, authorization: `Bearer ${res.body.token}`, tokenId: res.body.id };
        callers.push(caller);
        return caller;
      };
      for (const role of ["viewer", "deployer", "admin"]) await token(role as Kind, role);
      const revoked = await token("revoked", "deployer");
      expect((await call(admin, "DELETE", `/v1/teams/${team}/tokens/${revoked.tokenId}`)).status).toBe(200);
      await token("expired", "admin", { expiresAt: new Date(now + HOUR).toISOString() });
      const app = await deploymentOf(team, `${team}-app`);
      seeded[team] = { deployment: app.name, operation: app.operation };
    }
    await deploymentOf("alpha", "alpha-hold");
    alphaWebhook = await webhookOfAlpha();
    await idle();
    // The expired tokens' hour is over.
    now += 2 * HOUR;
    callers.push(
      admin,
      { label: "no token", kind: "none", team: null, tokenId: null },
      { label: "unknown token", kind: "unknown", team: null, authorization: `Bearer ${newTokenSecret()}`, tokenId: null },
      { label: "malformed header", kind: "malformed", team: null, authorization: "Basic YWRtaW46YWRtaW4=", tokenId: null },
    );
  });

  afterAll(async () => {
    t.engine.autoRelease = true;
    for (const run of t.engine.started) t.engine.release(run.operation.id);
    await idle();
    await t.close();
  });

  /**
   * The expected answers, one line per route, one column per caller in the order `callers`
   * is built: alpha's viewer, deployer, admin, revoked and expired tokens, then bravo's, then
   * the bootstrap token, no token, an unknown token and a malformed header. Targets are
   * alpha's. Read it as: 401 before anything (the four last columns and every revoked or
   * expired token), then the role (403, wherever the target lives), then the team (404).
   */
  // prettier-ignore
  const TABLE: Record<string, number[]> = {
    //                                      α.view α.dep α.adm α.rev α.exp β.view β.dep β.adm β.rev β.exp boot  none  unkn  malf
    "GET /v1/blueprints":                    [200,  200,  200,  401,  401,  200,  200,  200,  401,  401,  200,  401,  401,  401],
    "GET /v1/blueprints/{id}":               [200,  200,  200,  401,  401,  200,  200,  200,  401,  401,  200,  401,  401,  401],
    "POST /v1/plans":                        [200,  200,  200,  401,  401,  200,  200,  200,  401,  401,  200,  401,  401,  401],
    "POST /v1/deployments":                  [403,  202,  202,  401,  401,  403,  202,  202,  401,  401,  202,  401,  401,  401],
    "GET /v1/deployments":                   [200,  200,  200,  401,  401,  200,  200,  200,  401,  401,  200,  401,  401,  401],
    "GET /v1/deployments/{name}":            [200,  200,  200,  401,  401,  404,  404,  404,  401,  401,  200,  401,  401,  401],
    "PATCH /v1/deployments/{name}":          [403,  202,  202,  401,  401,  403,  404,  404,  401,  401,  202,  401,  401,  401],
    "POST /v1/deployments/{name}/preview":   [403,  202,  202,  401,  401,  403,  404,  404,  401,  401,  202,  401,  401,  401],
    "POST /v1/deployments/{name}/refresh":   [403,  202,  202,  401,  401,  403,  404,  404,  401,  401,  202,  401,  401,  401],
    "POST /v1/deployments/{name}/drift-check": [403, 202, 202,  401,  401,  403,  404,  404,  401,  401,  202,  401,  401,  401],
    // At the current version there is nothing to upgrade (409); no plan has the id sent (404).
    "POST /v1/deployments/{name}/upgrade-plan": [403, 409, 409, 401, 401, 403, 404, 404, 401, 401, 409, 401, 401, 401],
    "POST /v1/deployments/{name}/upgrade":   [403,  404,  404,  401,  401,  403,  404,  404,  401,  401,  404,  401,  401,  401],
    "PUT /v1/deployments/{name}/expiry":     [403,  200,  200,  401,  401,  403,  404,  404,  401,  401,  200,  401,  401,  401],
    "DELETE /v1/deployments/{name}":         [403,  202,  202,  401,  401,  403,  404,  404,  401,  401,  202,  401,  401,  401],
    "POST /v1/deployments/{name}/jobs/{job}/start": [403, 404, 404, 401, 401, 403, 404, 404, 401, 401, 404, 401, 401, 401],
    "POST /v1/deployments/{name}/jobs/{job}/stop":  [403, 404, 404, 401, 401, 403, 404, 404, 401, 401, 404, 401, 401, 401],
    "GET /v1/deployments/{name}/operations": [200,  200,  200,  401,  401,  404,  404,  404,  401,  401,  200,  401,  401,  401],
    "GET /v1/operations/{id}":               [200,  200,  200,  401,  401,  404,  404,  404,  401,  401,  200,  401,  401,  401],
    "GET /v1/operations/{id}/events":        [200,  200,  200,  401,  401,  404,  404,  404,  401,  401,  200,  401,  401,  401],
    "GET /v1/operations/{id}/events/stream": [200,  200,  200,  401,  401,  404,  404,  404,  401,  401,  200,  401,  401,  401],
    "POST /v1/operations/{id}/cancel":       [403,  202,  202,  401,  401,  403,  404,  404,  401,  401,  202,  401,  401,  401],
    "POST /v1/teams":                        [403,  403,  403,  401,  401,  403,  403,  403,  401,  401,  201,  401,  401,  401],
    "GET /v1/teams":                         [200,  200,  200,  401,  401,  200,  200,  200,  401,  401,  200,  401,  401,  401],
    "POST /v1/teams/{team}/tokens":          [403,  403,  201,  401,  401,  403,  403,  404,  401,  401,  201,  401,  401,  401],
    "GET /v1/teams/{team}/tokens":           [403,  403,  200,  401,  401,  403,  403,  404,  401,  401,  200,  401,  401,  401],
    "DELETE /v1/teams/{team}/tokens/{id}":   [403,  403,  200,  401,  401,  403,  403,  404,  401,  401,  200,  401,  401,  401],
    "GET /v1/audit":                         [403,  403,  200,  401,  401,  403,  403,  200,  401,  401,  200,  401,  401,  401],
    "POST /v1/teams/{team}/webhooks":        [403,  403,  201,  401,  401,  403,  403,  404,  401,  401,  201,  401,  401,  401],
    "GET /v1/teams/{team}/webhooks":         [200,  200,  200,  401,  401,  404,  404,  404,  401,  401,  200,  401,  401,  401],
    "GET /v1/teams/{team}/webhooks/{id}":    [200,  200,  200,  401,  401,  404,  404,  404,  401,  401,  200,  401,  401,  401],
    "DELETE /v1/teams/{team}/webhooks/{id}": [403,  403,  200,  401,  401,  403,  403,  404,  401,  401,  200,  401,  401,  401],
    "POST /v1/teams/{team}/webhooks/{id}/ping": [403, 403, 202, 401,  401,  403,  403,  404,  401,  401,  202,  401,  401,  401],
    "GET /v1/teams/{team}/webhooks/{id}/deliveries": [200, 200, 200, 401, 401, 404, 404, 404, 401,  401,  200,  401,  401,  401],
    "GET /metrics":                          [403,  403,  403,  401,  401,  403,  403,  403,  401,  401,  200,  401,  401,  401],
  };
  const COLUMNS = ["alpha.viewer", "alpha.deployer", "alpha.admin", "alpha.revoked", "alpha.expired", "bravo.viewer", "bravo.deployer", "bravo.admin", "bravo.revoked", "bravo.expired", "bootstrap", "no token", "unknown token", "malformed header"];

  const alpha = () => seeded.alpha;
  const rows: Row[] = [
    { method: "GET", path: "/v1/blueprints" },
    { method: "GET", path: "/v1/blueprints/{id}", prepare: async () => ({ url: "/v1/blueprints/dynamodb-search" }) },
    { method: "POST", path: "/v1/plans", prepare: async () => ({ url: "/v1/plans", body: { blueprint: "dynamodb-search", name: "probe", params: {}, tags: TAGS } }) },
    {
      method: "POST",
      path: "/v1/deployments",
      // In the caller's own team; the service admin names alpha.
      prepare: async (caller) => ({ url: "/v1/deployments", body: { name: `made-${++fresh}`, blueprint: "dynamodb-search", params: {}, tags: TAGS, ...(caller.kind === "bootstrap" ? { team: "alpha" } : {}) } }),
    },
    { method: "GET", path: "/v1/deployments" },
    { method: "GET", path: "/v1/deployments/{name}" },
    { method: "PATCH", path: "/v1/deployments/{name}", prepare: async () => ({ url: `/v1/deployments/${alpha().deployment}`, body: { params: {} } }) },
    { method: "POST", path: "/v1/deployments/{name}/preview" },
    { method: "POST", path: "/v1/deployments/{name}/refresh" },
    { method: "POST", path: "/v1/deployments/{name}/drift-check" },
    { method: "POST", path: "/v1/deployments/{name}/upgrade-plan" },
    { method: "POST", path: "/v1/deployments/{name}/upgrade", prepare: async () => ({ url: `/v1/deployments/${alpha().deployment}/upgrade`, body: { planId: "no-such-plan" } }) },
    { method: "PUT", path: "/v1/deployments/{name}/expiry", prepare: async () => ({ url: `/v1/deployments/${alpha().deployment}/expiry`, body: { expiresAt: new Date(Date.now() + 30 * 24 * HOUR).toISOString() } }) },
    { method: "DELETE", path: "/v1/deployments/{name}", prepare: async () => ({ url: `/v1/deployments/${(await deploymentOf("alpha")).name}` }) },
    // The scripted engine's deployments declare no streaming jobs: past the role and team checks, a job is "not found".
    { method: "POST", path: "/v1/deployments/{name}/jobs/{job}/start", prepare: async () => ({ url: `/v1/deployments/${alpha().deployment}/jobs/stream-to-lake/start` }) },
    { method: "POST", path: "/v1/deployments/{name}/jobs/{job}/stop", prepare: async () => ({ url: `/v1/deployments/${alpha().deployment}/jobs/stream-to-lake/stop` }) },
    { method: "GET", path: "/v1/deployments/{name}/operations" },
    { method: "GET", path: "/v1/operations/{id}" },
    { method: "GET", path: "/v1/operations/{id}/events" },
    { method: "GET", path: "/v1/operations/{id}/events/stream" },
    {
      method: "POST",
      path: "/v1/operations/{id}/cancel",
      // A preview that cannot finish on its own (the engine holds it), so there is always something to cancel.
      prepare: async () => {
        t.engine.autoRelease = false;
        const res = await call(admin, "POST", "/v1/deployments/alpha-hold/preview");
        expect(res.status, res.text).toBe(202);
        markers.alpha.add(res.body.operation.id);
        return { url: `/v1/operations/${res.body.operation.id}/cancel` };
      },
    },
    { method: "POST", path: "/v1/teams", prepare: async () => ({ url: "/v1/teams", body: { name: `team-${++fresh}` } }) },
    { method: "GET", path: "/v1/teams" },
    { method: "POST", path: "/v1/teams/{team}/tokens", prepare: async (caller) => ({ url: "/v1/teams/alpha/tokens", body: { name: `by-${caller.kind}`, role: "viewer" } }) },
    { method: "GET", path: "/v1/teams/{team}/tokens" },
    {
      method: "DELETE",
      path: "/v1/teams/{team}/tokens/{id}",
      prepare: async () => {
        const res = await call(admin, "POST", "/v1/teams/alpha/tokens", { name: "to-revoke", role: "viewer" });
        return { url: `/v1/teams/alpha/tokens/${res.body.id}` };
      },
    },
    { method: "POST", path: "/v1/teams/{team}/webhooks", prepare: async () => ({ url: "/v1/teams/alpha/webhooks", body: HOOK }) },
    { method: "GET", path: "/v1/teams/{team}/webhooks" },
    { method: "GET", path: "/v1/teams/{team}/webhooks/{id}", prepare: async () => ({ url: `/v1/teams/alpha/webhooks/${alphaWebhook}` }) },
    { method: "DELETE", path: "/v1/teams/{team}/webhooks/{id}", prepare: async () => ({ url: `/v1/teams/alpha/webhooks/${await webhookOfAlpha()}` }) },
    { method: "POST", path: "/v1/teams/{team}/webhooks/{id}/ping", prepare: async () => ({ url: `/v1/teams/alpha/webhooks/${alphaWebhook}/ping` }) },
    { method: "GET", path: "/v1/teams/{team}/webhooks/{id}/deliveries", prepare: async () => ({ url: `/v1/teams/alpha/webhooks/${alphaWebhook}/deliveries` }) },
    { method: "GET", path: "/metrics" },
    // Last: the audit holds every row before it.
    { method: "GET", path: "/v1/audit" },
  ];

  const defaultUrl = (row: Row) =>
    row.path
      .replace("{name}", alpha().deployment)
      .replace("{id}", alpha().operation)
      .replace("{team}", "alpha");

  it("has a row for every route of the OpenAPI document, and an access rule for each", async () => {
    expect(callers.map((c) => c.label)).toEqual(COLUMNS);
    expect(Object.keys(TABLE).sort()).toEqual(rows.map((r) => `${r.method} ${r.path}`).sort());
    const doc = (await (await t.app.request("/openapi.json")).json()) as any;
    // Liveness and readiness are documented too, and public: probes carry no token.
    const guardedRoutes = routesOf(doc).filter((r) => !PUBLIC_PATHS.has(r.path));
    expect(routesOf(doc).filter((r) => PUBLIC_PATHS.has(r.path)).map((r) => `${r.method} ${r.path}`)).toEqual(["GET /healthz", "GET /readyz"]);
    expect(rows.map((r) => `${r.method} ${r.path}`).sort()).toEqual(guardedRoutes.map((r) => `${r.method} ${r.path}`).sort());
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      if (PUBLIC_PATHS.has(path)) {
        for (const operation of Object.values(operations)) expect(operation.security, path).toEqual([]);
        continue;
      }
      for (const [method, operation] of Object.entries(operations)) {
        expect(routePermission(method, path), `${method} ${path}`).toBeDefined();
        expect(operation.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(["401", "403"]));
      }
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("answers every route × every caller as the table says, and never shows a team another team's things", { timeout: 120_000 }, async () => {
    for (const row of rows) {
      for (const caller of callers) {
        const { url, body } = row.prepare ? await row.prepare(caller) : { url: defaultUrl(row), body: undefined };
        const res = await call(caller, row.method, url, body);
        const want = TABLE[`${row.method} ${row.path}`]![COLUMNS.indexOf(caller.label)]!;
        results.push({ row: `${row.method} ${row.path}`, caller: caller.label, expected: want, actual: res.status });
        if (res.status !== want) continue;
        if (res.status >= 400) expect(res.headers.get("content-type")).toBe("application/problem+json");
        if (row.method === "POST" && row.path === "/v1/deployments" && res.status === 202) {
          const owner = caller.team ?? "alpha";
          expect(res.body.deployment.team).toBe(owner);
          markers[owner].add(res.body.deployment.name).add(res.body.operation.id).add(`https://${res.body.deployment.name}.example`);
        }
        // Nothing of the other team's that this team has not itself typed.
        if (caller.team) {
          const other = caller.team === "alpha" ? "bravo" : "alpha";
          const said = typed[caller.team].join("\n");
          for (const marker of markers[other]) {
            if (res.text.includes(marker)) expect(said, `${row.method} ${url} as ${caller.label} shows ${other}'s "${marker}"`).toContain(marker);
          }
        }
      }
      if (row.path === "/v1/operations/{id}/cancel") {
        t.engine.autoRelease = true;
        for (const run of t.engine.started) t.engine.release(run.operation.id);
      }
    }
    const wrong = results.filter((r) => r.expected !== r.actual);
    expect(wrong, JSON.stringify(wrong, null, 1)).toEqual([]);
    expect(results.length).toBe(rows.length * callers.length);
    expect(new Set(results.map((r) => r.actual))).toEqual(new Set([200, 201, 202, 401, 403, 404, 409]));
  });

  it("lists only the caller's team's deployments and teams; the service admin sees every team", async () => {
    await idle();
    for (const team of TEAMS) {
      const viewer = callers.find((c) => c.team === team && c.kind === "viewer")!;
      const list = await call(viewer, "GET", "/v1/deployments?limit=200");
      expect(list.body.deployments.length).toBeGreaterThan(0);
      for (const d of list.body.deployments) expect(d.team).toBe(team);
      expect((await call(viewer, "GET", `/v1/deployments?team=${team === "alpha" ? "bravo" : "alpha"}`)).body.deployments).toEqual([]);
      expect((await call(viewer, "GET", "/v1/teams")).body.teams.map((x: { name: string }) => x.name)).toEqual([team]);
    }
    const all = await call(admin, "GET", "/v1/deployments?limit=200");
    expect(new Set(all.body.deployments.map((d: { team: string }) => d.team))).toEqual(new Set(["alpha", "bravo"]));
    expect((await call(admin, "GET", "/v1/deployments?team=bravo&limit=200")).body.deployments.every((d: { team: string }) => d.team === "bravo")).toBe(true);
  });

  it("answers another team's deployment and operation exactly as a missing one", async () => {
    // An admin: its role passes every one of these, so only the team decides.
    const bravo = callers.find((c) => c.label === "bravo.admin")!;
    const { deployment, operation } = alpha();
    const ghostOperation = "0197a000-0000-7000-8000-000000000000";
    // [method, url of a target, alpha's target, a target that does not exist, body]
    const cases: [string, (x: string) => string, string, string, unknown?][] = [
      ["GET", (x) => `/v1/deployments/${x}`, deployment, "no-such-app"],
      ["GET", (x) => `/v1/deployments/${x}/operations`, deployment, "no-such-app"],
      ["PATCH", (x) => `/v1/deployments/${x}`, deployment, "no-such-app", { params: {} }],
      ["POST", (x) => `/v1/deployments/${x}/preview`, deployment, "no-such-app"],
      ["DELETE", (x) => `/v1/deployments/${x}`, deployment, "no-such-app"],
      ["GET", (x) => `/v1/operations/${x}`, operation, ghostOperation],
      ["GET", (x) => `/v1/operations/${x}/events`, operation, ghostOperation],
      ["POST", (x) => `/v1/operations/${x}/cancel`, operation, ghostOperation],
      ["GET", (x) => `/v1/teams/${x}/tokens`, "alpha", "ghost-team"],
    ];
    const normal = (text: string, target: string) => text.replaceAll(target, "<target>").replace(/"requestId":"[^"]*"/, "");
    for (const [method, url, theirs, missing, body] of cases) {
      const a = await call(bravo, method, url(theirs), body);
      const b = await call(bravo, method, url(missing), body);
      expect(a.status, url(theirs)).toBe(404);
      expect(normal(a.text, theirs), url(theirs)).toBe(normal(b.text, missing));
    }
  });

  it("answers every 401 with the same body, whatever was wrong with the token", async () => {
    const bodies = new Set<string>();
    for (const caller of callers.filter((c) => ["none", "unknown", "malformed", "revoked", "expired"].includes(c.kind))) {
      const res = await call(caller, "GET", "/v1/deployments");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="slipstream"');
      bodies.add(res.text.replace(/"requestId":"[^"]*"/, ""));
    }
    expect(bodies.size).toBe(1);
  });

  it("wrote an audit entry for every mutating request, refused ones included, and shows team admins only their team's", async () => {
    await idle();
    const entries: any[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { entries: any[]; next: string | null } } = await call(admin, "GET", `/v1/audit?limit=200${cursor ? `&cursor=${cursor}` : ""}`);
      entries.push(...page.body.entries);
      cursor = page.body.next;
    } while (cursor);
    const byRequest = new Map(entries.map((e) => [e.requestId, e]));
    const refused = sent.filter((s) => s.status >= 400);
    expect(refused.length).toBeGreaterThan(100);
    for (const s of sent) {
      const entry = byRequest.get(s.requestId);
      expect(entry, `${s.method} ${s.url} as ${s.caller.label} → ${s.status}`).toBeDefined();
      expect(entry).toMatchObject({ method: s.method, status: s.status, outcome: s.status < 400 ? "succeeded" : "refused" });
      expect(entry.actor?.tokenId ?? null).toBe(s.caller.tokenId);
      if (s.caller.team) expect(entry.team).toBe(s.caller.team);
    }
    // The created operation is named on the entry of the request that created it.
    const created = sent.find((s) => s.method === "POST" && s.url === "/v1/deployments" && s.status === 202)!;
    expect(byRequest.get(created.requestId)).toMatchObject({ route: "/v1/deployments", operation: expect.any(String), deployment: expect.any(String) });
    // The service admin's requests are filed under the team they acted in.
    const adminPatch = sent.find((s) => s.caller.kind === "bootstrap" && s.method === "PATCH")!;
    expect(byRequest.get(adminPatch.requestId)).toMatchObject({ team: "alpha", deployment: "alpha-app", route: "/v1/deployments/:name" });

    for (const team of TEAMS) {
      const teamAdmin = callers.find((c) => c.team === team && c.kind === "admin")!;
      const own = await call(teamAdmin, "GET", "/v1/audit?limit=200");
      expect(own.status).toBe(200);
      expect(own.body.entries.length).toBeGreaterThan(0);
      for (const e of own.body.entries) expect(e.team).toBe(team);
      expect((await call(teamAdmin, "GET", `/v1/audit?team=${team === "alpha" ? "bravo" : "alpha"}`)).body.entries).toEqual([]);
    }
  });

  it("records who requested each operation, and refuses a team token naming another team on create", async () => {
    const deployer = callers.find((c) => c.label === "bravo.deployer")!;
    const res = await call(deployer, "POST", "/v1/deployments", { name: "bravo-own", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(res.status).toBe(202);
    expect(res.body.operation.requestedBy).toEqual({ tokenId: deployer.tokenId, tokenName: "bravo-deployer", team: "bravo", role: "deployer" });
    expect((await call(deployer, "POST", "/v1/deployments", { name: "bravo-else", team: "alpha", blueprint: "dynamodb-search", params: {}, tags: TAGS })).status).toBe(403);
    const missingTeam = await call(admin, "POST", "/v1/deployments", { name: "no-team", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(missingTeam.status).toBe(400);
    expect(missingTeam.body.errors).toEqual([expect.objectContaining({ field: "team" })]);
    expect((await call(admin, "POST", "/v1/deployments", { name: "ghost-team", team: "ghost", blueprint: "dynamodb-search", params: {}, tags: TAGS })).status).toBe(400);
    await idle();
    const started = t.engine.started.find((r) => r.operation.id === res.body.operation.id)!;
    expect(started.operation.requestedBy).toMatchObject({ tokenId: deployer.tokenId, tokenName: "bravo-deployer" });
  });

  it("keeps a destroyed name with its team: another team cannot take it over with its history", async () => {
    const alphaDeployer = callers.find((c) => c.label === "alpha.deployer")!;
    const bravoDeployer = callers.find((c) => c.label === "bravo.deployer")!;
    const { name } = await deploymentOf("alpha");
    await idle();
    expect((await call(alphaDeployer, "DELETE", `/v1/deployments/${name}`)).status).toBe(202);
    await idle();
    expect((await call(bravoDeployer, "POST", "/v1/deployments", { name, blueprint: "dynamodb-search", params: {}, tags: TAGS })).status).toBe(409);
    expect((await call(bravoDeployer, "GET", `/v1/deployments/${name}/operations`)).status).toBe(404);
    expect((await call(alphaDeployer, "POST", "/v1/deployments", { name, blueprint: "dynamodb-search", params: {}, tags: TAGS })).status).toBe(202);
  });

  it("does not replay one token's Idempotency-Key response to another token", async () => {
    const [a, b] = [callers.find((c) => c.label === "alpha.deployer")!, callers.find((c) => c.label === "bravo.deployer")!];
    const key = { "idempotency-key": "shared-key-1" };
    const send = (caller: Caller) => t.app.request(`/v1/deployments/${alpha().deployment}/preview`, { method: "POST", headers: { authorization: caller.authorization!, ...key } });
    const first = await send(a);
    expect(first.status).toBe(202);
    const again = await send(a);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await send(b);
    expect(other.status).toBe(404);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
  });

  it("never replays a new token's secret: a retry with the same key names the token instead", async () => {
    const headers = { "content-type": "application/json", authorization: `Bearer ${BOOTSTRAP}`, "idempotency-key": "token-key-1" };
    const body = JSON.stringify({ name: "retried", role: "viewer" });
    const first = await t.app.request("/v1/teams/alpha/tokens", { method: "POST", headers, body });
    expect(first.status).toBe(201);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const created = (await first.json()) as { id: string; token: string };
    const retry = await t.app.request("/v1/teams/alpha/tokens", { method: "POST", headers, body });
    expect(retry.status).toBe(409);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const text = await retry.text();
    expect(text).toContain(created.id);
    expect(text).not.toContain(created.token);
  });
});
