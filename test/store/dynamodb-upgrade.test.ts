import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateTableCommand,
  type GlobalSecondaryIndexDescription,
  type TableDescription,
  type UpdateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoStore } from "../../api/store/dynamodb/dynamo-store";
import { deploymentItem, operationItem, type Item } from "../../api/store/dynamodb/items";
import { INDEXES, createTableInput, ensureTable, index, keys } from "../../api/store/dynamodb/table";
import { ITEMS_VERSION } from "../../api/store/dynamodb/upgrade";
import { newId } from "../../api/store/ids";
import { localDynamoClientConfig, startDynalite, type LocalDynamo } from "../support/dynalite";
import { REQUESTER, deploymentRecord } from "./contract";

/** The indexes added since the release before teams (teams; drift and expiry): a table of that release has all the others. */
const ADDED = [index.team, index.auditTeam, index.drifted, index.driftCheckDue, index.reminderDue, index.expiryDue];
const previousReleaseInput = (table: string) => {
  const input = createTableInput(table);
  const GlobalSecondaryIndexes = input.GlobalSecondaryIndexes.filter((g) => !ADDED.includes(g.IndexName as (typeof ADDED)[number]));
  const used = new Set(["PK", "SK", ...GlobalSecondaryIndexes.flatMap((g) => g.KeySchema!.map((k) => k.AttributeName!))]);
  return { ...input, GlobalSecondaryIndexes, AttributeDefinitions: input.AttributeDefinitions.filter((a) => used.has(a.AttributeName)) };
};

function capturingLog() {
  const records: { level: number; msg: string; index?: string }[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void records.push(JSON.parse(line) as { level: number; msg: string }) });
  return { log, records, messages: () => records.map((r) => r.msg) };
}

/**
 * A DynamoDB stand-in for the table checks alone (DescribeTable, UpdateTable,
 * DescribeTimeToLive): dynalite accepts an UpdateTable that creates an index but ignores it.
 * An index it is asked to create is CREATING (backfilling) for two DescribeTable calls, then
 * ACTIVE; it refuses a second creation while one is under way, as DynamoDB does.
 */
function indexAddingDynamo(initial: TableDescription) {
  const table: TableDescription = structuredClone(initial);
  const creating = new Map<string, number>((initial.GlobalSecondaryIndexes ?? []).filter((g) => g.IndexStatus === "CREATING").map((g) => [g.IndexName!, 2]));
  const updates: UpdateTableCommandInput[] = [];
  /** The indexes whose creation it accepted, in order. */
  const created: string[] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof DescribeTableCommand) {
        for (const [name, left] of creating) {
          if (left > 0) creating.set(name, left - 1);
          else {
            creating.delete(name);
            table.GlobalSecondaryIndexes!.find((g) => g.IndexName === name)!.IndexStatus = "ACTIVE";
            table.TableStatus = "ACTIVE";
          }
        }
        return { Table: structuredClone(table) };
      }
      if (command instanceof UpdateTableCommand) {
        const input = command.input;
        updates.push(input);
        if (creating.size > 0) throw Object.assign(new Error("Subscriber limit exceeded: only 1 online index can be created at a time"), { name: "LimitExceededException" });
        const create = input.GlobalSecondaryIndexUpdates![0]!.Create!;
        if (table.GlobalSecondaryIndexes!.some((g) => g.IndexName === create.IndexName)) throw Object.assign(new Error(`Attempting to create an index which already exists: ${create.IndexName}`), { name: "ValidationException" });
        const added: GlobalSecondaryIndexDescription = { IndexName: create.IndexName, KeySchema: create.KeySchema, Projection: create.Projection, IndexStatus: "CREATING", Backfilling: true };
        table.GlobalSecondaryIndexes!.push(added);
        created.push(create.IndexName!);
        for (const a of input.AttributeDefinitions ?? []) if (!table.AttributeDefinitions!.some((d) => d.AttributeName === a.AttributeName)) table.AttributeDefinitions!.push(a);
        table.TableStatus = "UPDATING";
        creating.set(create.IndexName!, 2);
        return { TableDescription: structuredClone(table) };
      }
      if (command instanceof DescribeTimeToLiveCommand) return { TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "expireAtEpoch" } };
      throw new Error(`unexpected ${String((command as object).constructor.name)}`);
    },
  };
  return { client: client as unknown as DynamoDBClient, updates, created, table };
}

const describedPreviousRelease = (name: string): TableDescription => {
  const input = previousReleaseInput(name);
  return {
    TableName: name,
    TableStatus: "ACTIVE",
    BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
    AttributeDefinitions: input.AttributeDefinitions,
    KeySchema: input.KeySchema,
    GlobalSecondaryIndexes: input.GlobalSecondaryIndexes.map((g) => ({ ...g, IndexStatus: "ACTIVE" as const })),
  };
};

describe("a table created by the release before teams", () => {
  it("gets the indexes it lacks, one UpdateTable each, each waited for until DynamoDB has built it", async () => {
    const dynamo = indexAddingDynamo(describedPreviousRelease("old"));
    const { log, records } = capturingLog();
    await ensureTable({ client: dynamo.client, table: "old", log });
    expect(dynamo.updates.map((u) => u.GlobalSecondaryIndexUpdates!.map((g) => g.Create!.IndexName))).toEqual(ADDED.map((name) => [name]));
    // On-demand capacity: no throughput; the new key attributes defined.
    expect(dynamo.updates[0]).toMatchObject({ TableName: "old", AttributeDefinitions: [{ AttributeName: "teamKey", AttributeType: "S" }, { AttributeName: "name", AttributeType: "S" }] });
    expect(dynamo.updates[0]!.GlobalSecondaryIndexUpdates![0]!.Create).toEqual({
      IndexName: index.team,
      KeySchema: [
        { AttributeName: "teamKey", KeyType: "HASH" },
        { AttributeName: "name", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    });
    expect(dynamo.table.GlobalSecondaryIndexes!.map((g) => [g.IndexName, g.IndexStatus]).sort()).toEqual(INDEXES.map((i) => [i.name, "ACTIVE"]).sort());
    expect(records.filter((r) => r.msg.startsWith("adding index")).map((r) => r.index)).toEqual(ADDED);
  });

  it("adds each index once when several instances start at the same time", async () => {
    const dynamo = indexAddingDynamo(describedPreviousRelease("old"));
    const log = pino({ level: "silent" });
    await Promise.all([1, 2, 3].map(() => ensureTable({ client: dynamo.client, table: "old", log })));
    expect(dynamo.table.GlobalSecondaryIndexes!.map((g) => g.IndexName).sort()).toEqual(INDEXES.map((i) => i.name).sort());
    expect(dynamo.table.GlobalSecondaryIndexes!.every((g) => g.IndexStatus === "ACTIVE")).toBe(true);
    expect(dynamo.created).toEqual(ADDED);
    // The others found one being added and waited.
    expect(dynamo.updates.length).toBeGreaterThan(ADDED.length);
  });

  it("waits for an index another instance is still building instead of adding it again", async () => {
    const described = describedPreviousRelease("old");
    const keySchema = [
      { AttributeName: "teamKey", KeyType: "HASH" as const },
      { AttributeName: "name", KeyType: "RANGE" as const },
    ];
    described.GlobalSecondaryIndexes!.push({ IndexName: index.team, KeySchema: keySchema, Projection: { ProjectionType: "ALL" }, IndexStatus: "CREATING", Backfilling: true });
    described.TableStatus = "UPDATING";
    described.AttributeDefinitions!.push({ AttributeName: "teamKey", AttributeType: "S" });
    const dynamo = indexAddingDynamo(described);
    await ensureTable({ client: dynamo.client, table: "old", log: pino({ level: "silent" }) });
    expect(dynamo.updates.map((u) => u.GlobalSecondaryIndexUpdates![0]!.Create!.IndexName)).toEqual(ADDED.filter((i) => i !== index.team));
    expect(dynamo.created).toEqual(ADDED.filter((i) => i !== index.team));
  });
});

describe("the DynamoDB store on a table of the release before teams (dynalite)", () => {
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

  it("fails to start, naming the indexes, when they cannot be added", async () => {
    // dynalite cannot add an index to a table (it asks an on-demand table for provisioned throughput, and builds none).
    const table = `slipstream-old-${newId()}`;
    await client.send(new CreateTableCommand(previousReleaseInput(table)));
    const refused = createDynamoStore({ table, log: pino({ level: "silent" }), client });
    await expect(refused).rejects.toThrow(`DynamoDB table ${table} lacks the global secondary indexes ${ADDED.join(", ")} this release needs, and adding ${index.team} failed`);
    await expect(refused).rejects.toThrow("point SLIPSTREAM_STORE at a new table");
  });

  it("gives live deployments written before teams team default, creating it, and reads their operations as the anonymous actor's, once", async () => {
    const table = `slipstream-old-items-${newId()}`;
    await client.send(new CreateTableCommand(createTableInput(table)));
    // Items as the release before teams wrote them: no team, no requestedBy, no layout version.
    const legacy = (item: Item, drop: string[]) => Object.fromEntries(Object.entries(item).filter(([k]) => !drop.includes(k)));
    const put = (item: Item) => client.send(new PutItemCommand({ TableName: table, Item: item }));
    const ops: string[] = [];
    for (const [name, createdAt, status] of [
      ["beta", "2025-06-01T00:00:00.000Z", "active"],
      ["alpha", "2025-03-01T00:00:00.000Z", "pending"],
      ["gone", "2024-01-01T00:00:00.000Z", "destroyed"],
    ] as const) {
      const id = newId();
      ops.push(id);
      await put(legacy(deploymentItem({ deployment: { ...deploymentRecord(name), status, createdAt }, version: 3, queued: status === "pending" ? [id] : [] }), ["team", "teamKey", "driftScheduleFrom", "driftDueKey"]));
      const operation = { id, deployment: name, kind: "create" as const, status: status === "pending" ? ("queued" as const) : ("succeeded" as const), request: deploymentRecord(name).request, blueprintVersion: null, cancelRequested: false, requestedBy: REQUESTER, runner: null, summary: null, error: null, createdAt, startedAt: null, finishedAt: null };
      await put(legacy(operationItem({ operation, lease: null }), ["requestedBy"]));
    }
    const { log, messages } = capturingLog();
    const store = await createDynamoStore({ table, log, client });
    const anonymous = { tokenId: "anonymous", tokenName: "anonymous", team: null, role: "service-admin" };
    try {
      expect((await store.deployments.list({ team: "default", limit: 10 })).map((d) => d.name)).toEqual(["alpha", "beta"]);
      expect(await store.deployments.get("beta")).toMatchObject({ team: "default", status: "active" });
      expect(await store.deployments.get("gone")).toMatchObject({ team: "default", status: "destroyed" });
      // Created when the earliest live one was.
      expect(await store.teams.list(undefined, 10)).toEqual([{ name: "default", createdAt: "2025-03-01T00:00:00.000Z", createdBy: "anonymous" }]);
      for (const id of ops) expect((await store.operations.get(id))?.requestedBy).toEqual(anonymous);
      expect(await store.operations.claimNext({ owner: "w1", expiresAt: "2999-01-01T00:00:00.000Z" }, "2026-01-01T00:00:00.000Z", [])).toMatchObject({ id: ops[1], requestedBy: anonymous });
      expect(messages()).toContain(`deployments written before teams now belong to team "default"`);
      // The deployed one got its drift schedule (its last change) and so its place among scheduled drift checks.
      expect(await store.schedules.driftChecksDue("2999-01-01T00:00:00.000Z", 10)).toEqual(["beta"]);
      expect((await store.deployments.get("beta"))?.driftScheduleFrom).toBe(deploymentRecord("beta").updatedAt);
      const marker = await client.send(new GetItemCommand({ TableName: table, Key: marshall(keys.itemsVersion()), ConsistentRead: true }));
      expect(marker.Item?.version).toEqual({ N: String(ITEMS_VERSION) });
    } finally {
      await store.close();
    }
    const again = capturingLog();
    const second = await createDynamoStore({ table, log: again.log, client });
    expect(again.messages().some((m) => m.includes("before teams"))).toBe(false);
    expect(await second.teams.list(undefined, 10)).toHaveLength(1);
    await second.close();
  });

  it("gives a new table its layout version and no team, and refuses a table whose items are of a newer layout", async () => {
    const table = `slipstream-new-${newId()}`;
    const store = await createDynamoStore({ table, log: pino({ level: "silent" }), client });
    expect(await store.teams.list(undefined, 10)).toEqual([]);
    await store.close();
    const marker = await client.send(new GetItemCommand({ TableName: table, Key: marshall(keys.itemsVersion()), ConsistentRead: true }));
    expect(marker.Item?.version).toEqual({ N: String(ITEMS_VERSION) });
    await client.send(new PutItemCommand({ TableName: table, Item: marshall({ ...keys.itemsVersion(), version: ITEMS_VERSION + 1 }) }));
    await expect(createDynamoStore({ table, log: pino({ level: "silent" }), client })).rejects.toThrow(`holds items of layout version ${ITEMS_VERSION + 1}, newer than this service's ${ITEMS_VERSION}`);
  });
});
