import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../api/config/logger";
import { loadSettings } from "../../api/config/settings";
import { startService, type RunningService } from "../../api/server";
import { ScriptedEngine } from "../api/support/scripted-engine";
import { waitFor } from "../support/wait-for";
import { startReceiver } from "./receiver";

const TAGS = { owner: "o", "cost-center": "c", environment: "dev" };

/**
 * The service as started for real (open, SQLite, its own worker and webhook runner, pino at
 * trace): a webhook created over HTTP hears of an operation that ends there, signed, and the
 * secret appears in no log line; shutdown stops delivery with the rest.
 */
describe("webhooks in the running service", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-service-webhooks-"));
  const logs: string[] = [];
  let service: RunningService | undefined;
  afterAll(async () => {
    await service?.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers an operation's end to the team's webhook, verified, after a failed first attempt", async () => {
    let secret = "";
    const receiver = await startReceiver(() => secret, (n) => (n === 1 ? 502 : 200));
    try {
      const settings = loadSettings({ PORT: "0", SLIPSTREAM_DATA_DIR: dataDir, SLIPSTREAM_POLL_MS: "20", SLIPSTREAM_WEBHOOK_ATTEMPTS: "3", SLIPSTREAM_WEBHOOK_RETRY_BASE_MS: "20", LOG_LEVEL: "trace" });
      service = await startService(settings, { engine: new ScriptedEngine(), log: createLogger("trace", { write: (line: string) => void logs.push(line) }) });
      const call = async (method: string, route: string, body?: unknown) => {
        const res = await fetch(service!.url + route, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
      };
      const created = await call("POST", "/v1/teams/default/webhooks", { url: receiver.url, kinds: ["operation.succeeded"] });
      expect(created.status).toBe(201);
      secret = created.body.secret as string;
      const deployment = await call("POST", "/v1/deployments", { name: "hooked-app", blueprint: "dynamodb-search", params: {}, tags: TAGS });
      expect(deployment.status).toBe(202);

      const log = await waitFor("the delivery to succeed", async () => {
        const page = await call("GET", `/v1/teams/default/webhooks/${created.body.id}/deliveries`);
        return page.body.deliveries[0]?.status === "succeeded" && page.body.deliveries;
      });
      expect(log[0].attempts.map((a: { status: number }) => a.status)).toEqual([502, 200]);
      expect(receiver.received.map((r) => r.verified)).toEqual([true, true]);
      expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ kind: "operation.succeeded", team: "default", deployment: "hooked-app", data: { operation: { id: deployment.body.operation.id, kind: "create", status: "succeeded" } } });

      await service.shutdown();
      service = undefined;
      expect(logs.some((l) => l.includes("webhook delivered"))).toBe(true);
      expect(logs.join("\n")).not.toContain(secret);
    } finally {
      await receiver.close();
    }
  });
});
