import type { Logger } from "pino";
import { newId } from "../store/ids";
import type { Store } from "../store/store";
import { actOnEach, type PassResult } from "./due-pass";
import { expiryActor } from "./system-actors";

/**
 * Queues the destroy of each deployment whose expiry has come, requested by the `expiry`
 * actor of its team. The store admits it as any destroy (the deployment becomes
 * `destroying`) and marks the expiry as acted on in the same write: exactly one instance
 * queues it, and a destroy that fails leaves the deployment `destroy_failed` — listed, with
 * its error — without the expiry queuing another.
 */
export async function queueDueExpiries(store: Store, options: { now: number; batch: number; log: Logger }): Promise<PassResult> {
  const now = new Date(options.now).toISOString();
  const due = await store.schedules.expiriesDue(now, options.batch);
  return actOnEach(
    due,
    async (name) => {
      const deployment = await store.deployments.get(name);
      if (!deployment) return false;
      const operation = await store.schedules.expire({ id: newId(), deployment: name, kind: "destroy", request: deployment.request, requestedBy: expiryActor(deployment.team) }, now);
      if (operation) options.log.warn({ deployment: name, team: deployment.team, operation: operation.id, expiresAt: deployment.expiry?.at }, `deployment "${name}" expired: its destroy is queued`);
      return operation !== undefined;
    },
    options.log,
    "queuing an expiry's destroy",
  );
}
