import type { ApiToken, AuditEntry, Team } from "../../domain/access";
import type { AuditFilter, AuditStore, TeamStore, TokenStore } from "../store";
import { RETRY, conflict, withRetries } from "./conflicts";
import { Expr, type Db } from "./db";
import { auditItem, auditRecord, checkItemSize, teamItem, teamRecord, tokenItems, tokenRecord, type Item } from "./items";
import { AUDIT_SHARDS, PK, SK, TEAMS, TEAM_PREFIX, TOKEN_PREFIX, attr, auditPartition, index, keys } from "./table";

/** Every page of a partition, strongly consistent, until `limit` items (or the end). */
async function queryAll(db: Db, build: (x: Expr) => string, limit = Number.POSITIVE_INFINITY, forward = true): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const x = new Expr();
    const KeyConditionExpression = build(x);
    const page = await db.query({
      KeyConditionExpression,
      ...x.params(),
      ConsistentRead: true,
      ScanIndexForward: forward,
      ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}),
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    items.push(...page.items);
    start = page.last;
  } while (start && items.length < limit);
  return items;
}

/** Teams, all in the `TEAMS` partition: a team is rarely created, and the list is one strongly consistent Query. */
export class DynamoTeams implements TeamStore {
  constructor(private readonly db: Db) {}

  async create(team: Team): Promise<void> {
    const written = await this.db.commit([{ put: checkItemSize(teamItem(team), `team "${team.name}"`), condition: (x) => x.notExists(PK) }]);
    if (!written) throw conflict(`team "${team.name}" already exists`, "exists");
  }

  async get(name: string): Promise<Team | undefined> {
    const item = await this.db.get(keys.team(name));
    return item ? teamRecord(item) : undefined;
  }

  async list(after: string | undefined, limit: number): Promise<Team[]> {
    if (limit <= 0) return [];
    const items = await queryAll(
      this.db,
      (x) => `${x.eq(PK, TEAMS)} AND ${after !== undefined ? `${x.name(SK)} > ${x.value(`${TEAM_PREFIX}${after}`)}` : `begins_with(${x.name(SK)}, ${x.value(TEAM_PREFIX)})`}`,
      limit,
    );
    return items.map(teamRecord);
  }
}

/**
 * Tokens: two items each, written and revoked together in one transaction — by id in the
 * team's partition (`TEAM#<team>`, lists and revocation read it strongly consistently) and by
 * hash (authentication: one GetItem). No index: nothing about a token is eventually consistent,
 * so a revocation holds from the moment it returns.
 */
export class DynamoTokens implements TokenStore {
  constructor(private readonly db: Db) {}

  async create(token: ApiToken): Promise<void> {
    const { byId, byHash } = tokenItems(token);
    const written = await this.db.commit([
      { check: keys.team(token.team), condition: (x) => x.exists(PK) },
      { put: checkItemSize(byId, `token ${token.id}`), condition: (x) => x.notExists(PK) },
      { put: checkItemSize(byHash, `token ${token.id}`), condition: (x) => x.notExists(PK) },
    ]);
    if (written) return;
    // Teams are never deleted: a team that is missing now was missing then.
    if (!(await this.db.get(keys.team(token.team)))) throw conflict(`team "${token.team}" not found`, "not-found");
    throw conflict(`a token with id ${token.id} or the same secret already exists`, "exists");
  }

  async findByHash(hash: string): Promise<ApiToken | undefined> {
    const item = await this.db.get(keys.tokenByHash(hash));
    return item ? tokenRecord(item) : undefined;
  }

  async list(team: string): Promise<ApiToken[]> {
    const items = await queryAll(this.db, (x) => `${x.eq(PK, `TEAM#${team}`)} AND begins_with(${x.name(SK)}, ${x.value(TOKEN_PREFIX)})`);
    return items.map(tokenRecord);
  }

  async revoke(team: string, id: string, now: string): Promise<ApiToken> {
    return withRetries(`revoking token ${id}`, async () => {
      const item = await this.db.get(keys.token(team, id));
      if (!item) throw conflict(`team "${team}" has no token ${id}`, "not-found");
      const token = tokenRecord(item);
      // Idempotent: a revoked token keeps its first revocation time.
      if (token.revokedAt !== null) return token;
      const unrevoked = (x: Expr) => `${x.exists(PK)} AND ${x.notExists("revokedAt")}`;
      const written = await this.db.commit([
        { update: keys.token(team, id), set: { revokedAt: now }, condition: unrevoked },
        { update: keys.tokenByHash(token.hash), set: { revokedAt: now }, condition: unrevoked },
      ]);
      return written ? { ...token, revokedAt: now } : RETRY;
    });
  }
}

/**
 * The audit log. Each entry is one item in one of AUDIT_SHARDS partitions (table.ts), and in
 * the `audit-by-team` index when it has a team. The list of every team reads each shard's
 * newest entries (a Query each, strongly consistent, `SK < before`) and merges them; a team's
 * list is one Query of its index partition. Either way a page costs what the first does.
 */
export class DynamoAudit implements AuditStore {
  constructor(private readonly db: Db) {}

  async append(entry: AuditEntry): Promise<void> {
    const written = await this.db.commit([{ put: checkItemSize(auditItem(entry), `audit entry ${entry.id}`), condition: (x) => x.notExists(PK) }]);
    if (!written) throw conflict(`audit entry ${entry.id} already exists`, "exists");
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    if (filter.limit <= 0) return [];
    const before = (x: Expr) => (filter.before !== undefined ? ` AND ${x.name(SK)} < ${x.value(filter.before)}` : "");
    if (filter.team !== undefined) {
      const team = filter.team;
      const found: AuditEntry[] = [];
      let start: Item | undefined;
      do {
        const x = new Expr();
        const page = await this.db.query({
          IndexName: index.auditTeam,
          KeyConditionExpression: x.eq(attr.auditTeam, team) + before(x),
          ...x.params(),
          ScanIndexForward: false,
          Limit: filter.limit - found.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        });
        found.push(...page.items.map(auditRecord));
        start = page.last;
      } while (start && found.length < filter.limit);
      return found;
    }
    const shards = await Promise.all(Array.from({ length: AUDIT_SHARDS }, (_, shard) => queryAll(this.db, (x) => x.eq(PK, auditPartition(shard)) + before(x), filter.limit, false)));
    return shards
      .flat()
      .map(auditRecord)
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, filter.limit);
  }
}
