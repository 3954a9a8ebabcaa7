/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are asserted on, not typed */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../api/config/settings";
import type { DriftChange } from "../../api/domain/model";
import { startService, type RunningService } from "../../api/server";
import { ScriptedEngine } from "../api/support/scripted-engine";
import { localDynamoEnv, startDynalite, type LocalDynamo } from "../support/dynalite";
import { waitFor } from "../support/wait-for";

const TAGS = { owner: "o", "cost-center": "c", environment: "dev" };
const INTERVAL_MS = 1000;
const change: DriftChange = { urn: "urn:pulumi:drifty::slipstream::aws:dynamodb/table:Table::drifty-table", type: "aws:dynamodb/table:Table", change: "update", properties: ["billingMode"] };

/**
 * The schedules as startService wires them: two instances on one DynamoDB table (dynalite),
 * each with its own scheduler and worker on its own timers. The clock is real here — what
 * the test waits for is state (a drift record, a destroyed deployment), never a duration.
 */
describe("schedules in two service instances sharing a DynamoDB table", () => {
  const saved = { ...process.env };
  const dirs: string[] = [];
  const engines = [new ScriptedEngine(), new ScriptedEngine()];
  let dynamo: LocalDynamo;
  let services: RunningService[] = [];

  beforeAll(async () => {
    dynamo = await startDynalite();
    Object.assign(process.env, localDynamoEnv(dynamo.endpoint));
    for (const engine of engines) engine.drift.set("drifty", [change]);
    services = [];
    for (const engine of engines) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-schedules-"));
      dirs.push(dir);
      const settings = loadSettings({
        PORT: "0",
        SLIPSTREAM_DATA_DIR: dir,
        SLIPSTREAM_STORE: "dynamodb://slipstream-schedules-test",
        PULUMI_CONFIG_PASSPHRASE: "x",
        SLIPSTREAM_POLL_MS: "50",
        SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS: String(INTERVAL_MS),
        SLIPSTREAM_EXPIRY_REMINDER_MS: "3600000",
      });
      services.push(await startService(settings, { engine, log: pino({ level: "silent" }) }));
    }
  });
  afterAll(async () => {
    for (const service of services) await service.stop();
    await dynamo?.close();
    process.env = saved;
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, route: string, body?: unknown, via = 0) => {
    const res = await fetch(services[via]!.url + route, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const operations = async (name: string) => (await call("GET", `/v1/deployments/${name}/operations?limit=200`)).body.operations as any[];

  it("records drift from the scheduled checks, one per interval whichever instance queues it, and destroys an expired deployment once", async () => {
    // Expires a few seconds from now (room for a slow request to pass the "in the future" check):
    // its reminder is due at once (the lead is an hour), its destroy then.
    const expiresAt = new Date(Date.now() + 5000).toISOString();
    expect((await call("POST", "/v1/deployments", { name: "fleeting", blueprint: "dynamodb-search", params: {}, tags: TAGS, expiresAt })).status).toBe(202);
    expect((await call("POST", "/v1/deployments", { name: "drifty", blueprint: "dynamodb-search", params: {}, tags: TAGS }, 1)).status).toBe(202);

    const listed = await waitFor("drifty to be listed as drifted", async () => {
      const { body } = await call("GET", "/v1/deployments?drifted=true");
      return body.deployments.length > 0 ? body.deployments : undefined;
    });
    expect(listed.map((d: any) => d.name)).toEqual(["drifty"]);
    expect(listed[0].drift.changes).toEqual([change]);

    await waitFor("fleeting to be destroyed", async () => (await call("GET", "/v1/deployments/fleeting", undefined, 1)).status === 404);
    const destroys = (await operations("fleeting")).filter((o) => o.kind === "destroy");
    expect(destroys).toEqual([expect.objectContaining({ status: "succeeded", requestedBy: expect.objectContaining({ tokenId: "expiry", team: "default" }) })]);
    expect([...engines[0]!.started, ...engines[1]!.started].filter((r) => r.operation.kind === "destroy")).toHaveLength(1);

    // A few more intervals: every scheduled check was queued once, an interval after the one before.
    await waitFor("three scheduled drift checks", async () => (await operations("drifty")).filter((o) => o.kind === "drift-check").length >= 3);
    const checks = (await operations("drifty")).filter((o) => o.kind === "drift-check").map((o) => Date.parse(o.createdAt)).sort((a, b) => a - b);
    for (let i = 1; i < checks.length; i++) expect(checks[i]! - checks[i - 1]!).toBeGreaterThanOrEqual(INTERVAL_MS);
  });
});
