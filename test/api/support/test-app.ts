import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino, { type Logger } from "pino";
import { apiDocument, createApp } from "../../../api/http/app";
import type { AppDependencies } from "../../../api/http/app-dependencies";
import { EventBus } from "../../../api/operations/event-bus";
import { OperationWorker } from "../../../api/operations/worker";
import { runPlanTask } from "../../../api/plans/plan-task";
import { AccessService } from "../../../api/service/access-service";
import type { StreamingJobLifecycle } from "../../../api/jobs/job-lifecycle";
import { DeploymentJobsService } from "../../../api/service/deployment-jobs-service";
import { DeploymentService } from "../../../api/service/deployment-service";
import { HealthService } from "../../../api/service/health-service";
import { OperationEventsService } from "../../../api/service/operation-events-service";
import { PlanService } from "../../../api/service/plan-service";
import { BlueprintReleases } from "../../../api/service/blueprint-releases";
import { UpgradeService } from "../../../api/service/upgrade-service";
import { WebhookService } from "../../../api/service/webhook-service";
import type { Planner } from "../../../api/plans/planner";
import { SqliteStore } from "../../../api/store/sqlite/sqlite-store";
import { OpenApiConformance } from "./openapi-conformance";
import { ScriptedEngine } from "./scripted-engine";

/**
 * The HTTP app over a real SQLite store and the real planner, with a scripted engine. Open
 * (no tokens) unless `bootstrapToken` is given; `clock` moves token expiry and audit times;
 * `jobs` turns the streaming-job lifecycle on (its clients reach a local endpoint).
 */
export function testApp(options: { releases?: BlueprintReleases; dbFile?: string; planner?: Planner; maxBodyBytes?: number; idempotency?: AppDependencies["idempotency"]; bootstrapToken?: string; clock?: () => number; log?: Logger; jobs?: StreamingJobLifecycle; engine?: ScriptedEngine } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-api-"));
  // A file of an earlier app: the same store under a service restarted (on another release, with `releases`).
  const dbFile = options.dbFile ?? path.join(dir, "s.db");
  const store = new SqliteStore(dbFile);
  const engine = options.engine ?? new ScriptedEngine();
  const bus = new EventBus();
  const log = options.log ?? pino({ level: "silent" });
  const worker = new OperationWorker(store, engine, bus, { concurrency: 4, pollIntervalMs: 20, leaseMs: 30_000, ...(options.jobs ? { jobs: options.jobs } : {}) }, log);
  const releases = options.releases ?? new BlueprintReleases();
  // The planner renders what `releases` defines, so a later release plans with its own blueprints.
  const planner = options.planner ?? { run: (input: Parameters<typeof runPlanTask>[0]) => runPlanTask(input, (id) => releases.definition(id)) };
  const plans = new PlanService(planner);
  const deployments = new DeploymentService(store, engine, plans, worker, { region: "us-east-1", releases });
  const access = new AccessService(store, { bootstrapToken: options.bootstrapToken, clock: options.clock });
  const app = createApp({
    services: {
      deployments,
      upgrades: new UpgradeService(store, deployments, plans, options.clock),
      jobs: new DeploymentJobsService(deployments, store, options.jobs),
      access,
      plans,
      operationEvents: new OperationEventsService(deployments, store, bus, { pollMs: 20 }),
      webhooks: new WebhookService(store, { open: !access.enforced, clock: options.clock }),
      health: new HealthService(store, engine, () => true),
    },
    store,
    log,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    idempotency: options.idempotency,
    clock: options.clock,
  });
  conformToDocument(app);
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

/**
 * Every response of every API test is held to the published OpenAPI document: a status,
 * header or body the document does not describe fails the request that got it, so the
 * document cannot fall behind what the server answers. Event streams are checked by status
 * and content type only (their body never ends while the operation runs).
 */
function conformToDocument(app: ReturnType<typeof createApp>): void {
  let conformance: OpenApiConformance | undefined;
  const dispatch = app.fetch;
  app.fetch = async (request, env, ctx) => {
    const response = await dispatch(request, env, ctx);
    conformance ??= new OpenApiConformance(apiDocument(app) as never);
    const stream = response.headers.get("content-type")?.startsWith("text/event-stream") === true;
    const problems = await conformance.problems(request.method, request.url, stream ? new Response(null, { status: response.status, headers: response.headers }) : response.clone());
    if (problems.length > 0) throw new Error(`response does not conform to the published OpenAPI document:\n${problems.join("\n")}`);
    return response;
  };
}
