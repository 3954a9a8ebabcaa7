import type { ApiToken, AuditEntry, Team } from "../../domain/access";
import type { AuditFilter, AuditStore, TeamStore, TokenStore } from "../store";
import { conflict, immediate, type Db } from "./rows";

/**
 * Teams, API tokens and the audit log on SQLite. A token row holds the SHA-256 of its secret,
 * never the secret (the caller hashes it; nothing here sees it); `hash` is UNIQUE, so a lookup
 * by hash is one index probe. Audit entries are append-only rows keyed by their sortable id,
 * with the team in a column of its own for the per-team list.
 */

interface TeamRow {
  name: string;
  created_at: string;
  created_by: string;
}

interface TokenRow {
  id: string;
  team: string;
  name: string;
  role: ApiToken["role"];
  hash: string;
  created_at: string;
  created_by: string;
  expires_at: string | null;
  revoked_at: string | null;
}

const toTeam = (r: TeamRow): Team => ({ name: r.name, createdAt: r.created_at, createdBy: r.created_by });

const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  team: r.team,
  name: r.name,
  role: r.role,
  hash: r.hash,
  createdAt: r.created_at,
  createdBy: r.created_by,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export class SqliteTeams implements TeamStore {
  constructor(private readonly db: Db) {}

  async create(team: Team): Promise<void> {
    const inserted = this.db.prepare(`INSERT INTO teams (name, created_at, created_by) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`).run(team.name, team.createdAt, team.createdBy);
    if (inserted.changes !== 1) throw conflict(`team "${team.name}" already exists`, "exists")();
  }

  async get(name: string): Promise<Team | undefined> {
    const row = this.db.prepare(`SELECT * FROM teams WHERE name = ?`).get(name) as TeamRow | undefined;
    return row ? toTeam(row) : undefined;
  }

  async list(after: string | undefined, limit: number): Promise<Team[]> {
    const rows = after !== undefined ? this.db.prepare(`SELECT * FROM teams WHERE name > ? ORDER BY name LIMIT ?`).all(after, limit) : this.db.prepare(`SELECT * FROM teams ORDER BY name LIMIT ?`).all(limit);
    return (rows as TeamRow[]).map(toTeam);
  }
}

export class SqliteTokens implements TokenStore {
  constructor(private readonly db: Db) {}

  async create(token: ApiToken): Promise<void> {
    immediate(this.db, () => {
      if (!this.db.prepare(`SELECT 1 FROM teams WHERE name = ?`).get(token.team)) throw conflict(`team "${token.team}" not found`, "not-found")();
      const inserted = this.db
        .prepare(
          `INSERT INTO api_tokens (id, team, name, role, hash, created_at, created_by, expires_at, revoked_at)
           VALUES (:id, :team, :name, :role, :hash, :createdAt, :createdBy, :expiresAt, :revokedAt) ON CONFLICT DO NOTHING`,
        )
        .run(token);
      if (inserted.changes !== 1) throw conflict(`a token with id ${token.id} or the same secret already exists`, "exists")();
    });
  }

  async findByHash(hash: string): Promise<ApiToken | undefined> {
    const row = this.db.prepare(`SELECT * FROM api_tokens WHERE hash = ?`).get(hash) as TokenRow | undefined;
    return row ? toToken(row) : undefined;
  }

  async list(team: string): Promise<ApiToken[]> {
    return (this.db.prepare(`SELECT * FROM api_tokens WHERE team = ? ORDER BY id`).all(team) as TokenRow[]).map(toToken);
  }

  async revoke(team: string, id: string, now: string): Promise<ApiToken> {
    return immediate(this.db, () => {
      // Only a token not yet revoked takes the time: a second revocation keeps the first.
      this.db.prepare(`UPDATE api_tokens SET revoked_at = ? WHERE team = ? AND id = ? AND revoked_at IS NULL`).run(now, team, id);
      const row = this.db.prepare(`SELECT * FROM api_tokens WHERE team = ? AND id = ?`).get(team, id) as TokenRow | undefined;
      if (!row) throw conflict(`team "${team}" has no token ${id}`, "not-found")();
      return toToken(row);
    });
  }
}

export class SqliteAudit implements AuditStore {
  constructor(private readonly db: Db) {}

  async append(entry: AuditEntry): Promise<void> {
    const inserted = this.db.prepare(`INSERT INTO audit_entries (id, team, entry) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`).run(entry.id, entry.team, JSON.stringify(entry));
    if (inserted.changes !== 1) throw conflict(`audit entry ${entry.id} already exists`, "exists")();
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.team !== undefined) {
      where.push("team = ?");
      args.push(filter.team);
    }
    if (filter.before !== undefined) {
      where.push("id < ?");
      args.push(filter.before);
    }
    const sql = `SELECT entry FROM audit_entries ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as { entry: string }[]).map((r) => JSON.parse(r.entry) as AuditEntry);
  }
}
