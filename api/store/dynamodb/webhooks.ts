import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { NewWebhook, Webhook } from "../../domain/webhooks";
import type { WebhookStore } from "../store";
import { conflict } from "./conflicts";
import { Expr, type Db } from "./db";
import { checkItemSize, type Item } from "./items";
import { PK, SK, keys } from "./table";
import { webhookItem, webhookRecord } from "./webhook-items";

/**
 * Subscriptions, in their team's `WEBHOOKS#<team>` partition sorted by id: a team's list is
 * one strongly consistent Query, a webhook one GetItem. The item holds the signing secret in
 * an attribute of its own that only `signingSecret` reads.
 */
export class DynamoWebhooks implements WebhookStore {
  constructor(private readonly db: Db) {}

  async create(webhook: NewWebhook): Promise<void> {
    const written = await this.db.commit([{ put: checkItemSize(webhookItem(webhook), `webhook ${webhook.id}`), condition: (x) => x.notExists(PK) }]);
    if (!written) throw conflict(`webhook ${webhook.id} already exists`, "exists");
  }

  async get(team: string, id: string): Promise<Webhook | undefined> {
    const item = await this.db.get(keys.webhook(team, id));
    return item ? webhookRecord(item) : undefined;
  }

  async list(team: string, after: string | undefined, limit: number): Promise<Webhook[]> {
    if (limit <= 0) return [];
    const found: Webhook[] = [];
    let start: Item | undefined;
    do {
      const x = new Expr();
      const partition = keys.webhook(team, "")[PK]!;
      const page = await this.db.query({
        KeyConditionExpression: x.eq(PK, partition) + (after !== undefined ? ` AND ${x.name(SK)} > ${x.value(after)}` : ""),
        ...x.params(),
        ConsistentRead: true,
        Limit: limit - found.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      found.push(...page.items.map(webhookRecord));
      start = page.last;
    } while (start && found.length < limit);
    return found;
  }

  async delete(team: string, id: string): Promise<Webhook> {
    const item = await this.db.get(keys.webhook(team, id));
    const missing = () => conflict(`team "${team}" has no webhook ${id}`, "not-found");
    if (!item) throw missing();
    // Conditioned on existence: of two deletes racing, the second learns it found nothing.
    if (!(await this.db.commit([{ delete: keys.webhook(team, id), condition: (x) => x.exists(PK) }]))) throw missing();
    return webhookRecord(item);
  }

  async signingSecret(team: string, id: string): Promise<string | undefined> {
    const item = await this.db.get(keys.webhook(team, id));
    return item ? (unmarshall(item).secret as string) : undefined;
  }
}
