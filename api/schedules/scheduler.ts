import type { Logger } from "pino";
import type { DeploymentEngine } from "../engine/engine";
import type { Store } from "../store/store";
import { queueDueDriftChecks } from "./drift-checks";
import { recordDueReminders } from "./expiry-reminders";
import { queueDueExpiries } from "./expiry-destroys";
import { pruneExpiredIdempotencyKeys } from "./idempotency-pruning";

export interface SchedulerOptions {
  /** How often to look for due work (SLIPSTREAM_POLL_MS, as the worker). */
  pollIntervalMs: number;
  /** SLIPSTREAM_DRIFT_CHECK_INTERVAL_MS: a deployment's drift check is due this long after its last one; 0 turns scheduled checks off. */
  driftCheckIntervalMs: number;
  /** SLIPSTREAM_EXPIRY_REMINDER_MS: how long before its expiry a deployment's reminder is recorded. */
  expiryReminderMs: number;
  /** Deployments acted on per kind of work and poll; the rest wait for the next poll. Default 50. */
  batch?: number;
  /** Milliseconds since the epoch; tests move it. */
  clock?: () => number;
}

/**
 * The service's schedules: drift checks, expiry reminders and expiry destroys, and the
 * deletion of expired Idempotency-Key records. Every instance
 * runs one and polls the store for due work through indexes; there is no leader. Each act is
 * one conditional write that decides again on the record it reads, so when several instances
 * find the same work due exactly one acts; the operations queued this way are then claimed
 * and run under the worker's leases like any other, so each runs in exactly one instance.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private readonly clock: () => number;
  /** Said once per outage, not every poll. */
  private waitingForEngine = false;

  constructor(
    private readonly store: Store,
    /** Woken when an operation was queued, so it is claimed without waiting for its poll. */
    private readonly worker: { notify(): void },
    /**
     * Asked before queuing anything: while the engine is unavailable (no Pulumi CLI) the
     * schedules queue nothing — a request would be refused with 503 then, and an expiry's
     * destroy run without an engine would fail and leave the deployment destroy_failed for
     * nothing. They act at the first poll after it is back.
     */
    private readonly engine: Pick<DeploymentEngine, "availability">,
    private readonly options: SchedulerOptions,
    private readonly log: Logger,
  ) {
    if (!Number.isInteger(options.driftCheckIntervalMs) || options.driftCheckIntervalMs < 0) throw new Error("scheduler driftCheckIntervalMs must be a non-negative integer (0: off)");
    if (!Number.isInteger(options.expiryReminderMs) || options.expiryReminderMs < 0) throw new Error("scheduler expiryReminderMs must be a non-negative integer");
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    this.log.info({ driftCheckIntervalMs: this.options.driftCheckIntervalMs || "off", expiryReminderMs: this.options.expiryReminderMs }, "schedules starting");
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  /** Stops polling and waits for a poll under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /** One look for due work of each kind; overlapping calls share the poll under way. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const now = this.clock();
    const batch = this.options.batch ?? 50;
    const log = this.log;
    let queued = 0;
    // Reminders first: an expiry found late (the service was down) still records its reminder before its destroy.
    const passes: { what: string; queues: boolean; run: () => Promise<{ acted: string[] }> }[] = [
      { what: "expiry reminders", queues: false, run: () => recordDueReminders(this.store, { now, leadMs: this.options.expiryReminderMs, batch, log }) },
      { what: "expired idempotency keys", queues: false, run: () => pruneExpiredIdempotencyKeys(this.store, { now, batch, log }) },
    ];
    const availability = await this.engine.availability();
    if (availability.ok) {
      passes.push({ what: "expiry destroys", queues: true, run: () => queueDueExpiries(this.store, { now, batch, log }) });
      if (this.options.driftCheckIntervalMs > 0) passes.push({ what: "drift checks", queues: true, run: () => queueDueDriftChecks(this.store, { now, intervalMs: this.options.driftCheckIntervalMs, batch, log }) });
    } else if (!this.waitingForEngine) {
      log.warn({ reason: availability.reason }, "the deployment engine is unavailable: scheduled drift checks and expiry destroys wait for it");
    }
    this.waitingForEngine = !availability.ok;
    for (const { what, queues, run } of passes) {
      try {
        const { acted } = await run();
        if (queues) queued += acted.length;
      } catch (err) {
        log.error({ err }, `looking for due ${what} failed; the next poll tries again`);
      }
    }
    if (queued > 0) this.worker.notify();
  }
}
