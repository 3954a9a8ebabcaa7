import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { lostRace } from "./conflicts";
import { attributeValue, type Item } from "./items";

/**
 * The few DynamoDB calls the repositories make, on one table: strongly consistent reads of
 * base items, queries, and `commit` — the one conditional write of a state change.
 */

/** Builds the placeholders of one expression set (condition, update, key condition, filter). */
export class Expr {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private next = 0;

  name(attribute: string): string {
    const placeholder = `#${attribute.replace(/[^A-Za-z0-9_]/g, "_")}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.next++}`;
    this.values[placeholder] = attributeValue(value);
    return placeholder;
  }

  eq(attribute: string, value: unknown): string {
    return `${this.name(attribute)} = ${this.value(value)}`;
  }

  exists(attribute: string): string {
    return `attribute_exists(${this.name(attribute)})`;
  }

  notExists(attribute: string): string {
    return `attribute_not_exists(${this.name(attribute)})`;
  }

  params(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } {
    return {
      ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

/** A condition, written against the expression's placeholders. */
export type Condition = (x: Expr) => string;

export type Write =
  | { put: Item; condition?: Condition }
  | { update: Key; set?: Record<string, unknown>; remove?: string[]; condition?: Condition }
  | { delete: Key; condition?: Condition }
  /** Writes nothing: the transaction happens only if the item meets the condition (in a transaction only). */
  | { check: Key; condition: Condition };

/** A primary key as table.ts `keys` makes it. */
export type Key = Record<string, string>;

function expressions(write: Write) {
  const x = new Expr();
  let UpdateExpression: string | undefined;
  if ("update" in write) {
    const set = Object.entries(write.set ?? {}).filter(([, v]) => v !== undefined);
    const parts: string[] = [];
    if (set.length) parts.push(`SET ${set.map(([k, v]) => `${x.name(k)} = ${x.value(v)}`).join(", ")}`);
    if (write.remove?.length) parts.push(`REMOVE ${write.remove.map((k) => x.name(k)).join(", ")}`);
    UpdateExpression = parts.join(" ");
  }
  const ConditionExpression = write.condition?.(x);
  return { ...(UpdateExpression ? { UpdateExpression } : {}), ...(ConditionExpression ? { ConditionExpression } : {}), ...x.params() };
}

export class Db {
  constructor(
    readonly client: DynamoDBClient,
    readonly table: string,
  ) {}

  /** A base-table item, strongly consistent: what conditional writes are decided on. */
  async get(key: Key): Promise<Item | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.table, Key: asKey(key), ConsistentRead: true }));
    return out.Item;
  }

  /** One page of a query: its items (none with Select COUNT), how many matched, and where the next page starts. */
  async query(input: Omit<QueryCommandInput, "TableName">): Promise<{ items: Item[]; count: number; last?: Item }> {
    const out = await this.client.send(new QueryCommand({ ...input, TableName: this.table }));
    return { items: out.Items ?? [], count: out.Count ?? 0, ...(out.LastEvaluatedKey ? { last: out.LastEvaluatedKey } : {}) };
  }

  /**
   * Makes the writes of one state change as one conditional write: a single PutItem,
   * UpdateItem or DeleteItem when there is one item, else a TransactWriteItems (all or
   * nothing, at most 100 items, none twice — a change here touches at most five). True when
   * written; false when a condition failed or a concurrent transaction held an item, and
   * nothing was written: the caller reads again and decides.
   */
  async commit(writes: Write[]): Promise<boolean> {
    if (writes.length === 0) return true;
    if (writes.length > 100) throw new Error(`DynamoDB store: a transaction of ${writes.length} items exceeds TransactWriteItems' 100`);
    try {
      if (writes.length === 1) await this.single(writes[0]!);
      else await this.client.send(new TransactWriteItemsCommand({ TransactItems: writes.map((w) => this.transactItem(w)) }));
      return true;
    } catch (error) {
      if (lostRace(error)) return false;
      throw error;
    }
  }

  private async single(write: Write): Promise<void> {
    const TableName = this.table;
    if ("check" in write) throw new Error("DynamoDB store: a condition check is a transaction item; it cannot be the only write");
    if ("put" in write) await this.client.send(new PutItemCommand({ TableName, Item: write.put, ...expressions(write) }));
    else if ("update" in write) await this.client.send(new UpdateItemCommand({ TableName, Key: asKey(write.update), ...expressions(write) }));
    else await this.client.send(new DeleteItemCommand({ TableName, Key: asKey(write.delete), ...expressions(write) }));
  }

  private transactItem(write: Write): TransactWriteItem {
    const TableName = this.table;
    if ("put" in write) return { Put: { TableName, Item: write.put, ...expressions(write) } };
    if ("update" in write) return { Update: { TableName, Key: asKey(write.update), UpdateExpression: "", ...expressions(write) } };
    if ("check" in write) return { ConditionCheck: { TableName, Key: asKey(write.check), ConditionExpression: "", ...expressions(write) } };
    return { Delete: { TableName, Key: asKey(write.delete), ...expressions(write) } };
  }
}

/** A key as DynamoDB takes it. */
export function asKey(key: Key): Item {
  return Object.fromEntries(Object.entries(key).map(([k, v]) => [k, { S: v }]));
}
