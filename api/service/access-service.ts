import type { Actor, ApiToken, AuditEntry, Role, Team } from "../domain/access";
import { NotFoundError, UnauthenticatedError, ValidationError } from "../domain/errors";
import { demand, OPEN_ACTOR, reaches, SERVICE_ADMIN } from "../domain/permissions";
import { newId } from "../store/ids";
import type { Store } from "../store/store";
import { domainError } from "./deployment-service";
import { BootstrapToken, hashSecret, newTokenSecret, TOKEN_PATTERN } from "./token-secrets";

export interface AccessOptions {
  /**
   * SLIPSTREAM_BOOTSTRAP_TOKEN. Given, access control is on: every request but health and
   * docs needs a token. Absent, the service is open (loopback only, checked at startup) and
   * every caller is the anonymous service admin.
   */
  bootstrapToken?: string;
  /** Milliseconds since the epoch; tests move it to expire tokens. */
  clock?: () => number;
}

export interface NewToken {
  name: string;
  role: Role;
  expiresAt?: string;
}

/** A token as created: the only time its secret exists outside the caller's hands. */
export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

/**
 * Who is calling, and what teams and tokens exist. Authentication turns an
 * `Authorization: Bearer` header into an `Actor`; every other method takes the actor and
 * confines it to its team: a team token addressing another team finds nothing there
 * (404), exactly as if the team did not exist.
 */
export class AccessService {
  readonly enforced: boolean;
  private readonly bootstrap: BootstrapToken | undefined;
  private readonly clock: () => number;

  constructor(
    private readonly store: Store,
    options: AccessOptions = {},
  ) {
    this.bootstrap = options.bootstrapToken === undefined ? undefined : new BootstrapToken(options.bootstrapToken);
    this.enforced = this.bootstrap !== undefined;
    this.clock = options.clock ?? Date.now;
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  /**
   * The caller a request's `Authorization` header names. Open service: always the
   * anonymous service admin, whatever the header says. Otherwise the bootstrap token, or a
   * stored token that is neither expired (`expiresAt` ≤ now) nor revoked; anything else is
   * an `UnauthenticatedError`, one message for every reason.
   */
  async authenticate(authorization: string | undefined): Promise<Actor> {
    if (!this.bootstrap) return OPEN_ACTOR;
    if (authorization === undefined || authorization.trim() === "") throw new UnauthenticatedError("missing");
    const match = /^Bearer +(\S{1,512}) *$/i.exec(authorization);
    if (!match) throw new UnauthenticatedError("malformed");
    const presented = match[1]!;
    if (this.bootstrap.matches(presented)) return SERVICE_ADMIN;
    // Not of the shape this service issues: no store read for it.
    if (!TOKEN_PATTERN.test(presented)) throw new UnauthenticatedError("unknown");
    const token = await this.store.tokens.findByHash(hashSecret(presented));
    if (!token) throw new UnauthenticatedError("unknown");
    const actor = actorOf(token);
    if (token.revokedAt !== null) throw new UnauthenticatedError("revoked", actor);
    if (token.expiresAt !== null && Date.parse(token.expiresAt) <= this.clock()) throw new UnauthenticatedError("expired", actor);
    return actor;
  }

  async createTeam(actor: Actor, name: string): Promise<Team> {
    demand(actor, "manage-teams");
    const team: Team = { name, createdAt: this.now(), createdBy: actor.tokenId };
    await this.store.teams.create(team).catch((err: unknown) => domainError(err, `team "${name}"`));
    return team;
  }

  /** The teams the actor sees: every one for the service admin, its own for a team token. */
  async listTeams(actor: Actor, after: string | undefined, limit: number): Promise<Team[]> {
    if (actor.role === "service-admin") return this.store.teams.list(after, limit);
    const own = await this.store.teams.get(actor.team!);
    return own && (after === undefined || own.name > after) && limit > 0 ? [own] : [];
  }

  async createToken(actor: Actor, team: string, input: NewToken): Promise<CreatedToken> {
    demand(actor, "manage-tokens");
    await this.team(actor, team);
    const now = this.clock();
    if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= now) {
      throw new ValidationError("the token would be expired already", [{ field: "expiresAt", message: "a time in the future" }]);
    }
    const secret = newTokenSecret();
    const token: ApiToken = {
      id: newId(),
      team,
      name: input.name,
      role: input.role,
      hash: hashSecret(secret),
      createdAt: new Date(now).toISOString(),
      createdBy: actor.tokenId,
      expiresAt: input.expiresAt === undefined ? null : new Date(input.expiresAt).toISOString(),
      revokedAt: null,
    };
    await this.store.tokens.create(token).catch((err: unknown) => domainError(err, `team "${team}"`));
    return { token, secret };
  }

  async listTokens(actor: Actor, team: string): Promise<ApiToken[]> {
    demand(actor, "manage-tokens");
    await this.team(actor, team);
    return this.store.tokens.list(team);
  }

  /** Revokes a token of the team; revoking one already revoked keeps its first time. */
  async revokeToken(actor: Actor, team: string, id: string): Promise<ApiToken> {
    demand(actor, "manage-tokens");
    await this.team(actor, team);
    return this.store.tokens.revoke(team, id, this.now()).catch((err: unknown) => domainError(err, `token "${id}"`));
  }

  /**
   * Audit entries, newest first: every team's for the service admin (or the one it names),
   * the admin's own team's otherwise — naming another team then finds nothing.
   */
  async listAudit(actor: Actor, query: { team?: string; before?: string; limit: number }): Promise<AuditEntry[]> {
    demand(actor, "read-audit");
    if (actor.role === "service-admin") return this.store.audit.list(query);
    if (query.team !== undefined && query.team !== actor.team) return [];
    return this.store.audit.list({ ...query, team: actor.team! });
  }

  record(entry: AuditEntry): Promise<void> {
    return this.store.audit.append(entry);
  }

  /** The team, if the actor reaches it: another team's is "not found", as a missing one is. */
  private async team(actor: Actor, name: string): Promise<Team> {
    const team = reaches(actor, name) ? await this.store.teams.get(name) : undefined;
    if (!team) throw new NotFoundError(`team "${name}" not found`);
    return team;
  }
}

/** Who a stored token speaks for: its id and name, never its hash. */
export function actorOf(token: ApiToken): Actor {
  return { tokenId: token.id, tokenName: token.name, team: token.team, role: token.role };
}
