import type { Actor } from "../domain/access";

/**
 * What records written before teams existed read as, in both backends: a deployment of that
 * time belongs to team `default`, and an operation of that time was requested by the open
 * (loopback, no tokens) service — the anonymous actor with the service admin's reach, which is
 * what every caller had then. SQLite writes these into the rows when it migrates (schema.ts);
 * DynamoDB reads a missing attribute as them and backfills the team once (upgrade.ts).
 */
export const LEGACY_TEAM = "default";

export const LEGACY_ACTOR: Actor = Object.freeze({ tokenId: "anonymous", tokenName: "anonymous", team: null, role: "service-admin" });

/** Who created the `default` team that a store upgraded from before teams gets for its deployments. */
export const LEGACY_TEAM_CREATOR = "anonymous";

/**
 * The blueprint version of a deployment or operation written before versions were recorded:
 * every blueprint's first. Its request was then raw (defaults left out); a store upgraded to
 * versions reads it as it is, and the service resolves it at the first version the next time
 * it plans it — the defaults of that version are the ones the stack was made with.
 */
export const FIRST_BLUEPRINT_VERSION = "1.0.0";
