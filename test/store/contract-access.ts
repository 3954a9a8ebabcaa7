import { describe, expect, expectTypeOf, it } from "vitest";
import type { Actor, ApiToken, AuditEntry, Team } from "../../api/domain/access";
import type { DeploymentRequest } from "../../api/domain/model";
import { newId } from "../../api/store/ids";
import { StoreConflictError, type Lease, type Store } from "../../api/store/store";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const conflict = (reason: StoreConflictError["reason"]) => expect.objectContaining({ name: "StoreConflictError", reason });
const request = (environment: string, owner = "o"): DeploymentRequest => ({ params: { v: 1 }, tags: { owner, "cost-center": "c", environment } });

export const team = (name: string, second = 0): Team => ({ name, createdAt: at(second), createdBy: "bootstrap" });

/** A stored token: the hash stands for a secret the store never sees. */
export const apiToken = (teamName: string, overrides: Partial<ApiToken> = {}): ApiToken => ({
  id: newId(),
  team: teamName,
  name: "ci",
  role: "deployer",
  hash: `${newId().replace(/-/g, "")}${newId().replace(/-/g, "")}`,
  createdAt: at(1),
  createdBy: "bootstrap",
  expiresAt: null,
  revokedAt: null,
  ...overrides,
});

const actor = (teamName: string | null, role: Actor["role"] = "deployer"): Actor => ({ tokenId: newId(), tokenName: `${teamName ?? "service"}-${role}`, team: teamName, role });

const auditEntry = (teamName: string | null, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: newId(),
  time: at(2),
  actor: actor(teamName),
  method: "POST",
  route: "/v1/deployments/:name/operations",
  path: "/v1/deployments/x/operations",
  team: teamName,
  deployment: "x",
  operation: newId(),
  status: 202,
  outcome: "succeeded",
  requestId: newId(),
  ...overrides,
});

/**
 * The access-control part of the store contract: teams, tokens (by hash only), the audit log,
 * deployments by team and operations by who requested them. Called from storeContract, inside
 * its describe, so it runs against every backend with the same fresh store per test.
 */
export function accessContract(current: () => Store): void {
  const store = () => current();
  const lease: Lease = { owner: "w1", expiresAt: at(60) };

  describe("teams", () => {
    it("creates a team once, reads it back, and refuses a taken name", async () => {
      await store().teams.create(team("platform"));
      expect(await store().teams.get("platform")).toEqual(team("platform"));
      await expect(store().teams.create(team("platform", 5))).rejects.toEqual(conflict("exists"));
      expect(await store().teams.get("platform")).toEqual(team("platform"));
      expect(await store().teams.get("missing")).toBeUndefined();
    });

    it("lists teams by name with a name cursor", async () => {
      for (const name of ["data", "app", "platform", "ml"]) await store().teams.create(team(name));
      const names = async (after: string | undefined, limit: number) => (await store().teams.list(after, limit)).map((t) => t.name);
      expect(await names(undefined, 10)).toEqual(["app", "data", "ml", "platform"]);
      expect(await names(undefined, 2)).toEqual(["app", "data"]);
      expect(await names("data", 2)).toEqual(["ml", "platform"]);
      expect(await names("platform", 2)).toEqual([]);
      expect(await store().teams.list(undefined, 10)).toEqual(["app", "data", "ml", "platform"].map((n) => team(n)));
    });
  });

  describe("API tokens", () => {
    it("keeps no secret: a token is its hash and metadata, and a store method takes or gives nothing else", () => {
      expectTypeOf<keyof ApiToken>().toEqualTypeOf<"id" | "team" | "name" | "role" | "hash" | "createdAt" | "createdBy" | "expiresAt" | "revokedAt">();
      expectTypeOf<Store["tokens"]["create"]>().parameters.toEqualTypeOf<[ApiToken]>();
      expectTypeOf<Store["tokens"]["findByHash"]>().parameters.toEqualTypeOf<[hash: string]>();
    });

    it("creates a token only in an existing team, and finds it by the hash of its secret", async () => {
      const orphan = apiToken("nobody");
      await expect(store().tokens.create(orphan)).rejects.toEqual(conflict("not-found"));
      expect(await store().tokens.findByHash(orphan.hash)).toBeUndefined();
      await store().teams.create(team("platform"));
      const token = apiToken("platform", { role: "admin", expiresAt: at(3600) });
      await store().tokens.create(token);
      const found = await store().tokens.findByHash(token.hash);
      expect(found).toEqual(token);
      // Exactly the token's fields: nothing a backend adds (a secret, its keys) comes back.
      expect(Object.keys(found!).sort()).toEqual(Object.keys(token).sort());
      expect(await store().tokens.findByHash("0".repeat(64))).toBeUndefined();
    });

    it("refuses a token whose id or hash is taken", async () => {
      await store().teams.create(team("platform"));
      const token = apiToken("platform");
      await store().tokens.create(token);
      await expect(store().tokens.create(apiToken("platform", { id: token.id }))).rejects.toEqual(conflict("exists"));
      await expect(store().tokens.create(apiToken("platform", { hash: token.hash, name: "other" }))).rejects.toEqual(conflict("exists"));
      expect(await store().tokens.list("platform")).toEqual([token]);
      expect(await store().tokens.findByHash(token.hash)).toEqual(token);
    });

    it("lists a team's tokens by id, revoked and expired ones included, and no other team's", async () => {
      await store().teams.create(team("platform"));
      await store().teams.create(team("data"));
      const tokens = [apiToken("platform", { name: "a" }), apiToken("platform", { name: "b", expiresAt: at(0) }), apiToken("platform", { name: "c", role: "viewer" })];
      for (const token of [...tokens].reverse()) await store().tokens.create(token);
      await store().tokens.create(apiToken("data"));
      await store().tokens.revoke("platform", tokens[2]!.id, at(9));
      expect(await store().tokens.list("platform")).toEqual([tokens[0], tokens[1], { ...tokens[2], revokedAt: at(9) }]);
      expect(await store().tokens.list("data")).toHaveLength(1);
      expect(await store().tokens.list("missing")).toEqual([]);
    });

    it("revokes a token idempotently: the first revocation's time stays, and a lookup by hash sees it at once", async () => {
      await store().teams.create(team("platform"));
      const token = apiToken("platform");
      await store().tokens.create(token);
      expect(await store().tokens.revoke("platform", token.id, at(10))).toEqual({ ...token, revokedAt: at(10) });
      expect(await store().tokens.findByHash(token.hash)).toEqual({ ...token, revokedAt: at(10) });
      expect(await store().tokens.revoke("platform", token.id, at(20))).toEqual({ ...token, revokedAt: at(10) });
      expect(await store().tokens.findByHash(token.hash)).toMatchObject({ revokedAt: at(10) });
      const racing = await Promise.all([at(30), at(31), at(32)].map((now) => store().tokens.revoke("platform", token.id, now)));
      expect(racing.map((t) => t.revokedAt)).toEqual([at(10), at(10), at(10)]);
    });

    it("revokes only a token of the team named", async () => {
      await store().teams.create(team("platform"));
      await store().teams.create(team("data"));
      const token = apiToken("platform");
      await store().tokens.create(token);
      await expect(store().tokens.revoke("data", token.id, at(10))).rejects.toEqual(conflict("not-found"));
      await expect(store().tokens.revoke("platform", newId(), at(10))).rejects.toEqual(conflict("not-found"));
      expect(await store().tokens.findByHash(token.hash)).toMatchObject({ revokedAt: null });
    });

    it("gives two racing first revocations one time, the same by id and by hash", async () => {
      await store().teams.create(team("platform"));
      const token = apiToken("platform");
      await store().tokens.create(token);
      const [a, b] = await Promise.all([store().tokens.revoke("platform", token.id, at(10)), store().tokens.revoke("platform", token.id, at(11))]);
      expect(a!.revokedAt).toBe(b!.revokedAt);
      expect((await store().tokens.findByHash(token.hash))?.revokedAt).toBe(a!.revokedAt);
      expect((await store().tokens.list("platform"))[0]?.revokedAt).toBe(a!.revokedAt);
    });
  });

  describe("the audit log", () => {
    it("lists every team's entries newest first, with an id cursor", async () => {
      const entries: AuditEntry[] = [];
      // More entries than a page, spread over teams and none (the service admin, refused requests).
      for (let i = 0; i < 23; i++) {
        const entry = auditEntry(i % 3 === 0 ? null : i % 3 === 1 ? "platform" : "data", { status: 200 + i });
        entries.push(entry);
        await store().audit.append(entry);
      }
      const newest = [...entries].reverse();
      expect(await store().audit.list({ limit: 5 })).toEqual(newest.slice(0, 5));
      const pages: AuditEntry[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await store().audit.list({ limit: 7, ...(before !== undefined ? { before } : {}) });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(7);
        pages.push(...page);
        before = page[page.length - 1]!.id;
      }
      expect(pages).toEqual(newest);
      expect(await store().audit.list({ limit: 100, before: entries[0]!.id })).toEqual([]);
    });

    it("lists one team's entries newest first, with an id cursor", async () => {
      const platform: AuditEntry[] = [];
      for (let i = 0; i < 12; i++) {
        const entry = auditEntry(i % 2 === 0 ? "platform" : "data");
        if (entry.team === "platform") platform.push(entry);
        await store().audit.append(entry);
      }
      const newest = [...platform].reverse();
      expect(await store().audit.list({ team: "platform", limit: 100 })).toEqual(newest);
      expect(await store().audit.list({ team: "platform", limit: 2 })).toEqual(newest.slice(0, 2));
      expect(await store().audit.list({ team: "platform", limit: 3, before: newest[1]!.id })).toEqual(newest.slice(2, 5));
      expect(await store().audit.list({ team: "nobody", limit: 10 })).toEqual([]);
    });

    it("keeps every field of an entry, a refused one without an actor included", async () => {
      const refused = auditEntry(null, { actor: null, status: 401, outcome: "refused", deployment: null, operation: null, route: "/v1/teams", path: "/v1/teams" });
      const failed = auditEntry("platform", { status: 500, outcome: "failed", actor: actor("platform", "admin") });
      await store().audit.append(refused);
      await store().audit.append(failed);
      expect(await store().audit.list({ limit: 10 })).toEqual([failed, refused]);
      expect(await store().audit.list({ team: "platform", limit: 10 })).toEqual([failed]);
      await expect(store().audit.append(refused)).rejects.toEqual(conflict("exists"));
    });
  });

  describe("deployments by team, operations by who requested them", () => {
    const create = async (name: string, teamName: string, req = request("dev"), by = actor(teamName)) => {
      const id = newId();
      await store().deployments.create(
        { name, team: teamName, blueprint: "dynamodb-search", region: "us-east-1", request: req, blueprintVersion: "1.0.0", appliedOperation: null, status: "pending", outputs: {}, needsRecovery: false, runningOperation: null, statusBeforeDestroy: null, lastError: null, drift: null, driftScheduleFrom: at(1), expiry: null, createdAt: at(1), updatedAt: at(1) },
        { id, deployment: name, kind: "create", request: req, requestedBy: by },
      );
      return id;
    };

    it("keeps a deployment's team and lists one team's deployments by name, with the other filters and a cursor", async () => {
      await create("b", "platform");
      await create("a", "data", request("prod"));
      await create("c", "platform", request("prod", "ana"));
      await create("d", "data");
      await create("e", "platform");
      expect(await store().deployments.get("c")).toMatchObject({ name: "c", team: "platform" });
      const names = async (filter: Parameters<Store["deployments"]["list"]>[0]) => (await store().deployments.list(filter)).map((d) => d.name);
      expect(await names({ limit: 10 })).toEqual(["a", "b", "c", "d", "e"]);
      expect(await names({ team: "platform", limit: 10 })).toEqual(["b", "c", "e"]);
      expect(await names({ team: "platform", limit: 2 })).toEqual(["b", "c"]);
      expect(await names({ team: "platform", limit: 2, after: "c" })).toEqual(["e"]);
      expect(await names({ team: "data", limit: 10 })).toEqual(["a", "d"]);
      expect(await names({ team: "platform", environment: "prod", limit: 10 })).toEqual(["c"]);
      expect(await names({ team: "data", environment: "prod", limit: 10 })).toEqual(["a"]);
      expect(await names({ team: "platform", owner: "ana", limit: 10 })).toEqual(["c"]);
      expect(await names({ team: "data", owner: "ana", limit: 10 })).toEqual([]);
      expect(await names({ team: "platform", status: "pending", blueprint: "dynamodb-search", limit: 1, after: "b" })).toEqual(["c"]);
      expect(await names({ team: "nobody", limit: 10 })).toEqual([]);
    });

    it("moves a destroyed deployment's name to the team that creates it next", async () => {
      const c1 = await create("a", "platform");
      await store().operations.claimNext(lease, at(2), []);
      await store().operations.finish(c1, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, at(3));
      const d1 = newId();
      await store().operations.enqueue({ id: d1, deployment: "a", kind: "destroy", request: request("dev"), requestedBy: actor("platform") }, at(4));
      await store().operations.claimNext(lease, at(5), []);
      await store().operations.finish(d1, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, at(6));
      expect(await store().deployments.list({ team: "platform", limit: 10 })).toEqual([]);
      await create("a", "data");
      expect(await store().deployments.get("a")).toMatchObject({ team: "data", status: "pending" });
      expect((await store().deployments.list({ team: "data", limit: 10 })).map((d) => d.name)).toEqual(["a"]);
      expect(await store().deployments.list({ team: "platform", limit: 10 })).toEqual([]);
    });

    it("keeps who requested each operation through queuing, claiming, listing, cancelling and finishing", async () => {
      const creator = actor("platform", "deployer");
      const admin: Actor = { tokenId: "bootstrap", tokenName: "bootstrap", team: null, role: "service-admin" };
      const c1 = await create("a", "platform", request("dev"), creator);
      expect((await store().operations.get(c1))?.requestedBy).toEqual(creator);
      const p1 = newId();
      const queued = await store().operations.enqueue({ id: p1, deployment: "a", kind: "preview", request: request("dev"), requestedBy: admin }, at(2));
      expect(queued.requestedBy).toEqual(admin);
      const claimed = await store().operations.claimNext(lease, at(3), []);
      expect(claimed).toMatchObject({ id: c1, requestedBy: creator });
      await store().operations.finish(c1, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: {} } }, at(4));
      expect((await store().operations.get(c1))?.requestedBy).toEqual(creator);
      expect((await store().operations.claimNext(lease, at(5), []))?.requestedBy).toEqual(admin);
      expect((await store().operations.requestCancel(p1, at(6))).requestedBy).toEqual(admin);
      expect((await store().operations.listByDeployment("a", 10)).map((o) => o.requestedBy)).toEqual([admin, creator]);
      const r1 = newId();
      await store().operations.enqueue({ id: r1, deployment: "a", kind: "refresh", request: request("dev"), requestedBy: creator }, at(7));
      expect((await store().operations.requestCancel(r1, at(8))).requestedBy).toEqual(creator);
      const recovered = await store().operations.recoverExpired(at(100), { title: "Interrupted", detail: "gone" });
      expect(recovered).toEqual([expect.objectContaining({ id: p1, requestedBy: admin })]);
    });
  });
}
