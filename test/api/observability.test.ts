import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../api/config/settings";
import { startService, type RunningService } from "../../api/server";
import { exampleOf } from "../support/blueprint-requests";
import { waitFor } from "../support/wait-for";
import { ScriptedEngine } from "./support/scripted-engine";

// What an operator scrapes and browses, through the service as startService wires it (access
// control on, scripted engine): Prometheus metrics, the docs page with no CDN, and 405s.
const BOOTSTRAP = "observability-bootstrap-" + "x".repeat(32);

describe("metrics, docs and methods", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-observability-"));
  let service: RunningService;
  let teamToken: string;
  const as = (token: string | null): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const call = (method: string, route: string, token: string | null = BOOTSTRAP, body?: unknown) =>
    fetch(`${service.url}${route}`, { method, headers: { ...as(token), ...(body ? { "content-type": "application/json" } : {}) } as Record<string, string>, ...(body ? { body: JSON.stringify(body) } : {}) });

  beforeAll(async () => {
    const settings = loadSettings({ PORT: "0", SLIPSTREAM_DATA_DIR: dataDir, PULUMI_CONFIG_PASSPHRASE: "observability", SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP, SLIPSTREAM_POLL_MS: "50" });
    service = await startService(settings, { engine: new ScriptedEngine(), log: pino({ level: "silent" }) });
    expect((await call("POST", "/v1/teams", BOOTSTRAP, { name: "metrics" })).status).toBe(201);
    teamToken = ((await (await call("POST", "/v1/teams/metrics/tokens", BOOTSTRAP, { name: "m-admin", role: "admin" })).json()) as { token: string }).token;
  });
  afterAll(async () => {
    await service?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("exposes requests, operations, plans, active operations and Node's own metrics to the service admin", async () => {
    const { example } = exampleOf("dynamodb-search");
    const created = await call("POST", "/v1/deployments", teamToken, { name: "metered", blueprint: "dynamodb-search", ...example });
    expect(created.status).toBe(202);
    const { operation } = (await created.json()) as { operation: { id: string } };
    await waitFor("the create to end", async () => ((await (await call("GET", `/v1/operations/${operation.id}`)).json()) as { status: string }).status === "succeeded");
    const plan = { blueprint: "dynamodb-search", name: "metered-plan", ...example };
    for (let i = 0; i < 2; i++) expect((await call("POST", "/v1/plans", teamToken, plan)).status).toBe(200);

    const scraped = await call("GET", "/metrics");
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toContain("text/plain");
    const text = await scraped.text();
    expect(text).toMatch(/^slipstream_http_requests_total\{method="POST",route="\/v1\/deployments",status="202"\} 1$/m);
    expect(text).toMatch(/^slipstream_http_requests_total\{method="GET",route="\/v1\/operations\/:id",status="200"\} \d+$/m);
    expect(text).toMatch(/^slipstream_operations_total\{kind="create",status="succeeded"\} 1$/m);
    expect(text).toMatch(/^slipstream_operation_duration_seconds_count\{kind="create",status="succeeded"\} 1$/m);
    // The create's plan and the first POST /v1/plans were planned; the identical second was memoized.
    expect(text).toMatch(/^slipstream_plan_duration_seconds_count\{outcome="planned",memoized="false"\} 2$/m);
    expect(text).toMatch(/^slipstream_plan_duration_seconds_count\{outcome="planned",memoized="true"\} 1$/m);
    expect(text).toMatch(/^slipstream_operations_active 0$/m);
    expect(text).toMatch(/^slipstream_nodejs_eventloop_lag_seconds /m);
    // Route patterns only: no deployment name or operation id becomes a label.
    expect(text).not.toContain("metered");
    expect(text).not.toContain(operation.id);
  });

  it("keeps metrics to the service admin", async () => {
    expect((await call("GET", "/metrics", null)).status).toBe(401);
    expect((await call("GET", "/metrics", teamToken)).status).toBe(403);
  });

  it("serves the docs page and its assets itself, with no token and no CDN", async () => {
    const page = await (await call("GET", "/docs", null)).text();
    expect(page).not.toMatch(/https?:\/\//);
    const assets = [...page.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(["/docs/assets/swagger-ui-dist/swagger-ui.css", "/docs/assets/swagger-ui-dist/swagger-ui-bundle.js"]));
    for (const asset of assets) {
      const res = await call("GET", asset, null);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(10_000);
    }
    expect((await call("GET", "/docs/assets/swagger-ui-dist/package.json", BOOTSTRAP)).status).toBe(404);
  });

  it("answers a known path with a wrong method 405 and the methods it allows", async () => {
    const put = await call("PUT", "/v1/deployments");
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(await put.json()).toMatchObject({ status: 405, title: "Method not allowed" });
    expect((await call("POST", "/v1/deployments/metered/operations")).headers.get("allow")).toBe("GET, HEAD");
    expect((await call("GET", "/v1/no-such-thing")).status).toBe(404);
  });
});
