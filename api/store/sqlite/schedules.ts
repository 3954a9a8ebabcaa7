import { queuedOperation } from "../outcomes";
import { expiryReminderNotification } from "../../domain/deployment-notifications";
import { newId } from "../ids";
import { insertNotification } from "./notifications";
import { admit } from "../../domain/lifecycle";
import type { Deployment, Operation } from "../../domain/model";
import { driftCheckDue, expire, expiryDue, remind, reminderDue } from "../../domain/schedule-rules";
import type { NewOperation, ScheduleStore } from "../store";
import { conflict, immediate, insertOperation, readDeployment, writeDeployment, type Db } from "./rows";
import { DUE_WHERE, SCHEDULE_INDEXES } from "./schema";

/**
 * Scheduled work on SQLite. Each due list is a range of one partial index (schema.ts,
 * migration 6) whose rows are only those that can be due, read in due order. Each act is an
 * IMMEDIATE transaction that reads the deployment under the write lock and decides again
 * (schedule-rules.ts): a second instance acting on the same deployment waits for the lock,
 * finds it no longer due, and writes nothing.
 */
export class SqliteSchedules implements ScheduleStore {
  constructor(private readonly db: Db) {}

  async driftChecksDue(cutoff: string, limit: number): Promise<string[]> {
    return this.names(SCHEDULE_INDEXES.driftCheckDue, `${DUE_WHERE.driftCheck} AND drift_schedule_from <= ?`, "drift_schedule_from", cutoff, limit);
  }

  async remindersDue(remindBefore: string, limit: number): Promise<string[]> {
    return this.names(SCHEDULE_INDEXES.reminderDue, `${DUE_WHERE.reminder} AND expires_at <= ?`, "expires_at", remindBefore, limit);
  }

  async expiriesDue(now: string, limit: number): Promise<string[]> {
    return this.names(SCHEDULE_INDEXES.expiryDue, `${DUE_WHERE.expiry} AND expires_at <= ?`, "expires_at", now, limit);
  }

  async queueDriftCheck(operation: NewOperation, cutoff: string, now: string): Promise<Operation | undefined> {
    return immediate(this.db, () => {
      const current = readDeployment(this.db, operation.deployment);
      if (!current || !driftCheckDue(current, cutoff)) return undefined;
      // admit() moves the drift schedule to now: the deployment leaves the due range in this write.
      const admission = admit(current, "drift-check", now);
      if (!admission.ok) return undefined;
      return this.queue(current, admission.deployment, operation, now);
    });
  }

  async remind(name: string, remindBefore: string, now: string): Promise<Deployment | undefined> {
    return immediate(this.db, () => {
      const current = readDeployment(this.db, name);
      if (!current || current.expiry === null || !reminderDue(current, remindBefore)) return undefined;
      const reminded = remind({ ...current, expiry: current.expiry }, now);
      writeDeployment(this.db, current, reminded, conflict(`deployment "${name}" changed while recording its reminder`, "not-allowed"));
      insertNotification(this.db, expiryReminderNotification(newId(), reminded, current.expiry.at, now));
      return reminded;
    });
  }

  async expire(operation: NewOperation, now: string): Promise<Operation | undefined> {
    return immediate(this.db, () => {
      const current = readDeployment(this.db, operation.deployment);
      if (!current || !expiryDue(current, now)) return undefined;
      const admission = expire(current, now);
      if (!admission.ok) return undefined;
      return this.queue(current, admission.deployment, operation, now);
    });
  }

  private names(index: string, where: string, order: string, bound: string, limit: number): string[] {
    const rows = this.db.prepare(`SELECT name FROM deployments INDEXED BY ${index} WHERE ${where} ORDER BY ${order} LIMIT ?`).all(bound, limit) as { name: string }[];
    return rows.map((r) => r.name);
  }

  /** Writes the admitted deployment and its new queued operation (inside the caller's transaction). */
  private queue(current: Deployment, next: Deployment, operation: NewOperation, now: string): Operation {
    writeDeployment(this.db, current, next, conflict(`deployment "${current.name}" changed while queuing`, "not-allowed"));
    const queued: Operation = queuedOperation(operation, now);
    insertOperation(this.db, queued);
    return queued;
  }
}
