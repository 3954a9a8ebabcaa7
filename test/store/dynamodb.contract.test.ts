import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import pino from "pino";
import { afterAll, beforeAll } from "vitest";
import { createDynamoStore } from "../../api/store/dynamodb/dynamo-store";
import { newId } from "../../api/store/ids";
import { localDynamoClientConfig, startDynalite, type LocalDynamo } from "../support/dynalite";
import { storeContract } from "./contract";

// One local DynamoDB for the file; each test gets a fresh table, created by the store itself.
let local: LocalDynamo;
beforeAll(async () => {
  local = await startDynalite();
});
afterAll(async () => {
  await local?.close();
});

storeContract("dynamodb", async () => {
  const client = new DynamoDBClient(localDynamoClientConfig(local.endpoint));
  const store = await createDynamoStore({ table: `slipstream-contract-${newId()}`, log: pino({ level: "silent" }), client });
  return {
    store,
    dispose: async () => {
      await store.close();
      client.destroy();
    },
  };
});
