import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoStore } from "../../api/store/dynamodb/dynamo-store";
import { MAX_ITEM_BYTES } from "../../api/store/dynamodb/items";
import { INDEXES, createTableInput, index } from "../../api/store/dynamodb/table";
import { newId } from "../../api/store/ids";
import { localDynamoClientConfig, startDynalite, type LocalDynamo } from "../support/dynalite";
import { deploymentRecord, REQUESTER } from "./contract";

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

/** A pino logger whose records the test reads. */
function capturingLog() {
  const records: { level: number; msg: string }[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void records.push(JSON.parse(line) as { level: number; msg: string }) });
  return { log, records, messages: () => records.map((r) => r.msg) };
}
const tableName = () => `slipstream-table-${newId()}`;
const NOW = "2026-01-01T00:00:00.000Z";

describe("the DynamoDB store's table", () => {
  it("creates a missing table with its indexes and says so", async () => {
    const table = tableName();
    const { log, records, messages } = capturingLog();
    const store = await createDynamoStore({ table, log, client });
    expect(records).toContainEqual(expect.objectContaining({ level: 30, msg: `created DynamoDB table ${table}` }));
    // dynalite has no UpdateTimeToLive: tolerated, with a warning that says what it costs.
    expect(records).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/does not support UpdateTimeToLive/) }));
    const described = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!;
    expect(described.TableStatus).toBe("ACTIVE");
    expect(described.BillingModeSummary?.BillingMode ?? "PAY_PER_REQUEST").toBe("PAY_PER_REQUEST");
    expect((described.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort()).toEqual(INDEXES.map((i) => i.name).sort());
    await store.ping();
    await store.close();
    expect(messages().filter((m) => m.startsWith("created"))).toHaveLength(1);
  });

  it("uses an existing table that fits, without creating anything, and sees what another instance wrote", async () => {
    const table = tableName();
    const first = await createDynamoStore({ table, log: pino({ level: "silent" }), client });
    await first.deployments.create(deploymentRecord("a"), { id: newId(), deployment: "a", kind: "create", request: deploymentRecord("a").request, requestedBy: REQUESTER });
    const { log, messages } = capturingLog();
    const second = await createDynamoStore({ table, log, client });
    expect(messages().some((m) => m.startsWith("created"))).toBe(false);
    expect(await second.deployments.get("a")).toMatchObject({ name: "a", status: "pending" });
    expect(await second.operations.countActive()).toBe(1);
    await Promise.all([first.close(), second.close()]);
  });

  it("refuses a table whose keys differ, naming what differs", async () => {
    const table = tableName();
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    );
    const refused = createDynamoStore({ table, log: pino({ level: "silent" }), client });
    await expect(refused).rejects.toThrow(`DynamoDB table ${table} does not fit Slipstream's store`);
    await expect(refused).rejects.toThrow("primary key is (id:HASH:S), expected (PK:HASH:S, SK:RANGE:S)");
    await expect(refused).rejects.toThrow(`global secondary index ${index.live} is missing`);
  });

  it("refuses a table with Slipstream's keys but an index keyed otherwise", async () => {
    const table = tableName();
    const input = createTableInput(table);
    const live = input.GlobalSecondaryIndexes.find((g) => g.IndexName === index.live)!;
    live.KeySchema = [{ AttributeName: "liveKey", KeyType: "HASH" }];
    await client.send(new CreateTableCommand(input));
    await expect(createDynamoStore({ table, log: pino({ level: "silent" }), client })).rejects.toThrow(`index ${index.live} is keyed (liveKey:HASH:S), expected (liveKey:HASH:S, name:RANGE:S)`);
  });

  it("fails clearly, writing nothing, when a record would exceed DynamoDB's 400 KB item limit", async () => {
    const store = await createDynamoStore({ table: tableName(), log: pino({ level: "silent" }), client });
    const huge = "x".repeat(MAX_ITEM_BYTES);
    const request = { params: { blob: huge }, tags: { owner: "o", "cost-center": "c", environment: "dev" } };
    await expect(store.deployments.create(deploymentRecord("big", request), { id: newId(), deployment: "big", kind: "create", request, requestedBy: REQUESTER })).rejects.toThrow(
      /deployment "big" is \d+ KB as a DynamoDB item; DynamoDB items hold at most 400 KB/,
    );
    expect(await store.deployments.get("big")).toBeUndefined();
    expect(await store.operations.countActive()).toBe(0);

    const op = newId();
    await store.deployments.create(deploymentRecord("a"), { id: op, deployment: "a", kind: "create", request: deploymentRecord("a").request, requestedBy: REQUESTER });
    await store.events.append(op, "small", { n: 1 }, NOW);
    await expect(store.events.append(op, "large", { huge }, NOW)).rejects.toMatchObject({ name: "ItemTooLargeError", message: expect.stringMatching(/event 2 of operation/) });
    expect((await store.events.list(op, 0, 10)).map((e) => e.type)).toEqual(["small"]);
    await store.events.append(op, "after", null, NOW);
    expect((await store.events.list(op, 0, 10)).map((e) => e.sequence)).toEqual([1, 2]);

    await store.idempotency.reserve("k", "POST /x", { owner: "A", now: NOW, expiresAt: "2026-01-01T00:01:00.000Z" });
    await expect(store.idempotency.complete("k", "A", { status: 202, body: huge, expiresAt: "2026-01-02T00:00:00.000Z" })).rejects.toThrow(/idempotency key "k"/);
    expect(await store.idempotency.reserve("k", "POST /x", { owner: "B", now: NOW, expiresAt: "2026-01-01T00:01:00.000Z" })).toMatchObject({ reserved: false, existing: { owner: "A", status: null } });
    await store.close();
  });
});
