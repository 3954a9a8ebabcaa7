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
