import type { Logger } from "pino";
import type { DeploymentEngine } from "../engine/engine";
import type { EventBus } from "../operations/event-bus";
import type { IdempotencyOptions } from "./idempotency";
import type { DeploymentService } from "../service/deployment-service";
import type { Planner } from "../service/planner";
import type { Store } from "../store/store";

export interface AppEnv {
  Variables: { requestId: string };
}

/** What the HTTP layer needs; it parses, dispatches and serialises, nothing more. */
export interface AppDependencies {
  service: DeploymentService;
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
  /** False while starting or shutting down. */
  ready: () => boolean;
}
