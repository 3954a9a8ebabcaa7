import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { getRequestListener, RequestError } from "@hono/node-server";
import type { Logger } from "pino";
import { createLogger } from "./config/logger";
import { resolvePassphrase } from "./config/passphrase";
import { isLoopbackHost, SettingsError, type Settings } from "./config/settings";
import { AutomationEngine } from "./engine/automation-engine";
import { engineOptionsFromSettings } from "./engine/engine-settings";
import type { Operation } from "./domain/model";
import type { DeploymentEngine } from "./engine/engine";
import { createApp } from "./http/app";
import { transportErrorResponse } from "./http/transport-error";
import { awsJobClients } from "./jobs/aws-job-clients";
import { StreamingJobLifecycle } from "./jobs/job-lifecycle";
import { EventBus } from "./operations/event-bus";
import { OperationWorker } from "./operations/worker";
import { MeasuredPlanner } from "./metrics/measured-planner";
import { ServiceMetrics } from "./metrics/service-metrics";
import { MemoizedPlanner } from "./plans/memoized-planner";
import { PlanPool } from "./plans/plan-pool";
import { Scheduler } from "./schedules/scheduler";
import { AccessService } from "./service/access-service";
import { DeploymentJobsService } from "./service/deployment-jobs-service";
import { DeploymentService } from "./service/deployment-service";
import { HealthService } from "./service/health-service";
import { OperationEventsService } from "./service/operation-events-service";
import { PlanService } from "./service/plan-service";
import { UpgradeService } from "./service/upgrade-service";
import { WebhookService } from "./service/webhook-service";
import { createDynamoStore } from "./store/dynamodb/dynamo-store";
import { SqliteStore } from "./store/sqlite/sqlite-store";
import type { Store } from "./store/store";
import { WebhookRunner } from "./webhooks/webhook-runner";

export interface RunningService {
  url: string;
  port: number;
  worker: OperationWorker;
  /** shutdown(), for callers that need no report. */
  stop(): Promise<void>;
  /**
   * Shuts down gracefully: readiness turns 503 and the server takes no new connections, the
   * worker takes no new work and cancels running operations, waiting up to
   * SLIPSTREAM_SHUTDOWN_GRACE_MS for each to record its outcome; webhook delivery stops once its
   * attempts in flight are recorded; then open event streams are closed and the store. `unfinished` lists the operations still running when the grace ran
   * out: their leases lapse and another instance, or the next start, recovers them.
   */
  shutdown(): Promise<{ unfinished: Operation[] }>;
}

/** How long streams of operations that just ended get to deliver their final event before every connection is closed. */
const STREAM_DRAIN_MS = 1000;

/** Provider plugins the inline programs need, at the versions of the installed packages. */
function providerPlugins(): { name: string; version: string }[] {
  return [
    { name: "aws", version: (require("@pulumi/aws/package.json") as { version: string }).version },
    { name: "awsx", version: (require("@pulumi/awsx/package.json") as { version: string }).version },
  ];
}

/**
 * The store SLIPSTREAM_STORE names: SQLite in the data dir (the default, needing nothing but
 * Node), or a DynamoDB table several instances share (created when missing).
 */
async function openStore(settings: Settings, log: Logger): Promise<Store> {
  const table = /^dynamodb:\/\/(.+)$/.exec(settings.SLIPSTREAM_STORE)?.[1];
  if (table === undefined) return new SqliteStore(path.join(settings.SLIPSTREAM_DATA_DIR, "slipstream.db"));
  return createDynamoStore({ table, log: log.child({ component: "store" }) });
}

/** The streaming-job lifecycle the settings ask for (none when SLIPSTREAM_STREAMING_JOBS=off). */
function streamingJobLifecycle(settings: Settings, log: Logger): StreamingJobLifecycle | undefined {
  if (settings.SLIPSTREAM_STREAMING_JOBS === "off") return undefined;
  return new StreamingJobLifecycle({
    // One call never outlasts a GET's bound by much, nor hangs a worker on a dead connection.
    clients: awsJobClients({ connectionTimeoutMs: Math.min(3000, settings.SLIPSTREAM_JOB_STATE_TIMEOUT_MS), requestTimeoutMs: 30_000 }),
    stopWaitMs: settings.SLIPSTREAM_JOB_STOP_WAIT_MS,
    pollMs: settings.SLIPSTREAM_JOB_POLL_MS,
    stateTimeoutMs: settings.SLIPSTREAM_JOB_STATE_TIMEOUT_MS,
    log: log.child({ component: "jobs" }),
  });
}

/**
 * Starts the service on embedded defaults: SQLite in the data dir, Pulumi state in a DIY
 * backend beside it, a generated passphrase if none is given, the policy pack on every
 * preview and update. Operations whose instance stopped — this process's predecessor or
 * another instance on a shared store — become `interrupted` once their lease lapses.
 *
 * With SLIPSTREAM_BOOTSTRAP_TOKEN, access control is on; without it the service runs open,
 * which it does only on a loopback HOST, saying so at start.
 */
export async function startService(settings: Settings, options: { log?: Logger; engine?: DeploymentEngine } = {}): Promise<RunningService> {
  // loadSettings refuses this already; a Settings object built another way is held to it too.
  if (settings.SLIPSTREAM_BOOTSTRAP_TOKEN === undefined && !isLoopbackHost(settings.HOST)) {
    throw new SettingsError([`SLIPSTREAM_BOOTSTRAP_TOKEN: required when HOST (${settings.HOST}) is not a loopback address`]);
  }
  const log = options.log ?? createLogger(settings.LOG_LEVEL);
  if (settings.SLIPSTREAM_BOOTSTRAP_TOKEN === undefined) {
    log.warn(
      { host: settings.HOST },
      "access control is off: SLIPSTREAM_BOOTSTRAP_TOKEN is not set, so every request acts as the service admin in team default with no token. This is allowed only on a loopback HOST; set SLIPSTREAM_BOOTSTRAP_TOKEN to require tokens",
    );
  }
  fs.mkdirSync(settings.SLIPSTREAM_DATA_DIR, { recursive: true });
  const store = await openStore(settings, log);
  const passphrase = resolvePassphrase(settings.PULUMI_CONFIG_PASSPHRASE, settings.SLIPSTREAM_DATA_DIR, (m) => log.warn(m));
  const engineLog = log.child({ component: "engine" });
  const engine =
    options.engine ??
    new AutomationEngine({
      ...engineOptionsFromSettings(settings, passphrase, providerPlugins()),
      onInstall: ({ phase, root, version, error }) => {
        if (phase === "failed") engineLog.warn({ root, version, error }, "installing the Pulumi CLI failed: deployments wait for a CLI on PATH, in SLIPSTREAM_PULUMI_ROOT, or a restart with internet access");
        else engineLog.info({ root, version }, phase === "started" ? "no Pulumi CLI found: installing it into the data dir" : "Pulumi CLI installed");
      },
    });
  const availability = await engine.availability();
  if (availability.ok) log.info({ version: availability.version }, "deployment engine ready");
  else log.warn(availability.reason);

  const bus = new EventBus();
  const jobs = streamingJobLifecycle(settings, log);
  const metrics = new ServiceMetrics({ activeOperations: () => store.operations.countActive() });
  const worker = new OperationWorker(
    store,
    engine,
    bus,
    { concurrency: settings.SLIPSTREAM_CONCURRENCY, pollIntervalMs: settings.SLIPSTREAM_POLL_MS, leaseMs: settings.SLIPSTREAM_LEASE_MS, metrics, ...(jobs ? { jobs } : {}) },
    log.child({ component: "worker" }),
  );
  const planner = new MeasuredPlanner(new MemoizedPlanner(new PlanPool({ threads: settings.SLIPSTREAM_PLAN_THREADS, maxQueue: settings.SLIPSTREAM_PLAN_QUEUE, idleTimeoutMs: settings.SLIPSTREAM_PLAN_IDLE_MS })), metrics);
  const plans = new PlanService(planner);
  const deployments = new DeploymentService(store, engine, plans, worker, { region: settings.SLIPSTREAM_AWS_REGION });
  const access = new AccessService(store, { bootstrapToken: settings.SLIPSTREAM_BOOTSTRAP_TOKEN });
  let ready = false;
  const app = createApp({
    services: {
      deployments,
      upgrades: new UpgradeService(store, deployments, plans),
      jobs: new DeploymentJobsService(deployments, store, jobs),
      access,
      plans,
      // Another instance's events are seen on the next read of the store, every poll.
      operationEvents: new OperationEventsService(deployments, store, bus, { pollMs: settings.SLIPSTREAM_POLL_MS }),
      webhooks: new WebhookService(store, { open: !access.enforced }),
      health: new HealthService(store, engine, () => ready),
    },
    store,
    log,
    metrics,
    maxBodyBytes: settings.SLIPSTREAM_MAX_BODY_BYTES,
  });
  const scheduler = new Scheduler(
    store,
    worker,
    engine,
    { pollIntervalMs: settings.SLIPSTREAM_POLL_MS, driftCheckIntervalMs: settings.SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS, expiryReminderMs: settings.SLIPSTREAM_EXPIRY_REMINDER_MS },
    log.child({ component: "schedules" }),
  );
  await worker.start();
  scheduler.start();
  // Every instance delivers webhooks: claims in the store keep each delivery to one at a time.
  const webhooks = new WebhookRunner(
    store,
    {
      attempts: settings.SLIPSTREAM_WEBHOOK_ATTEMPTS,
      retryBaseMs: settings.SLIPSTREAM_WEBHOOK_RETRY_BASE_MS,
      timeoutMs: settings.SLIPSTREAM_WEBHOOK_TIMEOUT_MS,
      instanceId: worker.instanceId,
      pollIntervalMs: settings.SLIPSTREAM_POLL_MS,
    },
    log.child({ component: "webhooks" }),
  );
  webhooks.start();

  // `serve()` cannot take an error handler; requests the adapter cannot read get one here.
  const listener = getRequestListener(app.fetch, {
    hostname: settings.HOST,
    errorHandler: (err: unknown) => {
      if (!(err instanceof RequestError)) log.error({ err }, "request failed before reaching the app");
      return transportErrorResponse(err);
    },
  });
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(settings.PORT, settings.HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : settings.PORT;
  ready = true;
  const url = `http://${settings.HOST.includes(":") ? `[${settings.HOST}]` : settings.HOST}:${port}`;
  log.info({ url, dataDir: settings.SLIPSTREAM_DATA_DIR, store: settings.SLIPSTREAM_STORE, instance: worker.instanceId, accessControl: access.enforced ? "on" : "off (open, loopback)" }, "slipstream listening");

  const running: RunningService = {
    url,
    port,
    worker,
    async stop() {
      await running.shutdown();
    },
    async shutdown() {
      ready = false;
      const graceMs = settings.SLIPSTREAM_SHUTDOWN_GRACE_MS;
      log.info({ graceMs, running: worker.active }, "shutting down: taking no new connections or work, cancelling running operations");
      // No new connections from here; idle keep-alive ones close now, requests in flight finish.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Schedules first: nothing new is queued while the worker stops.
      await scheduler.stop();
      const { unfinished } = await worker.stop({ graceMs });
      if (unfinished.length > 0) {
        log.warn(
          { graceMs, operations: unfinished.map((op) => op.id) },
          "operations still running when the shutdown grace ran out: their leases are no longer renewed, so another instance sharing the store, or this one's next start, recovers them as interrupted once the leases lapse",
        );
      }
      // Operations ended above wrote their notifications to the outbox; what is not delivered by
      // now stays queued in the store for another instance, or this one's next start.
      await webhooks.stop();
      // A stream of an operation that just ended closes itself after its final event; any other
      // (an operation queued, or running on another instance) is closed here, and its client
      // resumes with Last-Event-ID against another instance.
      let drain: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((resolve) => (drain = setTimeout(resolve, STREAM_DRAIN_MS)))]);
      clearTimeout(drain);
      server.closeAllConnections();
      await closed;
      await planner.close();
      await store.close();
      return { unfinished };
    },
  };
  return running;
}
