import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../api/config/settings";
import { startService, type RunningService } from "../../api/server";
import { localDynamoEnv, startDynalite, type LocalDynamo } from "../support/dynalite";
import { waitFor } from "../support/wait-for";
import { ScriptedEngine } from "./support/scripted-engine";

const TAGS = { owner: "o", "cost-center": "c", environment: "dev" };

/** startService wires the store SLIPSTREAM_STORE names; here a DynamoDB table (dynalite), created at start. */
describe("the service on SLIPSTREAM_STORE=dynamodb://<table>", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-dynamo-service-"));
  const saved = { ...process.env };
  let dynamo: LocalDynamo;
  let service: RunningService;
  beforeAll(async () => {
    dynamo = await startDynalite();
    // The endpoint, region and credentials reach the SDK the standard way.
    Object.assign(process.env, localDynamoEnv(dynamo.endpoint));
    const settings = loadSettings({ PORT: "0", SLIPSTREAM_DATA_DIR: dataDir, SLIPSTREAM_STORE: "dynamodb://slipstream-service-test", PULUMI_CONFIG_PASSPHRASE: "x", SLIPSTREAM_POLL_MS: "50" });
    service = await startService(settings, { engine: new ScriptedEngine(), log: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await service?.stop();
    await dynamo?.close();
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(service.url + route, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { status: string; operation: { id: string } } };
  };

  it("queues, runs and reports a deployment through the table, and is ready", async () => {
    const accepted = await call("POST", "/v1/deployments", { name: "on-dynamo", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(accepted.status).toBe(202);
    const id = accepted.body.operation.id;
    const finished = await waitFor("the create to finish", async () => {
      const { body } = await call("GET", `/v1/operations/${id}`);
      return ["queued", "running"].includes(body.status) ? undefined : body;
    }, { timeoutMs: 30_000, intervalMs: 20 });
    expect(finished.status).toBe("succeeded");
    expect((await call("GET", "/v1/deployments/on-dynamo")).body.status).toBe("active");
    expect((await call("GET", "/readyz")).body).toMatchObject({ status: "ready", store: "ok" });
  });
});

/** Access control over the shared table: tokens found by hash, teams kept apart, the audit paged from it. */
describe("access control on SLIPSTREAM_STORE=dynamodb://<table>", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-dynamo-access-"));
  const saved = { ...process.env };
  const BOOTSTRAP = "dynamo-access-" + "d".repeat(40);
  let dynamo: LocalDynamo;
  let service: RunningService;
  beforeAll(async () => {
    dynamo = await startDynalite();
    Object.assign(process.env, localDynamoEnv(dynamo.endpoint));
    const settings = loadSettings({ PORT: "0", SLIPSTREAM_DATA_DIR: dataDir, SLIPSTREAM_STORE: "dynamodb://slipstream-access-test", PULUMI_CONFIG_PASSPHRASE: "x", SLIPSTREAM_POLL_MS: "50", SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP });
    service = await startService(settings, { engine: new ScriptedEngine(), log: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await service?.stop();
    await dynamo?.close();
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted on
  const call = async (token: string | undefined, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(service.url + route, { method, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };

  it("authenticates tokens, keeps teams apart and pages the audit", async () => {
    const tokens: Record<string, string> = {};
    for (const team of ["red", "blue"]) {
      expect((await call(BOOTSTRAP, "POST", "/v1/teams", { name: team })).status).toBe(201);
      const created = await call(BOOTSTRAP, "POST", `/v1/teams/${team}/tokens`, { name: `${team}-ci`, role: "admin" });
      expect(created.status).toBe(201);
      tokens[team] = created.body.token;
    }
    const accepted = await call(tokens["red"], "POST", "/v1/deployments", { name: "red-app", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    expect(accepted.status).toBe(202);
    expect(accepted.body.deployment.team).toBe("red");
    expect((await call(tokens["red"], "GET", "/v1/deployments/red-app")).status).toBe(200);
    expect((await call(tokens["blue"], "GET", "/v1/deployments/red-app")).status).toBe(404);
    expect((await call(tokens["blue"], "GET", `/v1/operations/${accepted.body.operation.id}`)).status).toBe(404);
    expect((await call(tokens["blue"], "GET", "/v1/deployments")).body.deployments).toEqual([]);
    expect((await call(tokens["red"], "GET", "/v1/deployments")).body.deployments.map((d: { name: string }) => d.name)).toEqual(["red-app"]);

    const redTokens = (await call(tokens["red"], "GET", "/v1/teams/red/tokens")).body.tokens;
    expect((await call(tokens["red"], "DELETE", `/v1/teams/red/tokens/${redTokens[0].id}`)).status).toBe(200);
    expect((await call(tokens["red"], "GET", "/v1/deployments")).status).toBe(401);

    const first = await call(BOOTSTRAP, "GET", "/v1/audit?limit=2");
    expect(first.body.entries).toHaveLength(2);
    const rest = await call(BOOTSTRAP, "GET", `/v1/audit?limit=200&cursor=${first.body.next}`);
    const all = [...first.body.entries, ...rest.body.entries];
    expect(all.map((e: { route: string; status: number }) => `${e.route} ${e.status}`)).toEqual([
      "/v1/teams/:team/tokens/:id 200",
      "/v1/deployments 202",
      "/v1/teams/:team/tokens 201",
      "/v1/teams 201",
      "/v1/teams/:team/tokens 201",
      "/v1/teams 201",
    ]);
    expect((await call(tokens["blue"], "GET", "/v1/audit")).body.entries.map((e: { team: string }) => e.team)).toEqual(["blue", "blue"]);
  });
});
