import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import type { Logger } from "pino";
import { errorName } from "./conflicts";

/**
 * Slipstream's one DynamoDB table: every record is an item keyed by `PK` (partition) and `SK`
 * (sort), both strings; secondary indexes answer the other access patterns. The design and
 * the access patterns it serves are written down in ./README.md.
 *
 *   deployment       PK = DEP#<name>          SK = DEP
 *   operation        PK = OP#<id>             SK = OP
 *   its event count  PK = OP#<id>             SK = SEQ
 *   operation event  PK = OP#<id>             SK = EV#<sequence, 10 digits>
 *   idempotency key  PK = IDEM#<key>          SK = IDEM
 *   team             PK = TEAMS               SK = TEAM#<name>
 *   API token        PK = TEAM#<team>         SK = TOKEN#<id>
 *   token by hash    PK = TOKEN#<sha-256>     SK = TOKEN
 *   audit entry      PK = AUDIT#<shard>       SK = <id>
 *   notification     PK = NOTIF#<id>          SK = NOTIF
 *   webhook          PK = WEBHOOKS#<team>     SK = <id>
 *   delivery         PK = WEBHOOK#<webhook>   SK = DELIVERY#<id>
 *   applied plan     PK = PLAN#<operation id> SK = APPLIED
 *   upgrade plan     PK = UPGRADE#<id>        SK = UPGRADE
 *   items version    PK = META                SK = ITEMS
 */
export const PK = "PK";
export const SK = "SK";

export const keys = {
  deployment: (name: string) => ({ [PK]: `DEP#${name}`, [SK]: "DEP" }),
  operation: (id: string) => ({ [PK]: `OP#${id}`, [SK]: "OP" }),
  eventCounter: (operationId: string) => ({ [PK]: `OP#${operationId}`, [SK]: "SEQ" }),
  event: (operationId: string, sequence: number) => ({ [PK]: `OP#${operationId}`, [SK]: eventSortKey(sequence) }),
  idempotency: (key: string) => ({ [PK]: `IDEM#${key}`, [SK]: "IDEM" }),
  /** Every team in one partition: few, rarely written, listed by name with a strongly consistent Query. */
  team: (name: string) => ({ [PK]: TEAMS, [SK]: `${TEAM_PREFIX}${name}` }),
  /** A team's tokens in the team's partition: listed with a strongly consistent Query. */
  token: (team: string, id: string) => ({ [PK]: `TEAM#${team}`, [SK]: `${TOKEN_PREFIX}${id}` }),
  /** The same token keyed by the hash of its secret: authentication is one GetItem. */
  tokenByHash: (hash: string) => ({ [PK]: `TOKEN#${hash}`, [SK]: "TOKEN" }),
  audit: (id: string) => ({ [PK]: auditPartition(auditShard(id)), [SK]: id }),
  /** An outbox notification, alone in its partition: appended by whichever write reports it. */
  notification: (id: string) => ({ [PK]: `NOTIF#${id}`, [SK]: "NOTIF" }),
  /** A team's webhooks in a partition of their own: listed by id with a strongly consistent Query. */
  webhook: (team: string, id: string) => ({ [PK]: `WEBHOOKS#${team}`, [SK]: id }),
  /** A webhook's deliveries in the webhook's partition: its delivery log is a strongly consistent Query, newest first. */
  delivery: (webhook: string, id: string) => ({ [PK]: `WEBHOOK#${webhook}`, [SK]: `${DELIVERY_PREFIX}${id}` }),
  /** The plan a create or update applied, by its operation's id (plans.ts). */
  appliedPlan: (operationId: string) => ({ [PK]: `PLAN#${operationId}`, [SK]: "APPLIED" }),
  /** An upgrade plan, by id: whichever instance gets the `upgrade` call reads it (plans.ts). */
  upgradePlan: (id: string) => ({ [PK]: `UPGRADE#${id}`, [SK]: "UPGRADE" }),
  /** The version of the items' layout (upgrade.ts). */
  itemsVersion: () => ({ [PK]: "META", [SK]: "ITEMS" }),
  /** A key no record has: `ping` reads it. */
  ping: () => ({ [PK]: "PING", [SK]: "PING" }),
};

export const TEAMS = "TEAMS";
export const TEAM_PREFIX = "TEAM#";
export const TOKEN_PREFIX = "TOKEN#";
export const DELIVERY_PREFIX = "DELIVERY#";

/**
 * The audit log's "all teams" list is spread over this many partitions, an entry's shard
 * derived from its id (the last hex digit of a UUIDv7, random): ids grow with time, so one
 * partition would take every audit write at its tail, and a partition takes about 1,000
 * writes a second. A page reads every shard (a Query each, newest first) and merges them.
 * Changing the number strands entries in shards no longer read: it is fixed with the layout.
 */
export const AUDIT_SHARDS = 4;

export function auditShard(id: string): number {
  const digit = parseInt(id.slice(-1), 16);
  return Number.isNaN(digit) ? 0 : digit % AUDIT_SHARDS;
}

export function auditPartition(shard: number): string {
  return `AUDIT#${shard}`;
}

/** Zero-padded so that the sort key orders events by sequence (10 digits: billions of events per operation). */
export function eventSortKey(sequence: number): string {
  return `EV#${String(sequence).padStart(10, "0")}`;
}

/**
 * Attribute names that key the secondary indexes. Each is written only on the items that
 * belong in its index (a sparse index: an item without the index's key attributes is not in
 * it — https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html).
 */
export const attr = {
  /** Live deployments: the constant LIVE; the sort key is the deployment's name. */
  live: "liveKey",
  name: "name",
  /** Live deployments by one filter each: the value filtered on. */
  blueprint: "blueprintKey",
  status: "statusKey",
  environment: "environmentKey",
  owner: "ownerKey",
  /** Live deployments by team: the team's name. */
  team: "teamKey",
  /** Audit entries of one team (entries with a team only): the team, sorted by the entry's id (its SK). */
  auditTeam: "auditTeamKey",
  /** Deployments with queued work and a free running slot: CLAIMABLE, sorted by their oldest queued operation. */
  claimable: "claimKey",
  claimHead: "claimHead",
  /** Operations by deployment: the deployment's name, sorted by operation id. */
  deployment: "deployment",
  id: "id",
  /** Running operations: RUNNING, sorted by lease expiry. */
  leased: "leaseKey",
  leaseExpiresAt: "leaseExpiresAt",
  /** Queued and running operations: ACTIVE, sorted by id. */
  active: "activeKey",
  /** Outbox notifications not yet dispatched: UNDISPATCHED, sorted by the notification's id. */
  outbox: "outboxKey",
  outboxId: "outboxId",
  /** Pending deliveries: DUE, sorted by when they may next be claimed (the later of their due time and their lease's expiry). */
  due: "dueKey",
  dueAt: "dueAt",
  /** Epoch seconds after which DynamoDB's TTL may delete an idempotency record. */
  expiry: "expireAtEpoch",
  /** Live deployments whose last drift check found drift: DRIFTED; the sort key is the name. */
  drifted: "driftedKey",
  /** Deployments a scheduled drift check may run on: DRIFT_DUE, sorted by when their drift schedule started. */
  driftDue: "driftDueKey",
  driftScheduleFrom: "driftScheduleFrom",
  /** Deployments with an expiry whose reminder has not been recorded: REMINDER_DUE, sorted by the expiry. */
  reminderDue: "reminderDueKey",
  /** Deployments with an expiry that has not queued its destroy: EXPIRY_DUE, sorted by the expiry. */
  expiryDue: "expiryDueKey",
  /** A deployment's expiry time (not `expiresAt`, which idempotency records and tokens use for their own). */
  expiryAt: "expiryAt",
} as const;

export const index = {
  live: "live-by-name",
  blueprint: "blueprint-by-name",
  status: "status-by-name",
  environment: "environment-by-name",
  owner: "owner-by-name",
  team: "team-by-name",
  auditTeam: "audit-by-team",
  claimable: "claimable-by-head",
  deploymentOperations: "operations-by-deployment",
  leases: "running-by-lease-expiry",
  active: "active-operations",
  drifted: "drifted-by-name",
  driftCheckDue: "drift-check-due",
  reminderDue: "expiry-reminder-due",
  expiryDue: "expiry-due",
  outbox: "outbox-undispatched",
  due: "deliveries-due",
} as const;

export const LIVE = "LIVE";
export const CLAIMABLE = "CLAIMABLE";
export const RUNNING = "RUNNING";
export const ACTIVE = "ACTIVE";
export const DRIFTED = "DRIFTED";
export const DRIFT_DUE = "DRIFT_DUE";
export const REMINDER_DUE = "REMINDER_DUE";
export const EXPIRY_DUE = "EXPIRY_DUE";
export const UNDISPATCHED = "UNDISPATCHED";
export const DUE = "DUE";

type Projection = "ALL" | "KEYS_ONLY";
export interface IndexDesign {
  name: string;
  partition: string;
  sort: string;
  projection: Projection;
}

/** The indexes, as CreateTable takes them and as an existing table must have them. */
export const INDEXES: readonly IndexDesign[] = [
  { name: index.live, partition: attr.live, sort: attr.name, projection: "ALL" },
  { name: index.blueprint, partition: attr.blueprint, sort: attr.name, projection: "ALL" },
  { name: index.status, partition: attr.status, sort: attr.name, projection: "ALL" },
  { name: index.environment, partition: attr.environment, sort: attr.name, projection: "ALL" },
  { name: index.owner, partition: attr.owner, sort: attr.name, projection: "ALL" },
  { name: index.claimable, partition: attr.claimable, sort: attr.claimHead, projection: "KEYS_ONLY" },
  { name: index.deploymentOperations, partition: attr.deployment, sort: attr.id, projection: "ALL" },
  { name: index.leases, partition: attr.leased, sort: attr.leaseExpiresAt, projection: "KEYS_ONLY" },
  { name: index.active, partition: attr.active, sort: attr.id, projection: "KEYS_ONLY" },
  // Added with teams: a table created before them gets these from ensureTable (addIndexes).
  { name: index.team, partition: attr.team, sort: attr.name, projection: "ALL" },
  { name: index.auditTeam, partition: attr.auditTeam, sort: SK, projection: "ALL" },
  // Added with drift and expiry: ensureTable adds them to an older table, upgrade.ts gives
  // the deployments already there their keys.
  { name: index.drifted, partition: attr.drifted, sort: attr.name, projection: "ALL" },
  { name: index.driftCheckDue, partition: attr.driftDue, sort: attr.driftScheduleFrom, projection: "KEYS_ONLY" },
  { name: index.reminderDue, partition: attr.reminderDue, sort: attr.expiryAt, projection: "KEYS_ONLY" },
  { name: index.expiryDue, partition: attr.expiryDue, sort: attr.expiryAt, projection: "KEYS_ONLY" },
  // Added with webhooks: the outbox's undispatched notifications (ALL: the dispatcher reads
  // them whole, and each leaves the index once dispatched) and the due deliveries.
  { name: index.outbox, partition: attr.outbox, sort: attr.outboxId, projection: "ALL" },
  { name: index.due, partition: attr.due, sort: attr.dueAt, projection: "KEYS_ONLY" },
];

export function createTableInput(table: string) {
  const attributes = new Set<string>([PK, SK, ...INDEXES.flatMap((i) => [i.partition, i.sort])]);
  return {
    TableName: table,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
    KeySchema: [
      { AttributeName: PK, KeyType: "HASH" as const },
      { AttributeName: SK, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: INDEXES.map(globalSecondaryIndex),
  };
}

function globalSecondaryIndex(i: IndexDesign): GlobalSecondaryIndex {
  return {
    IndexName: i.name,
    KeySchema: [
      { AttributeName: i.partition, KeyType: "HASH" },
      { AttributeName: i.sort, KeyType: "RANGE" },
    ],
    Projection: { ProjectionType: i.projection },
  };
}

/** What differs between an existing table and the design; empty when it can be used. */
export function tableDifferences(table: TableDescription): string[] {
  const differences: string[] = [];
  const types = new Map((table.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
  const keySchema = (schema: { AttributeName?: string; KeyType?: string }[] | undefined) => (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}:${types.get(k.AttributeName) ?? "?"}`).join(", ");
  const want = (partition: string, sort: string) => `${partition}:HASH:S, ${sort}:RANGE:S`;
  const primary = keySchema(table.KeySchema);
  if (primary !== want(PK, SK)) differences.push(`primary key is (${primary || "none"}), expected (${want(PK, SK)})`);
  const present = new Map((table.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g]));
  for (const design of INDEXES) {
    const found = present.get(design.name);
    if (!found) {
      differences.push(`${MISSING_INDEX} ${design.name} is missing`);
      continue;
    }
    const schema = keySchema(found.KeySchema);
    if (schema !== want(design.partition, design.sort)) differences.push(`index ${design.name} is keyed (${schema}), expected (${want(design.partition, design.sort)})`);
    const projection = found.Projection?.ProjectionType ?? "?";
    if (projection !== design.projection && projection !== "ALL") differences.push(`index ${design.name} projects ${projection}, expected ${design.projection}`);
  }
  return differences;
}

const MISSING_INDEX = "global secondary index";

/** The indexes of the design the table lacks (a table created by an earlier release). */
export function missingIndexes(table: TableDescription): IndexDesign[] {
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  return INDEXES.filter((i) => !present.has(i.name));
}

export interface EnsureTableOptions {
  client: DynamoDBClient;
  table: string;
  log: Logger;
  /** How long to wait for a new table (or one another instance is creating) to become ACTIVE, and for each index added to backfill. */
  activeTimeoutMs?: number;
}

/**
 * Makes sure the table exists and fits the design: creates it when missing (on-demand
 * capacity, the indexes, TTL on the idempotency expiry) and says so; adds the indexes that a
 * table of an earlier release lacks (addIndexes); refuses one whose keys or indexes differ
 * otherwise, naming what differs. Several instances may start at once: one creates the table
 * (or an index), the others find it being created and wait for it.
 */
export async function ensureTable({ client, table, log, activeTimeoutMs = 300_000 }: EnsureTableOptions): Promise<void> {
  let description = await describe(client, table);
  if (!description) {
    try {
      await client.send(new CreateTableCommand(createTableInput(table)));
      description = await waitUntilActive(client, table, activeTimeoutMs);
      await enableTimeToLive(client, table, log);
      log.info({ table }, `created DynamoDB table ${table}`);
      return;
    } catch (error) {
      // Another instance created it between our DescribeTable and CreateTable.
      if (errorName(error) !== "ResourceInUseException") throw error;
      description = await describe(client, table);
    }
  }
  if (!description) throw new Error(`DynamoDB table ${table} could not be found or created`);
  const differences = tableDifferences(description);
  // Only missing indexes can be mended in place: a key schema cannot change.
  if (differences.some((d) => !d.startsWith(MISSING_INDEX))) {
    throw new Error(`DynamoDB table ${table} does not fit Slipstream's store: ${differences.join("; ")}. Point SLIPSTREAM_STORE at another table name (Slipstream creates it) or fix this one.`);
  }
  if (differences.length > 0) description = await addIndexes(client, table, description, log, activeTimeoutMs);
  if (description.TableStatus !== "ACTIVE" || (description.GlobalSecondaryIndexes ?? []).some((g) => g.IndexStatus !== "ACTIVE")) await waitUntilActive(client, table, activeTimeoutMs);
  await checkTimeToLive(client, table, log);
}

const lacking = (table: string, missing: IndexDesign[]) => `DynamoDB table ${table} lacks the global secondary indexes ${missing.map((i) => i.name).join(", ")} this release needs`;
const ADD_THEM = "Add them (UpdateTable, one GlobalSecondaryIndexUpdates Create each, keyed as api/store/dynamodb/README.md says) or point SLIPSTREAM_STORE at a new table.";

/**
 * Adds the indexes a table of an earlier release lacks, with UpdateTable: one index per call,
 * as DynamoDB creates at most one at a time, each waited for until ACTIVE — DynamoDB
 * backfills it from the items already there, which on a large table takes minutes; the
 * service starts only once every index answers. An instance that finds another adding one
 * (ResourceInUseException, LimitExceededException, or the index already there) waits for it
 * instead. If the table is
 * refuses the creation (dynalite, which takes an on-demand table's index for a provisioned
 * one) or is still without the index after accepting it, the start fails, naming the missing
 * indexes. A start that timed
 * out while an index backfills finds it CREATING next time and waits again.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.html
 */
async function addIndexes(client: DynamoDBClient, table: string, description: TableDescription, log: Logger, timeoutMs: number): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  const provisioned = (description.BillingModeSummary?.BillingMode ?? (description.ProvisionedThroughput?.ReadCapacityUnits ? "PROVISIONED" : "PAY_PER_REQUEST")) === "PROVISIONED";
  for (let design = missingIndexes(description)[0]; design; design = missingIndexes(description)[0]) {
    if (description.TableStatus !== "ACTIVE" || (description.GlobalSecondaryIndexes ?? []).some((g) => g.IndexStatus !== "ACTIVE")) description = await waitUntilActive(client, table, timeoutMs);
    if (!missingIndexes(description).includes(design)) continue;
    if (Date.now() > deadline) throw new Error(`DynamoDB table ${table} still lacks the global secondary indexes ${missingIndexes(description).map((i) => i.name).join(", ")} after ${timeoutMs} ms of waiting for other instances adding them`);
    let accepted = true;
    log.info({ table, index: design.name }, `adding index ${design.name} to DynamoDB table ${table} (a table of an earlier release); the service starts once DynamoDB has built it from the existing items`);
    try {
      await client.send(
        new UpdateTableCommand({
          TableName: table,
          AttributeDefinitions: [...new Set([design.partition, design.sort])].map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
          GlobalSecondaryIndexUpdates: [
            {
              Create: {
                ...globalSecondaryIndex(design),
                ...(provisioned ? { ProvisionedThroughput: { ReadCapacityUnits: description.ProvisionedThroughput?.ReadCapacityUnits ?? 1, WriteCapacityUnits: description.ProvisionedThroughput?.WriteCapacityUnits ?? 1 } } : {}),
              },
            },
          ],
        }),
      );
    } catch (error) {
      // Another instance is adding this index or another one, or has just added it: wait and look again.
      const racing = ["ResourceInUseException", "LimitExceededException"].includes(errorName(error) ?? "") || (errorName(error) === "ValidationException" && /already exists/i.test(String((error as Error).message)));
      if (!racing) throw new Error(`${lacking(table, missingIndexes(description))}, and adding ${design.name} failed: ${(error as Error).message}. ${ADD_THEM}`, { cause: error });
      accepted = false;
    }
    description = await waitUntilActive(client, table, timeoutMs);
    const missing = missingIndexes(description);
    if (accepted && missing.includes(design)) {
      throw new Error(`${lacking(table, missing)}, and DynamoDB accepted the request to add ${design.name} but did not add it. ${ADD_THEM}`);
    }
  }
  return description;
}

async function describe(client: DynamoDBClient, table: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: table }))).Table;
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

/** Polls DescribeTable until the table and its indexes are ACTIVE: a wait on the table's state, bounded. */
async function waitUntilActive(client: DynamoDBClient, table: string, timeoutMs: number): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 2_000)) {
    const description = await describe(client, table);
    if (description?.TableStatus === "ACTIVE" && (description.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === "ACTIVE")) return description;
    if (Date.now() > deadline) throw new Error(`DynamoDB table ${table} is still ${description?.TableStatus ?? "missing"} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * Lets DynamoDB delete idempotency records once their `expireAtEpoch` (epoch seconds) has
 * passed. TTL deletes "typically within a few days" of expiry, so the store never relies on
 * it: an expired record still read is treated as free by its ISO `expiresAt`
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html).
 * Local emulators without UpdateTimeToLive (dynalite) only cost the automatic clean-up.
 */
async function enableTimeToLive(client: DynamoDBClient, table: string, log: Logger): Promise<void> {
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: attr.expiry } }));
  } catch (error) {
    if (errorName(error) !== "UnknownOperationException") throw error;
    log.warn({ table }, `this DynamoDB endpoint does not support UpdateTimeToLive: expired idempotency records of table ${table} will not be deleted automatically`);
  }
}

async function checkTimeToLive(client: DynamoDBClient, table: string, log: Logger): Promise<void> {
  try {
    const ttl = (await client.send(new DescribeTimeToLiveCommand({ TableName: table }))).TimeToLiveDescription;
    const on = (ttl?.TimeToLiveStatus === "ENABLED" || ttl?.TimeToLiveStatus === "ENABLING") && ttl.AttributeName === attr.expiry;
    if (!on) log.warn({ table }, `TTL on ${attr.expiry} is not enabled for DynamoDB table ${table}: expired idempotency records will not be deleted automatically`);
  } catch (error) {
    if (errorName(error) !== "UnknownOperationException") throw error;
  }
}
