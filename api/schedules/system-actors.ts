import type { Actor } from "../domain/access";

/**
 * Who the service's own schedules act as. Operations they queue name these as `requestedBy`,
 * in the history, the logs and the engine's update message, so nobody mistakes a scheduled
 * destroy for a person's. They hold no token: no request can authenticate as them. Each acts
 * in the deployment's own team, as a deployer would.
 */
export const EXPIRY_ACTOR_ID = "expiry";
export const DRIFT_SCHEDULE_ACTOR_ID = "drift-schedule";

export function expiryActor(team: string): Actor {
  return { tokenId: EXPIRY_ACTOR_ID, tokenName: EXPIRY_ACTOR_ID, team, role: "deployer" };
}

export function driftScheduleActor(team: string): Actor {
  return { tokenId: DRIFT_SCHEDULE_ACTOR_ID, tokenName: DRIFT_SCHEDULE_ACTOR_ID, team, role: "deployer" };
}
