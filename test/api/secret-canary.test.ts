import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../api/config/logger";
import { loadSettings } from "../../api/config/settings";
import { startService, type RunningService } from "../../api/server";
import { hashSecret } from "../../api/service/token-secrets";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import { waitFor } from "../support/wait-for";
import { ScriptedEngine } from "./support/scripted-engine";

const BOOTSTRAP = "canary-bootstrap-" + "c".repeat(40);
const TAGS = { owner: "o", "cost-center": "c", environment: "dev" };

/**
 * Canaries: the bootstrap token and two API tokens go through everything a token touches —
 * creation, use, an Idempotency-Key retry of the creation, operations and their events, token
 * lists, the audit, revocation, refused requests with the token sent wrongly — on the real
 * service (SQLite, HTTP, pino at trace level). Then none of the secrets, nor a token's hash,
 * may appear in a log line, an event or a response after the one that created it; and no
 * secret may appear in any byte of the store's files (the hash is what the store keeps).
 */
describe("token canaries", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-canary-"));
  const logs: string[] = [];
  const responses: string[] = [];
  const operations: string[] = [];
  let service: RunningService;
  let admin: string;
  let deployer: string;
  let storeBytes: Buffer[] = [];

  async function call(token: string | undefined, method: string, route: string, body?: unknown, headers: Record<string, string> = {}, keep = true) {
    const res = await fetch(service.url + route, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const head = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
    if (keep) responses.push(`${method} ${route} → ${res.status}\n${head}\n${text}`);
    return { status: res.status, text, json: () => JSON.parse(text) };
  }

  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));

  beforeAll(async () => {
    const settings = loadSettings({ PORT: "0", SLIPSTREAM_DATA_DIR: dataDir, SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP, SLIPSTREAM_POLL_MS: "50", LOG_LEVEL: "trace" });
    const log = createLogger("trace", { write: (line: string) => void logs.push(line) });
    service = await startService(settings, { engine: new ScriptedEngine(), log });

    expect((await call(BOOTSTRAP, "POST", "/v1/teams", { name: "canary" })).status).toBe(201);
    // The creation responses are the one place a secret may be: they are not kept.
    const adminRes = await call(BOOTSTRAP, "POST", "/v1/teams/canary/tokens", { name: "canary-admin", role: "admin" }, {}, false);
    admin = adminRes.json().token;
    const key = { "idempotency-key": "canary-deployer" };
    const deployerRes = await call(admin, "POST", "/v1/teams/canary/tokens", { name: "canary-deployer", role: "deployer", expiresAt: "2099-01-01T00:00:00Z" }, key, false);
    deployer = deployerRes.json().token;
    expect((await call(admin, "POST", "/v1/teams/canary/tokens", { name: "canary-deployer", role: "deployer", expiresAt: "2099-01-01T00:00:00Z" }, key)).status).toBe(409);

    const created = await call(deployer, "POST", "/v1/deployments", { name: "canary-app", blueprint: "dynamodb-search", params: {}, tags: TAGS }, { "idempotency-key": "canary-create" });
    expect(created.status).toBe(202);
    operations.push(created.json().operation.id);
    await call(deployer, "POST", "/v1/deployments", { name: "canary-app", blueprint: "dynamodb-search", params: {}, tags: TAGS }, { "idempotency-key": "canary-create" });
    await waitFor("the create to finish", async () => (await call(deployer, "GET", `/v1/operations/${operations[0]}`, undefined, {}, false)).json().status === "succeeded");
    for (const kind of ["preview", "refresh"]) operations.push((await call(deployer, "POST", `/v1/deployments/canary-app/${kind}`)).json().operation.id);
    operations.push((await call(deployer, "PATCH", "/v1/deployments/canary-app", { params: {} })).json().operation.id);
    await waitFor("the operations to finish", async () => (await call(deployer, "GET", "/v1/deployments/canary-app/operations", undefined, {}, false)).json().operations.every((o: { status: string }) => o.status === "succeeded"));
    for (const id of operations) {
      await call(deployer, "GET", `/v1/operations/${id}`);
      await call(deployer, "GET", `/v1/operations/${id}/events`);
      await call(deployer, "GET", `/v1/operations/${id}/events/stream`);
    }
    await call(deployer, "GET", "/v1/deployments/canary-app");
    await call(deployer, "GET", "/v1/deployments");
    await call(admin, "GET", "/v1/teams/canary/tokens");
    await call(BOOTSTRAP, "GET", "/v1/teams");
    await call(admin, "GET", "/v1/audit?limit=200");
    await call(BOOTSTRAP, "GET", "/v1/audit?limit=200");
    await call(BOOTSTRAP, "GET", "/openapi.json");

    // Refused: a viewer-level action gone wrong, the token sent the wrong ways, then revoked.
    await call(deployer, "POST", "/v1/teams", { name: "nope" });
    for (const header of [`Token ${deployer}`, `Bearer ${deployer} trailing`, `Bearer ${deployer}x`, `Basic ${Buffer.from(`u:${deployer}`).toString("base64")}`, `Bearer ${BOOTSTRAP.slice(0, -1)}`]) {
      await call(undefined, "DELETE", "/v1/deployments/canary-app", undefined, { authorization: header });
    }
    const id = (await call(admin, "GET", "/v1/teams/canary/tokens")).json().tokens.find((t: { name: string }) => t.name === "canary-deployer").id;
    expect((await call(admin, "DELETE", `/v1/teams/canary/tokens/${id}`)).status).toBe(200);
    expect((await call(deployer, "POST", "/v1/deployments/canary-app/preview")).status).toBe(401);
    await call(admin, "GET", "/v1/audit?limit=200");

    const store = new SqliteStore(path.join(dataDir, "slipstream.db"));
    try {
      for (const op of operations) responses.push(JSON.stringify(await store.events.list(op, 0, 1000)));
    } finally {
      await store.close();
    }
    // The live files (WAL included), then again after a clean stop.
    storeBytes = files(dataDir).map((f) => fs.readFileSync(f));
    await service.stop();
    storeBytes.push(...files(dataDir).map((f) => fs.readFileSync(f)));
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  // Each secret, its body without the prefix, and the encodings it could be written in.
  const secrets = () => [BOOTSTRAP, admin, deployer].flatMap((s) => [s, s.slice(4, 40), Buffer.from(s).toString("base64"), Buffer.from(s).toString("hex")]);

  it("had something to look at", () => {
    expect(admin).toMatch(/^sst_/);
    expect(deployer).toMatch(/^sst_/);
    expect(logs.length).toBeGreaterThan(50);
    expect(logs.some((l) => l.includes('"msg":"audit"'))).toBe(true);
    expect(logs.some((l) => l.includes("canary-deployer"))).toBe(true);
    expect(responses.length).toBeGreaterThan(30);
    expect(storeBytes.some((b) => b.includes(hashSecret(deployer)))).toBe(true);
  });

  it("never logs a secret or a token's hash", () => {
    const text = logs.join("");
    for (const secret of [...secrets(), hashSecret(admin), hashSecret(deployer), hashSecret(BOOTSTRAP)]) expect(text.includes(secret), secret.slice(0, 8)).toBe(false);
  });

  it("never answers with a secret or a token's hash after the response that created it (events included)", () => {
    const text = responses.join("\n");
    for (const secret of [...secrets(), hashSecret(admin), hashSecret(deployer), hashSecret(BOOTSTRAP)]) expect(text.includes(secret), secret.slice(0, 8)).toBe(false);
  });

  it("never writes a secret into the store's files", () => {
    for (const bytes of storeBytes) for (const secret of secrets()) expect(bytes.includes(secret), secret.slice(0, 8)).toBe(false);
    expect(storeBytes.some((b) => b.includes(hashSecret(admin)))).toBe(true);
  });

  it("redacts what a careless log call would put there", () => {
    const lines: string[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(line) });
    log.info({ headers: { authorization: `Bearer ${admin}` }, token: admin, created: { token: admin, hash: hashSecret(admin) }, SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP }, "careless");
    log.info({ req: { headers: { authorization: `Bearer ${admin}` } } }, "careless request");
    const text = lines.join("");
    expect(text).toContain("[redacted]");
    for (const secret of [admin, BOOTSTRAP, hashSecret(admin)]) expect(text).not.toContain(secret);
  });
});
