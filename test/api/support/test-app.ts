import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino, { type Logger } from "pino";
import { createApp } from "../../../api/http/app";
import type { AppDependencies } from "../../../api/http/app-env";
import { EventBus } from "../../../api/operations/event-bus";
import { OperationWorker } from "../../../api/operations/worker";
import { runPlanTask } from "../../../api/plans/plan-task";
import { AccessService } from "../../../api/service/access-service";
import { DeploymentService } from "../../../api/service/deployment-service";
import type { Planner } from "../../../api/service/planner";
import { SqliteStore } from "../../../api/store/sqlite/sqlite-store";
import { ScriptedEngine } from "./scripted-engine";

/**
 * The HTTP app over a real SQLite store and the real planner, with a scripted engine. Open
 * (no tokens) unless `bootstrapToken` is given; `clock` moves token expiry and audit times.
 */
export function testApp(options: { planner?: Planner; maxBodyBytes?: number; idempotency?: AppDependencies["idempotency"]; bootstrapToken?: string; clock?: () => number; log?: Logger } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-api-"));
  const dbFile = path.join(dir, "s.db");
  const store = new SqliteStore(dbFile);
  const engine = new ScriptedEngine();
  const bus = new EventBus();
  const log = options.log ?? pino({ level: "silent" });
  const worker = new OperationWorker(store, engine, bus, { concurrency: 4, pollIntervalMs: 20, leaseMs: 30_000 }, log);
  const planner = options.planner ?? { run: runPlanTask };
  const service = new DeploymentService(store, engine, planner, worker, { region: "us-east-1" });
  const access = new AccessService(store, { bootstrapToken: options.bootstrapToken, clock: options.clock });
  const app = createApp({ service, access, planner, store, bus, engine, log, maxBodyBytes: options.maxBodyBytes ?? 64 * 1024, idempotency: options.idempotency, eventPollMs: 20, clock: options.clock, ready: () => true });
  return {
    app,
    store,
    dbFile,
    dir,
    engine,
    worker,
    json: (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.request(url, { method, headers: { "content-type": "application/json", ...headers }, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) }),
    async close() {
      await worker.stop();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const TAGS = { owner: "platform", "cost-center": "cc-1", environment: "dev" };
