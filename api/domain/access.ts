/**
 * Who may do what. A team owns deployments; API tokens belong to one team and carry a role.
 * The service-wide admin is the bootstrap token from SLIPSTREAM_BOOTSTRAP_TOKEN (never
 * stored); it manages teams and acts in any team it names.
 */
export const ROLES = ["viewer", "deployer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Team {
  name: string;
  createdAt: string;
  /** Token id of the service admin that created it. */
  createdBy: string;
}

/** A stored API token: the secret itself is shown once at creation and kept only as its hash. */
export interface ApiToken {
  /** From `newId()`; shown in lists and audit entries, never a credential. */
  id: string;
  team: string;
  name: string;
  role: Role;
  /** SHA-256 (hex) of the secret. Tokens are 256 random bits, so a fast hash is enough (no password stretching). */
  hash: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Who asked: carried by operations, audit entries and logs. Never holds a secret. */
export interface Actor {
  /** Token id, or "bootstrap" for the service admin, or "anonymous" when access control is off. */
  tokenId: string;
  tokenName: string;
  /** The token's team; null for the service admin and for an open (loopback) service. */
  team: string | null;
  role: Role | "service-admin";
}

/** One mutating request, allowed or refused. */
export interface AuditEntry {
  /** From `newId()`: entries sort by time. */
  id: string;
  time: string;
  actor: Actor | null;
  method: string;
  /** The matched route pattern, e.g. `/v1/deployments/:name`. */
  route: string;
  path: string;
  /** The team the request acted in (the deployment's, or the token's). */
  team: string | null;
  deployment: string | null;
  operation: string | null;
  status: number;
  outcome: "succeeded" | "refused" | "failed";
  requestId: string;
}
