import type { Actor } from "../domain/access";
import { NotFoundError } from "../domain/errors";
import type { NotificationKind } from "../domain/notifications";
import { DEFAULT_TEAM, demand, reaches } from "../domain/permissions";
import type { Delivery, NewWebhook, Webhook } from "../domain/webhooks";
import { newId } from "../store/ids";
import type { Store } from "../store/store";
import { newDelivery } from "../webhooks/dispatcher";
import { newSigningSecret } from "../webhooks/signing-secret";
import { checkWebhookUrl } from "../webhooks/webhook-url";
import { domainError } from "./deployment-service";

export interface WebhookServiceOptions {
  /**
   * True when access control is off (no bootstrap token): the open service acts in team
   * `default`, which need not exist as a team record (open deployments go there too).
   */
  open: boolean;
  clock?: () => number;
}

export interface NewSubscription {
  url: string;
  kinds: NotificationKind[];
}

/**
 * A team's webhook subscriptions, their pings and delivery logs. Every method takes the actor
 * and confines it to its team: another team's webhook is "not found", as a missing one is.
 * The signing secret leaves this service once, in `create`'s answer; reads never carry it.
 */
export class WebhookService {
  private readonly clock: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: WebhookServiceOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  async create(actor: Actor, team: string, input: NewSubscription): Promise<{ webhook: Webhook; secret: string }> {
    demand(actor, "manage-webhooks");
    await this.team(actor, team);
    const url = checkWebhookUrl(input.url);
    const webhook: NewWebhook = { id: newId(), team, url, kinds: [...new Set(input.kinds)], createdAt: this.now(), createdBy: actor.tokenId, secret: newSigningSecret() };
    await this.store.webhooks.create(webhook).catch((err: unknown) => domainError(err, `webhook "${webhook.id}"`));
    const { secret, ...view } = webhook;
    return { webhook: view, secret };
  }

  async list(actor: Actor, team: string, after: string | undefined, limit: number): Promise<Webhook[]> {
    demand(actor, "read");
    await this.team(actor, team);
    return this.store.webhooks.list(team, after, limit);
  }

  async get(actor: Actor, team: string, id: string): Promise<Webhook> {
    demand(actor, "read");
    return this.webhook(actor, team, id);
  }

  /** Deletes the subscription; deliveries not yet made are failed by the deliverer, and the log stays. */
  async delete(actor: Actor, team: string, id: string): Promise<Webhook> {
    demand(actor, "manage-webhooks");
    await this.webhook(actor, team, id);
    return this.store.webhooks.delete(team, id).catch((err: unknown) => domainError(err, `webhook "${id}"`));
  }

  /**
   * Queues a `ping` to the webhook — a delivery like any other (signed, retried, logged), of an
   * event that is no notification: nothing subscribes to pings, one is sent when asked for.
   */
  async ping(actor: Actor, team: string, id: string): Promise<Delivery> {
    demand(actor, "manage-webhooks");
    const webhook = await this.webhook(actor, team, id);
    const now = this.now();
    const delivery = newDelivery({ id: newId(), kind: "ping", time: now, team, deployment: null, data: { webhook: { id: webhook.id, url: webhook.url, kinds: webhook.kinds } } }, webhook, now);
    await this.store.deliveries.create(delivery);
    return delivery;
  }

  /** The webhook's deliveries, newest first, each with all its attempts. */
  async deliveries(actor: Actor, team: string, id: string, before: string | undefined, limit: number): Promise<Delivery[]> {
    demand(actor, "read");
    await this.webhook(actor, team, id);
    return this.store.deliveries.listByWebhook(id, before, limit);
  }

  private async webhook(actor: Actor, team: string, id: string): Promise<Webhook> {
    await this.team(actor, team);
    const webhook = await this.store.webhooks.get(team, id);
    if (!webhook) throw new NotFoundError(`webhook "${id}" not found in team "${team}"`);
    return webhook;
  }

  /** The team, if the actor reaches it and it exists (or is the open service's `default`): "not found" otherwise. */
  private async team(actor: Actor, name: string): Promise<void> {
    const exists = reaches(actor, name) && ((this.options.open && name === DEFAULT_TEAM) || (await this.store.teams.get(name)) !== undefined);
    if (!exists) throw new NotFoundError(`team "${name}" not found`);
  }
}
