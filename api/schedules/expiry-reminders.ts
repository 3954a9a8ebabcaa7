import type { Logger } from "pino";
import type { Store } from "../store/store";
import { actOnEach, type PassResult } from "./due-pass";

/**
 * Records the expiry reminders that are due: `leadMs` before a deployment's expiry, once. The
 * store marks the reminder on the deployment in a conditional write (shown as
 * `expiry.reminder`), so of several instances exactly one records it and logs it.
 */
export async function recordDueReminders(store: Store, options: { now: number; leadMs: number; batch: number; log: Logger }): Promise<PassResult> {
  const now = new Date(options.now).toISOString();
  const remindBefore = new Date(options.now + options.leadMs).toISOString();
  const due = await store.schedules.remindersDue(remindBefore, options.batch);
  return actOnEach(
    due,
    async (name) => {
      const reminded = await store.schedules.remind(name, remindBefore, now);
      if (reminded) options.log.warn({ deployment: name, team: reminded.team, expiresAt: reminded.expiry?.at }, `deployment "${name}" expires at ${reminded.expiry?.at}: it will be destroyed then unless its expiry is changed (PUT /v1/deployments/${name}/expiry)`);
      return reminded !== undefined;
    },
    options.log,
    "recording an expiry reminder",
  );
}
