import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTableInput } from "../../api/store/dynamodb/table";
import { localDynamoClientConfig, spawnDynalite, type LocalDynamo } from "../support/dynalite";

// The test support's local DynamoDB adds TransactWriteItems to dynalite; the store's one-write
// guarantees rest on it in every DynamoDB test, so its all-or-nothing answer is tested here —
// through the separate-process server that multi-process tests use.
let local: LocalDynamo;
let client: DynamoDBClient;
const TABLE = "transactions";
const key = (pk: string) => ({ PK: { S: pk }, SK: { S: "X" } });
const read = async (pk: string) => (await client.send(new GetItemCommand({ TableName: TABLE, Key: key(pk), ConsistentRead: true }))).Item;

beforeAll(async () => {
  local = await spawnDynalite();
  client = new DynamoDBClient(localDynamoClientConfig(local.endpoint));
  await client.send(new CreateTableCommand(createTableInput(TABLE)));
  await client.send(new PutItemCommand({ TableName: TABLE, Item: { ...key("a"), n: { N: "1" } } }));
  await client.send(new PutItemCommand({ TableName: TABLE, Item: { ...key("z"), n: { N: "0" } } }));
});
afterAll(async () => {
  client?.destroy();
  await local?.close();
});

describe("the local DynamoDB's TransactWriteItems", () => {
  it("applies every item when every condition holds", async () => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Update: { TableName: TABLE, Key: key("a"), UpdateExpression: "SET n = :two", ConditionExpression: "n = :one", ExpressionAttributeValues: { ":one": { N: "1" }, ":two": { N: "2" } } } },
          { Put: { TableName: TABLE, Item: { ...key("b"), n: { N: "1" } }, ConditionExpression: "attribute_not_exists(PK)" } },
          { ConditionCheck: { TableName: TABLE, Key: key("z"), ConditionExpression: "attribute_exists(PK)" } },
        ],
      }),
    );
    expect((await read("a"))?.n).toEqual({ N: "2" });
    expect((await read("b"))?.n).toEqual({ N: "1" });
    // A condition check writes nothing.
    expect(await read("z")).toEqual({ ...key("z"), n: { N: "0" } });
  });

  it("applies nothing when one condition fails, and says which", async () => {
    const cancelled = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Update: { TableName: TABLE, Key: key("a"), UpdateExpression: "SET n = :three", ExpressionAttributeValues: { ":three": { N: "3" } } } },
            { ConditionCheck: { TableName: TABLE, Key: key("c"), ConditionExpression: "attribute_not_exists(PK)" } },
            { Delete: { TableName: TABLE, Key: key("b"), ConditionExpression: "n = :nine", ExpressionAttributeValues: { ":nine": { N: "9" } } } },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    expect((cancelled as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual(["None", "None", "ConditionalCheckFailed"]);
    expect((await read("a"))?.n).toEqual({ N: "2" });
    expect(await read("b")).toBeDefined();
    // The condition check wrote nothing either.
    expect(await read("c")).toBeUndefined();
  });

  it("refuses two operations on one item", async () => {
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { ConditionCheck: { TableName: TABLE, Key: key("a"), ConditionExpression: "attribute_exists(PK)" } },
            { Delete: { TableName: TABLE, Key: key("a") } },
          ],
        }),
      ),
    ).rejects.toThrow(/multiple operations on one item/);
    expect(await read("a")).toBeDefined();
  });
});
