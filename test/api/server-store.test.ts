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
