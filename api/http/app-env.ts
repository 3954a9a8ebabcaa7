import type { Logger } from "pino";
import type { Actor } from "../domain/access";
import type { DeploymentEngine } from "../engine/engine";
import type { EventBus } from "../operations/event-bus";
import type { IdempotencyOptions } from "./idempotency";
import type { AccessService } from "../service/access-service";
import type { DeploymentJobsService } from "../service/deployment-jobs-service";
import type { DeploymentService } from "../service/deployment-service";
import type { ServiceMetrics } from "../metrics/service-metrics";
import type { Planner } from "../service/planner";
import type { Store } from "../store/store";

/** What an Idempotency-Key replays instead of the response, when the response must not be kept (it holds a secret). */
export interface Replacement {
  status: number;
  contentType: string;
  text: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The caller, once authenticated (every route but health and docs). */
    actor?: Actor;
    /** Set by a route whose response must not be stored for Idempotency-Key replays. */
    replayInstead?: Replacement;
  };
}

/** What the HTTP layer needs; it parses, dispatches and serialises, nothing more. */
export interface AppDependencies {
  service: DeploymentService;
  /** Deployments' streaming jobs: live states for a deployment's GET, start and stop of one. */
  jobs: DeploymentJobsService;
  access: AccessService;
  planner: Planner;
  store: Store;
  bus: EventBus;
  engine: DeploymentEngine;
  log: Logger;
  maxBodyBytes: number;
  /** Lease and retention of Idempotency-Key records (defaults: 60 s in flight, kept 24 h). */
  idempotency?: Omit<IdempotencyOptions, "log">;
  /** How often a live event stream reads the store for events another instance appended (default 1 s). */
  eventPollMs?: number;
  /** Milliseconds since the epoch, for audit times and token expiry views; tests move it. */
  clock?: () => number;
  /** The instance's metrics (`GET /metrics`); a fresh registry when not given. */
  metrics?: ServiceMetrics;
  /** False while starting or shutting down. */
  ready: () => boolean;
}
