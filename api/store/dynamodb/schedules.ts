import { queuedOperation } from "../outcomes";
import { expiryReminderNotification } from "../../domain/deployment-notifications";
import { newId } from "../ids";
import { notificationWrite } from "./notifications";
import { admit } from "../../domain/lifecycle";
import type { Admission } from "../../domain/lifecycle";
import type { Deployment, Operation } from "../../domain/model";
import { driftCheckDue, expire, expiryDue, remind, reminderDue } from "../../domain/schedule-rules";
import type { NewOperation, ScheduleStore } from "../store";
import { RETRY, withRetries } from "./conflicts";
import { Expr, type Db } from "./db";
import type { DeploymentRecord } from "./items";
import { deploymentWrite, newOperationWrites, readDeployment } from "./records";
import { DRIFT_DUE, EXPIRY_DUE, PK, REMINDER_DUE, attr, index } from "./table";

/**
 * Scheduled work on DynamoDB. Each due list is one Query of a sparse index (table.ts) that
 * holds only deployments that can be due, sorted by when they are due, so a poll reads the
 * due ones and stops. Indexes lag on AWS: each candidate is read again strongly consistently
 * and decided on with schedule-rules.ts, and the act is one conditional write on the
 * deployment's `version` (with the new operation, when it queues one). Of two instances acting
 * on the same deployment, the loser reads again, finds it no longer due and writes nothing.
 */
export class DynamoSchedules implements ScheduleStore {
  constructor(private readonly db: Db) {}

  async driftChecksDue(cutoff: string, limit: number): Promise<string[]> {
    return this.due(index.driftCheckDue, attr.driftDue, DRIFT_DUE, attr.driftScheduleFrom, cutoff, limit);
  }

  async remindersDue(remindBefore: string, limit: number): Promise<string[]> {
    return this.due(index.reminderDue, attr.reminderDue, REMINDER_DUE, attr.expiryAt, remindBefore, limit);
  }

  async expiriesDue(now: string, limit: number): Promise<string[]> {
    return this.due(index.expiryDue, attr.expiryDue, EXPIRY_DUE, attr.expiryAt, now, limit);
  }

  async queueDriftCheck(operation: NewOperation, cutoff: string, now: string): Promise<Operation | undefined> {
    // admit() moves the drift schedule to now: the deployment leaves the due range in this write.
    return this.queue(operation, now, (d) => (driftCheckDue(d, cutoff) ? admit(d, "drift-check", now) : undefined));
  }

  async remind(name: string, remindBefore: string, now: string): Promise<Deployment | undefined> {
    return withRetries(`recording the expiry reminder of deployment "${name}"`, async () => {
      const current = await readDeployment(this.db, name);
      const d = current?.deployment;
      if (!current || !d || d.expiry === null || !reminderDue(d, remindBefore)) return undefined;
      const reminded = remind({ ...d, expiry: d.expiry }, now);
      const reminder = expiryReminderNotification(newId(), reminded, d.expiry.at, now);
      const written = await this.db.commit([deploymentWrite(current, { deployment: reminded, queued: current.queued }), notificationWrite(reminder)]);
      return written ? reminded : RETRY;
    });
  }

  async expire(operation: NewOperation, now: string): Promise<Operation | undefined> {
    return this.queue(operation, now, (d) => (expiryDue(d, now) ? expire(d, now) : undefined));
  }

  private async due(indexName: string, key: string, value: string, sort: string, bound: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const x = new Expr();
    const page = await this.db.query({ IndexName: indexName, KeyConditionExpression: `${x.eq(key, value)} AND ${x.name(sort)} <= ${x.value(bound)}`, ...x.params(), Limit: limit });
    return page.items.map((item) => item[PK]?.S?.replace(/^DEP#/, "")).filter((name): name is string => name !== undefined);
  }

  /** Queues `operation` if `decide` admits it on the deployment as read; undefined when it is not due. */
  private async queue(operation: NewOperation, now: string, decide: (d: Deployment) => Admission | undefined): Promise<Operation | undefined> {
    return withRetries(`queuing scheduled operation ${operation.id}`, async () => {
      const current: DeploymentRecord | undefined = await readDeployment(this.db, operation.deployment);
      const admission = current ? decide(current.deployment) : undefined;
      if (!current || !admission?.ok) return undefined;
      const queued: Operation = queuedOperation(operation, now);
      const written = await this.db.commit([deploymentWrite(current, { deployment: admission.deployment, queued: [...current.queued, operation.id] }), ...newOperationWrites(queued)]);
      return written ? queued : RETRY;
    });
  }
}
