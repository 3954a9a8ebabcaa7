import type { Logger } from "pino";
import type { ServiceMetrics } from "../metrics/service-metrics";
import type { AccessService } from "../service/access-service";
import type { DeploymentJobsService } from "../service/deployment-jobs-service";
import type { DeploymentService } from "../service/deployment-service";
import type { HealthService } from "../service/health-service";
import type { OperationEventsService } from "../service/operation-events-service";
import type { PlanService } from "../service/plan-service";
import type { UpgradeService } from "../service/upgrade-service";
import type { WebhookService } from "../service/webhook-service";
import type { Store } from "../store/store";
import type { IdempotencyOptions } from "./idempotency";

/** Everything a route may call: the use cases. Routes are handed these and nothing else. */
export interface AppServices {
  deployments: DeploymentService;
  /** Reviewed blueprint upgrades of deployments. */
  upgrades: UpgradeService;
  /** Deployments' streaming jobs: live states for a deployment's GET, start and stop of one. */
  jobs: DeploymentJobsService;
  access: AccessService;
  plans: PlanService;
  operationEvents: OperationEventsService;
  webhooks: WebhookService;
  health: HealthService;
}

/**
 * What the HTTP layer needs: the services for its routes, and for its own middleware the
 * store (the audit trail and Idempotency-Key records are HTTP concerns, kept where the rest
 * is), the log and the limits. The store stops at the middleware: no route is given it.
 */
export interface AppDependencies {
  services: AppServices;
  store: Store;
  log: Logger;
  maxBodyBytes: number;
  /** Lease and retention of Idempotency-Key records (defaults: 60 s in flight, kept 24 h). */
  idempotency?: Omit<IdempotencyOptions, "log">;
  /** Milliseconds since the epoch, for audit times and token expiry views; tests move it. */
  clock?: () => number;
  /** The instance's metrics (`GET /metrics`); a fresh registry when not given. */
  metrics?: ServiceMetrics;
}
