import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { OperationKind, OperationStatus } from "../domain/model";

/** Seconds: from a fast acknowledgement to a long deploy. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const OPERATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];
const PLAN_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's Prometheus metrics, one registry per service instance (`GET /metrics`):
 * requests by route pattern and status, operations by kind and outcome with their duration,
 * plan duration (and how many were answered from memory), active operations read from the
 * store at each scrape (the queue is shared by every instance, so this is the shared figure),
 * and Node's own metrics — event-loop lag, heap, GC — from prom-client's defaults.
 * Labels are route patterns, kinds and statuses only: never a deployment, team or token name,
 * so series stay few and no tenant shows in them.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"method" | "route" | "status">;
  private readonly requestSeconds: Histogram<"method" | "route">;
  private readonly operations: Counter<"kind" | "status">;
  private readonly operationSeconds: Histogram<"kind" | "status">;
  private readonly planSeconds: Histogram<"outcome" | "memoized">;

  constructor(options: { activeOperations?: () => Promise<number> } = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "slipstream_" });
    this.requests = new Counter({ name: "slipstream_http_requests_total", help: "HTTP requests answered, by method, route pattern and status", labelNames: ["method", "route", "status"], registers });
    this.requestSeconds = new Histogram({ name: "slipstream_http_request_duration_seconds", help: "Time to answer an HTTP request (an event stream: until it closes)", labelNames: ["method", "route"], buckets: REQUEST_BUCKETS, registers });
    this.operations = new Counter({ name: "slipstream_operations_total", help: "Operations this instance ran to an end, by kind and outcome", labelNames: ["kind", "status"], registers });
    this.operationSeconds = new Histogram({ name: "slipstream_operation_duration_seconds", help: "From an operation's start on this instance to its recorded end", labelNames: ["kind", "status"], buckets: OPERATION_BUCKETS, registers });
    this.planSeconds = new Histogram({ name: "slipstream_plan_duration_seconds", help: "Offline plans behind creates, updates and POST /v1/plans: validation, render and policy check", labelNames: ["outcome", "memoized"], buckets: PLAN_BUCKETS, registers });
    const activeOperations = options.activeOperations;
    if (activeOperations) {
      new Gauge({
        name: "slipstream_operations_active",
        help: "Queued and running operations across every instance sharing the store, read at scrape time",
        registers,
        async collect() {
          this.set(await activeOperations());
        },
      });
    }
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.requestSeconds.observe({ method, route }, seconds);
  }

  operationEnded(kind: OperationKind, status: OperationStatus, seconds: number): void {
    this.operations.inc({ kind, status });
    this.operationSeconds.observe({ kind, status }, seconds);
  }

  plan(outcome: "planned" | "invalid" | "refused" | "error", memoized: boolean, seconds: number): void {
    this.planSeconds.observe({ outcome, memoized: String(memoized) }, seconds);
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
