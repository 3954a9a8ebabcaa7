import type { Logger } from "pino";
import type { Store } from "../store/store";
import { WebhookDeliverer, type DelivererOptions } from "./deliverer";
import { NotificationDispatcher } from "./dispatcher";

export interface WebhookRunnerOptions extends DelivererOptions {
  /** How often to look for undispatched notifications and due deliveries (SLIPSTREAM_POLL_MS). */
  pollIntervalMs: number;
  /** Deliveries attempted at once by this instance. */
  concurrency?: number;
}

/**
 * Webhooks outside any request, in every instance: each poll fans the outbox out to
 * deliveries, then attempts due deliveries, up to `concurrency` at once. Nothing is held in
 * memory between polls but the attempts in flight: what is due, and who attempts it, is in the
 * store, so instances share the work and a restart loses none of it.
 */
export class WebhookRunner {
  private readonly dispatcher: NotificationDispatcher;
  private readonly deliverer: WebhookDeliverer;
  private readonly concurrency: number;
  private readonly clock: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopping = false;

  constructor(
    store: Store,
    private readonly options: WebhookRunnerOptions,
    private readonly log: Logger,
  ) {
    this.dispatcher = new NotificationDispatcher(store, log);
    this.deliverer = new WebhookDeliverer(store, options, log);
    this.concurrency = options.concurrency ?? 4;
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    this.log.info({ attempts: this.options.attempts, retryBaseMs: this.options.retryBaseMs, timeoutMs: this.options.timeoutMs }, "webhook delivery starting");
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
    this.timer.unref();
    void this.poll();
  }

  /** One pass: dispatch the outbox, then claim due deliveries while there is room. Skipped while the previous pass runs. */
  poll(): Promise<void> {
    if (this.polling || this.stopping) return this.polling ?? Promise.resolve();
    this.polling = this.pass().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  /** Stops polling and waits for attempts in flight (each bounded by its timeout) to be recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await Promise.allSettled([...this.inFlight]);
  }

  private async pass(): Promise<void> {
    try {
      await this.dispatcher.dispatchPending(new Date(this.clock()).toISOString());
      while (!this.stopping && this.inFlight.size < this.concurrency) {
        const delivery = await this.deliverer.claim();
        if (!delivery) break;
        const attempt: Promise<void> = this.deliverer
          .attempt(delivery)
          .then(() => undefined)
          .catch((err: unknown) => this.log.error({ err, delivery: delivery.id }, "recording a webhook delivery attempt failed; the delivery is attempted again when its lease lapses"))
          .finally(() => {
            this.inFlight.delete(attempt);
            // A free slot: claim the next due delivery now rather than at the next poll.
            void this.poll();
          });
        this.inFlight.add(attempt);
      }
    } catch (err) {
      this.log.error({ err }, "webhook dispatch or delivery pass failed; the next poll tries again");
    }
  }
}
