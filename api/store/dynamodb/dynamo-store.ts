import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Logger } from "pino";
import type { Store } from "../store";
import { Db } from "./db";
import { DynamoAudit, DynamoTeams, DynamoTokens } from "./access";
import { DynamoDeliveries } from "./deliveries";
import { DynamoDeployments } from "./deployments";
import { DynamoEvents } from "./events";
import { DynamoIdempotency } from "./idempotency";
import { DynamoNotifications } from "./notifications";
import { DynamoOperations } from "./operations";
import { DynamoPlans } from "./plans";
import { DynamoSchedules } from "./schedules";
import { ensureTable, keys } from "./table";
import { upgradeItems } from "./upgrade";
import { DynamoWebhooks } from "./webhooks";

export interface DynamoStoreOptions {
  /** The table's name (`SLIPSTREAM_STORE=dynamodb://<table>`); created when missing. */
  table: string;
  log: Logger;
  /**
   * The client to use; by default one made the standard way, `new DynamoDBClient({})`, which
   * reads AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL, AWS_REGION and the credential chain.
   * A client passed in stays the caller's: `close` leaves it open.
   */
  client?: DynamoDBClient;
}

/**
 * The DynamoDB store: one table shared by every service instance (see ./README.md for the
 * design). It creates the table when it is missing and refuses one that does not fit.
 */
export async function createDynamoStore(options: DynamoStoreOptions): Promise<Store> {
  const client = options.client ?? new DynamoDBClient({});
  const db = new Db(client, options.table);
  try {
    await ensureTable({ client, table: options.table, log: options.log });
    await upgradeItems(db, options.log);
  } catch (error) {
    if (!options.client) client.destroy();
    throw error;
  }
  return {
    deployments: new DynamoDeployments(db),
    operations: new DynamoOperations(db),
    events: new DynamoEvents(db),
    idempotency: new DynamoIdempotency(db),
    teams: new DynamoTeams(db),
    tokens: new DynamoTokens(db),
    audit: new DynamoAudit(db),
    schedules: new DynamoSchedules(db),
    notifications: new DynamoNotifications(db),
    webhooks: new DynamoWebhooks(db),
    deliveries: new DynamoDeliveries(db),
    plans: new DynamoPlans(db),
    async ping() {
      await db.get(keys.ping());
    },
    async close() {
      if (!options.client) client.destroy();
    },
  };
}
