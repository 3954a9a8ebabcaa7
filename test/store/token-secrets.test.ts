import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../api/domain/access";
import { createDynamoStore } from "../../api/store/dynamodb/dynamo-store";
import { newId } from "../../api/store/ids";
import { SqliteStore } from "../../api/store/sqlite/sqlite-store";
import type { Store } from "../../api/store/store";
import { localDynamoClientConfig, startDynalite, type LocalDynamo } from "../support/dynalite";
import { REQUESTER, deploymentRecord } from "./contract";
import { apiToken, team } from "./contract-access";

/**
 * A token's secret never reaches the store: the store is handed its hash (ApiToken has no
 * field for a secret — test/store/contract-access.ts pins its fields), and what the store
 * writes holds that hash and no trace of the secret. A canary secret is made, hashed as the
 * service hashes it, stored with every other kind of record beside it, and then looked for in
 * what each backend keeps: the SQLite file with its WAL, every DynamoDB item.
 */
const canary = () => `slip_canary_${randomBytes(32).toString("base64url")}`;
const sha256 = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Writes one of each record that has to do with the token, through the store. */
async function useToken(store: Store, secret: string): Promise<string> {
  const hash = sha256(secret);
  await store.teams.create(team("platform"));
  const token = apiToken("platform", { hash, name: "ci", role: "admin" });
  await store.tokens.create(token);
  expect(await store.tokens.findByHash(hash)).toEqual(token);
  expect(Object.values((await store.tokens.findByHash(hash))!)).not.toContain(secret);
  await store.tokens.revoke("platform", token.id, "2026-01-01T00:00:10.000Z");
  const actor = { tokenId: token.id, tokenName: token.name, team: "platform", role: token.role };
  await store.deployments.create(deploymentRecord("a", undefined, undefined, "platform"), { id: newId(), deployment: "a", kind: "create", request: deploymentRecord("a").request, requestedBy: { ...REQUESTER, ...actor } });
  const entry: AuditEntry = { id: newId(), time: "2026-01-01T00:00:11.000Z", actor, method: "DELETE", route: "/v1/teams/:team/tokens/:id", path: `/v1/teams/platform/tokens/${token.id}`, team: "platform", deployment: null, operation: null, status: 200, outcome: "succeeded", requestId: newId() };
  await store.audit.append(entry);
  return hash;
}

/** Each form a secret could be written in. */
const forms = (secret: string) => [secret, Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("hex"), secret.slice(12, 40)];

describe("a token's secret is stored by neither backend", () => {
  it("SQLite: the file and its WAL hold the hash and not the secret", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-canary-"));
    try {
      const file = path.join(dir, "s.db");
      const secret = canary();
      const store = new SqliteStore(file);
      let hash: string;
      try {
        hash = await useToken(store, secret);
        // Read while open, so the WAL still holds the latest pages, and again once checkpointed on close.
        const open = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)).toString("latin1"));
        expect(open.some((bytes) => bytes.includes(hash))).toBe(true);
        for (const bytes of open) for (const form of forms(secret)) expect(bytes.includes(form)).toBe(false);
      } finally {
        await store.close();
      }
      const closed = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)).toString("latin1"));
      expect(closed.join("").includes(hash)).toBe(true);
      for (const form of forms(secret)) expect(closed.join("").includes(form)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("DynamoDB", () => {
    let local: LocalDynamo;
    let client: DynamoDBClient;
    beforeAll(async () => {
      local = await startDynalite();
      client = new DynamoDBClient(localDynamoClientConfig(local.endpoint));
    });
    afterAll(async () => {
      client?.destroy();
      await local?.close();
    });

    it("every item of the table holds the hash at most, and not the secret", async () => {
      const table = `slipstream-canary-${newId()}`;
      const store = await createDynamoStore({ table, log: pino({ level: "silent" }), client });
      const secret = canary();
      const hash = await useToken(store, secret);
      await store.close();
      const items = (await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
      const text = JSON.stringify(items);
      // The token by id and by hash: both hold the hash, one is keyed by it.
      expect(items.filter((item) => JSON.stringify(item).includes(hash))).toHaveLength(2);
      for (const form of forms(secret)) expect(text.includes(form)).toBe(false);
    });
  });
});
