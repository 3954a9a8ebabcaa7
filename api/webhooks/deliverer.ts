import type { Logger } from "pino";
import type { Delivery, DeliveryAttempt } from "../domain/webhooks";
import { StoreConflictError, type DeliveryNext, type Store } from "../store/store";
import { retryDelayMs } from "./backoff";
import { postEvent, type PostResult } from "./post-event";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";

export interface DelivererOptions {
  /** Attempts per delivery, the first included (SLIPSTREAM_WEBHOOK_ATTEMPTS). */
  attempts: number;
  /** Wait after the first failed attempt, doubled after each (SLIPSTREAM_WEBHOOK_RETRY_BASE_MS). */
  retryBaseMs: number;
  /** Bound on one attempt, connection to last byte (SLIPSTREAM_WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Owner of this instance's delivery leases. */
  instanceId: string;
  clock?: () => number;
  random?: () => number;
}

/**
 * How long a claimed delivery stays this instance's beyond the attempt's own timeout: an
 * attempt never outlives its timeout, so a lease of timeout + margin lapses only when the
 * instance died or stalled mid-attempt — and then another instance claims the delivery again.
 */
export const LEASE_MARGIN_MS = 15_000;

/** The JSON body a receiver gets; fields in a fixed order, so the signed text is what is sent. */
export function deliveryBody(delivery: Delivery): string {
  const { id, kind, time, team, deployment, data } = delivery.event;
  return JSON.stringify({ id, kind, time, team, deployment, data });
}

/**
 * Attempts due deliveries: claims one under a lease (owner + expiry, like operations),
 * POSTs its event signed with the webhook's secret, and records the attempt with the
 * delivery's next state in one write — succeeded on a 2xx, else a retry after exponential
 * backoff with jitter, or failed after the last attempt. The claim is a conditional write, so
 * of the instances sharing a store one attempts a delivery at a time; the state is in the
 * store, so a delivery queued before a restart is attempted after it.
 */
export class WebhookDeliverer {
  private readonly clock: () => number;
  private readonly random: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: DelivererOptions,
    private readonly log: Logger,
  ) {
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Claims the next due delivery, or undefined when none is. */
  claim(): Promise<Delivery | undefined> {
    const now = this.clock();
    return this.store.deliveries.claimDue({ owner: this.options.instanceId, expiresAt: new Date(now + this.options.timeoutMs + LEASE_MARGIN_MS).toISOString() }, new Date(now).toISOString());
  }

  /** Makes one attempt of a delivery this instance claimed and records it; the recorded delivery, or undefined if the lease was lost meanwhile. */
  async attempt(delivery: Delivery): Promise<Delivery | undefined> {
    const started = this.clock();
    const result = await this.post(delivery, started);
    const attempt: DeliveryAttempt = { time: new Date(started).toISOString(), status: result.status, error: result.error, durationMs: result.durationMs };
    const number = delivery.attempts.length + 1;
    const next: DeliveryNext =
      result.error === null
        ? { status: "succeeded" }
        : number >= this.options.attempts || result.final
          ? { status: "failed" }
          : { status: "pending", nextAttemptAt: new Date(this.clock() + retryDelayMs(number, this.options.retryBaseMs, this.random)).toISOString() };
    const log = this.log.child({ delivery: delivery.id, webhook: delivery.webhook, event: delivery.event.id, kind: delivery.event.kind, attempt: number });
    try {
      const recorded = await this.store.deliveries.recordAttempt(delivery.webhook, delivery.id, this.options.instanceId, attempt, next);
      if (next.status === "succeeded") log.info({ status: result.status, ms: result.durationMs }, "webhook delivered");
      else log.warn({ status: result.status, error: result.error, next: next.status, ...(next.status === "pending" ? { retryAt: next.nextAttemptAt } : {}) }, "webhook delivery attempt failed");
      return recorded;
    } catch (err) {
      if (!(err instanceof StoreConflictError && err.reason === "lease-lost")) throw err;
      log.warn("webhook delivery lease lost: another instance claimed it after this attempt ran past its lease; this attempt is not recorded");
      return undefined;
    }
  }

  /** The POST, or why none could be made; `final` when retrying cannot help (the webhook is gone). */
  private async post(delivery: Delivery, started: number): Promise<PostResult & { final?: boolean }> {
    const webhook = await this.store.webhooks.get(delivery.team, delivery.webhook);
    const secret = webhook ? await this.store.webhooks.signingSecret(delivery.team, delivery.webhook) : undefined;
    if (!webhook || secret === undefined) return { status: null, error: "the webhook was deleted", durationMs: 0, final: true };
    const body = deliveryBody(delivery);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Slipstream-Webhooks/1",
      [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(started / 1000), body),
      "Slipstream-Event-Id": delivery.event.id,
      "Slipstream-Event-Kind": delivery.event.kind,
      "Slipstream-Delivery-Id": delivery.id,
    };
    return postEvent(webhook.url, headers, body, this.options.timeoutMs);
  }
}
