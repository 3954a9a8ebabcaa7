import type { Logger } from "pino";
import { newId } from "../store/ids";
import type { Store } from "../store/store";
import { actOnEach, type PassResult } from "./due-pass";
import { driftScheduleActor } from "./system-actors";

/**
 * Queues the scheduled drift checks that are due: one per deployment whose drift schedule
 * started at least `intervalMs` ago. The store moves the schedule to now in the same write
 * that queues the check, so of several instances polling at once exactly one queues it. A
 * deployment busy with another operation gets the check behind it in its queue.
 */
export async function queueDueDriftChecks(store: Store, options: { now: number; intervalMs: number; batch: number; log: Logger }): Promise<PassResult> {
  const now = new Date(options.now).toISOString();
  const cutoff = new Date(options.now - options.intervalMs).toISOString();
  const due = await store.schedules.driftChecksDue(cutoff, options.batch);
  return actOnEach(
    due,
    async (name) => {
      const deployment = await store.deployments.get(name);
      if (!deployment) return false;
      const operation = await store.schedules.queueDriftCheck({ id: newId(), deployment: name, kind: "drift-check", request: deployment.request, requestedBy: driftScheduleActor(deployment.team) }, cutoff, now);
      if (operation) options.log.info({ deployment: name, operation: operation.id }, "scheduled drift check queued");
      return operation !== undefined;
    },
    options.log,
    "queuing a scheduled drift check",
  );
}
