import type { Actor, Role } from "./access";
import { ForbiddenError } from "./errors";

/**
 * What each route needs, by name. Roles are ordered — viewer < deployer < admin — and each
 * holds everything below it; the service admin (the bootstrap token) holds every permission
 * in every team. Which team a request may act in is a second, separate check made where the
 * target is read (the service): a team token sees only its own team, and anything of another
 * team is "not found", exactly as if it did not exist.
 *
 * The role check comes first and never depends on the target, so a 403 says nothing about
 * whether another team's deployment exists: a viewer asking to destroy anything is refused
 * the same way.
 */
export const PERMISSIONS = {
  /** The catalogue, the caller's team's deployments, operations and events, its own team. */
  read: "viewer",
  /**
   * Offline plans. A plan renders a request under the mock runtime: it reads and writes no
   * deployment, reaches no cloud and holds no secret, so it is a read — a viewer may see
   * what a change would create before asking a deployer to make it. It costs a plan-pool
   * slot, which is why it still needs a token.
   */
  plan: "viewer",
  /** Create, update, preview, refresh, destroy, cancel. */
  deploy: "deployer",
  /** Create, list and revoke the team's tokens. */
  "manage-tokens": "admin",
  /**
   * Create, delete and ping the team's webhooks. An admin's: a webhook sends the team's events
   * to a URL of its choosing, much as a token lets someone read them. Viewers read the
   * subscriptions and their delivery logs (`read`).
   */
  "manage-webhooks": "admin",
  /** The team's audit log. */
  "read-audit": "admin",
  /** Create teams; every team's audit. */
  "manage-teams": "service-admin",
  /** Service-wide metrics (`GET /metrics`): figures across every team, for whoever runs the service. */
  "read-metrics": "service-admin",
} as const satisfies Record<string, Role | "service-admin">;

export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role | "service-admin", number> = { viewer: 1, deployer: 2, admin: 3, "service-admin": 4 };

export function allows(actor: Actor, permission: Permission): boolean {
  return RANK[actor.role] >= RANK[PERMISSIONS[permission]];
}

/** Refuses (403) an actor whose role does not hold the permission, whatever the target. */
export function demand(actor: Actor, permission: Permission): void {
  if (allows(actor, permission)) return;
  const needed = PERMISSIONS[permission];
  throw new ForbiddenError(`a ${actor.role} token may not do this: it takes ${needed === "service-admin" ? "the service admin (the bootstrap token)" : `the ${needed} role or above`}`);
}

/** Whether the actor may see (and, role permitting, act on) what belongs to `team`. */
export function reaches(actor: Actor, team: string): boolean {
  return actor.role === "service-admin" || actor.team === team;
}

/**
 * The team of an open service (no SLIPSTREAM_BOOTSTRAP_TOKEN): every deployment created
 * there belongs to it, and a store upgraded from before teams puts its deployments in it.
 */
export const DEFAULT_TEAM = "default";

/**
 * The caller of an open service (loopback only): anonymous, with the service admin's reach —
 * what every caller had before access control existed, so the quick start needs no token.
 */
export const OPEN_ACTOR: Actor = Object.freeze({ tokenId: "anonymous", tokenName: "anonymous", team: null, role: "service-admin" });

/** The bootstrap token's holder. Its secret lives only in the environment; this is who it is. */
export const SERVICE_ADMIN: Actor = Object.freeze({ tokenId: "bootstrap", tokenName: "service admin", team: null, role: "service-admin" });
