import type { OperationEvent } from "../../domain/model";
import type { EventStore } from "../store";
import { appendEvent, type Db } from "./rows";

/** An operation's events on SQLite, keyed (operation id, sequence). */
export class SqliteEvents implements EventStore {
  constructor(private readonly db: Db) {}

  async append(operationId: string, type: string, data: unknown, time: string): Promise<OperationEvent> {
    return appendEvent(this.db, operationId, type, data, time);
  }

  async list(operationId: string, afterSequence: number, limit: number): Promise<OperationEvent[]> {
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE operation_id = ? AND seq > ? ORDER BY seq LIMIT ?`)
      .all(operationId, afterSequence, limit) as { operation_id: string; seq: number; time: string; type: string; data: string }[];
    return rows.map((r) => ({ operationId: r.operation_id, sequence: r.seq, time: r.time, type: r.type, data: JSON.parse(r.data) as unknown }));
  }
}
