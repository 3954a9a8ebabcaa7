import type { OperationEvent } from "../../domain/model";
import type { EventStore } from "../store";
import { RETRY, conflict, withRetries } from "./conflicts";
import { Expr, type Db } from "./db";
import { eventRecord } from "./items";
import { eventWrites, nextEvent, readEventCounter, readOperation } from "./records";
import { PK, SK, eventSortKey } from "./table";

/** The largest sequence a sort key holds (10 digits). */
const LAST_SEQUENCE = 9_999_999_999;

/**
 * An operation's events, in its own partition (`OP#<id>`), sorted by zero-padded sequence.
 * An append moves the operation's event counter from the sequence it read to the next and
 * puts the event where none is, in one transaction; an appender that lost to another reads
 * the counter again (bounded) — so concurrent appends get distinct, gapless sequences.
 */
export class DynamoEvents implements EventStore {
  constructor(private readonly db: Db) {}

  async append(operationId: string, type: string, data: unknown, time: string): Promise<OperationEvent> {
    return withRetries(`appending an event to operation ${operationId}`, async () => {
      const counter = await readEventCounter(this.db, operationId);
      if (!counter.exists && !(await readOperation(this.db, operationId))) throw conflict(`operation ${operationId} not found`, "not-found");
      const event = nextEvent(counter, type, data, time);
      return (await this.db.commit(eventWrites(counter, event))) ? event : RETRY;
    });
  }

  async list(operationId: string, afterSequence: number, limit: number): Promise<OperationEvent[]> {
    if (limit <= 0) return [];
    const x = new Expr();
    const page = await this.db.query({
      KeyConditionExpression: `${x.eq(PK, `OP#${operationId}`)} AND ${x.name(SK)} BETWEEN ${x.value(eventSortKey(Math.max(0, afterSequence) + 1))} AND ${x.value(eventSortKey(LAST_SEQUENCE))}`,
      ...x.params(),
      ConsistentRead: true,
      Limit: limit,
    });
    return page.items.map(eventRecord);
  }
}
