import type { Operation } from "./model";
import type { Notification, NotificationKind } from "./notifications";

/**
 * The notification an operation's end writes to the outbox, in the same write as the end
 * itself (finish, recovery, cancel before start); `id` is a new `newId()`. An interrupted operation did not do what it
 * was asked: receivers hear `operation.failed`, with the interruption as its error.
 */
export function operationNotification(id: string, operation: Operation, team: string, time: string): Notification | undefined {
  const kind = KIND_OF_END[operation.status];
  if (kind === undefined) return undefined;
  return {
    id,
    kind,
    team,
    deployment: operation.deployment,
    time,
    data: { operation: { id: operation.id, kind: operation.kind, status: operation.status, error: operation.error, summary: operation.summary } },
  };
}

const KIND_OF_END: Partial<Record<Operation["status"], NotificationKind>> = {
  succeeded: "operation.succeeded",
  failed: "operation.failed",
  interrupted: "operation.failed",
  cancelled: "operation.cancelled",
};
