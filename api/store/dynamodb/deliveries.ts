import type { Delivery, DeliveryAttempt } from "../../domain/webhooks";
import type { DeliveryNext, DeliveryStore, Lease } from "../store";
import { MAX_ATTEMPTS, RETRY, conflict, withRetries } from "./conflicts";
import { Expr, type Db } from "./db";
import { checkItemSize, type Item } from "./items";
import { DELIVERY_PREFIX, DUE, PK, SK, attr, index, keys } from "./table";
import { claimableAt, deliveryItem, deliveryRecord, type DeliveryRecord } from "./webhook-items";

/** Candidates read per page of the due index. */
const CLAIM_PAGE = 25;

/**
 * Deliveries, in their webhook's partition (`WEBHOOK#<id>`, sorted by delivery id, which sorts
 * by the event's time): the delivery log is one strongly consistent Query. Pending ones are in
 * the sparse `deliveries-due` index, sorted by when they may next be claimed. Every write puts
 * the whole item conditioned on the `version` read, so a claim and an attempt's record are
 * each one conditional PutItem decided on the base item, never on the index.
 */
export class DynamoDeliveries implements DeliveryStore {
  constructor(private readonly db: Db) {}

  async create(delivery: Delivery): Promise<boolean> {
    return this.db.commit([{ put: this.item({ delivery, lease: null, version: 1 }), condition: (x) => x.notExists(PK) }]);
  }

  async get(webhook: string, id: string): Promise<Delivery | undefined> {
    return (await this.read(webhook, id))?.delivery;
  }

  async listByWebhook(webhook: string, before: string | undefined, limit: number): Promise<Delivery[]> {
    if (limit <= 0) return [];
    const found: Delivery[] = [];
    let start: Item | undefined;
    do {
      const x = new Expr();
      const partition = keys.delivery(webhook, "")[PK]!;
      const range = before !== undefined ? `${x.name(SK)} < ${x.value(`${DELIVERY_PREFIX}${before}`)}` : `begins_with(${x.name(SK)}, ${x.value(DELIVERY_PREFIX)})`;
      const page = await this.db.query({ KeyConditionExpression: `${x.eq(PK, partition)} AND ${range}`, ...x.params(), ConsistentRead: true, ScanIndexForward: false, Limit: limit - found.length, ...(start ? { ExclusiveStartKey: start } : {}) });
      found.push(...page.items.map((item) => deliveryRecord(item).delivery));
      start = page.last;
    } while (start && found.length < limit);
    return found;
  }

  async claimDue(lease: Lease, now: string): Promise<Delivery | undefined> {
    for (let round = 0; round < MAX_ATTEMPTS; round++) {
      let lost = false;
      let start: Item | undefined;
      do {
        const x = new Expr();
        const page = await this.db.query({ IndexName: index.due, KeyConditionExpression: `${x.eq(attr.due, DUE)} AND ${x.name(attr.dueAt)} <= ${x.value(now)}`, ...x.params(), Limit: CLAIM_PAGE, ...(start ? { ExclusiveStartKey: start } : {}) });
        for (const candidate of page.items) {
          const claimed = await this.tryClaim(candidate, lease, now);
          if (claimed === RETRY) lost = true;
          else if (claimed) return claimed;
        }
        start = page.last;
      } while (start);
      // Nothing due, or every candidate taken by another claimer: look again only then.
      if (!lost) return undefined;
    }
    return undefined;
  }

  /** Claims one candidate if, read again, it is still pending, due and not under a live lease; RETRY if another write got there first. */
  private async tryClaim(candidate: Item, lease: Lease, now: string): Promise<Delivery | undefined | typeof RETRY> {
    const item = await this.db.get({ [PK]: candidate[PK]?.S ?? "", [SK]: candidate[SK]?.S ?? "" });
    if (!item) return undefined;
    const current = deliveryRecord(item);
    const at = claimableAt(current.delivery, current.lease);
    if (at === undefined || at > now) return undefined;
    return (await this.write(current, { ...current, lease })) ? current.delivery : RETRY;
  }

  async recordAttempt(webhook: string, id: string, owner: string, attempt: DeliveryAttempt, next: DeliveryNext): Promise<Delivery> {
    return withRetries(`recording an attempt of delivery ${id}`, async () => {
      const current = await this.read(webhook, id);
      if (!current || current.delivery.status !== "pending" || current.lease?.owner !== owner) throw conflict(`delivery ${id} is not pending under ${owner}`, "lease-lost");
      const ended = next.status !== "pending";
      const delivery: Delivery = {
        ...current.delivery,
        status: next.status,
        attempts: [...current.delivery.attempts, attempt],
        nextAttemptAt: ended ? null : next.nextAttemptAt,
        finishedAt: ended ? attempt.time : null,
      };
      return (await this.write(current, { delivery, lease: null, version: current.version })) ? delivery : RETRY;
    });
  }

  private async read(webhook: string, id: string): Promise<DeliveryRecord | undefined> {
    const item = await this.db.get(keys.delivery(webhook, id));
    return item ? deliveryRecord(item) : undefined;
  }

  /** `next` over `before`, conditioned on the version read: a concurrent claim or record makes it fail. */
  private write(before: DeliveryRecord, next: DeliveryRecord): Promise<boolean> {
    return this.db.commit([{ put: this.item({ ...next, version: before.version + 1 }), condition: (x) => x.eq("version", before.version) }]);
  }

  private item(record: DeliveryRecord): Item {
    return checkItemSize(deliveryItem(record), `delivery ${record.delivery.id}`);
  }
}
