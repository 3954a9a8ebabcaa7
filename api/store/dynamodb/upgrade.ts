import { marshall } from "@aws-sdk/util-dynamodb";
import type { Logger } from "pino";
import { LEGACY_TEAM, LEGACY_TEAM_CREATOR } from "../legacy";
import { RETRY, withRetries } from "./conflicts";
import { Expr, type Db } from "./db";
import { deploymentRecord, teamItem, type Item } from "./items";
import { deploymentWrite } from "./records";
import { LIVE, PK, attr, index, keys } from "./table";

/**
 * The layout of the items, as SQLite's `user_version` is its schema's: the `META`/`ITEMS` item
 * holds the version the items were brought to. A table without it was written by a release
 * before teams (version 1) or is new (nothing to do but record the version).
 *
 *   1  before teams
 *   2  live deployments carry their team (and the `team-by-name` index key)
 *   3  live deployments carry their drift schedule (and the `drift-check-due` index key)
 *
 * Only deployments need bringing forward: an operation, token or audit entry of an older
 * layout reads as it should (an operation without `requestedBy` reads as the anonymous actor,
 * ../legacy.ts), and destroyed deployments are in no list.
 */
export const ITEMS_VERSION = 3;

export async function upgradeItems(db: Db, log: Logger): Promise<void> {
  const marker = await db.get(keys.itemsVersion());
  const version = marker?.version?.N !== undefined ? Number(marker.version.N) : 1;
  if (version > ITEMS_VERSION) throw new Error(`DynamoDB table ${db.table} holds items of layout version ${version}, newer than this service's ${ITEMS_VERSION}: upgrade the service`);
  if (version < 2) await giveTeams(db, log);
  if (version < 3) await giveDriftSchedules(db, log);
  if (version < ITEMS_VERSION) {
    // Several instances may get here at once: the version only moves forward.
    await db.commit([{ put: marshall({ ...keys.itemsVersion(), type: "items-version", version: ITEMS_VERSION }), condition: (x) => `${x.notExists(PK)} OR ${x.name("version")} < ${x.value(ITEMS_VERSION)}` }]);
  }
}

/**
 * Live deployments written before teams belong to team `default` (../legacy.ts): each is
 * written again, conditioned on the version read as every deployment write is, with its team
 * and so its `team-by-name` key; the `default` team is created for them. One pass over the
 * live index, once per table. Instances of the earlier release must be stopped first: their
 * writes would drop the team again.
 */
async function giveTeams(db: Db, log: Logger): Promise<void> {
  const names: string[] = [];
  let start: Item | undefined;
  do {
    const x = new Expr();
    const page = await db.query({
      IndexName: index.live,
      KeyConditionExpression: x.eq(attr.live, LIVE),
      FilterExpression: x.notExists("team"),
      ProjectionExpression: x.name(attr.name),
      ...x.params(),
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    names.push(...page.items.map((item) => item[attr.name]?.S).filter((name): name is string => name !== undefined));
    start = page.last;
  } while (start);
  let earliest: string | undefined;
  for (const name of names) {
    const given = await withRetries(`giving deployment "${name}" a team`, async () => {
      const item = await db.get(keys.deployment(name));
      if (!item || item.team !== undefined) return undefined;
      const record = deploymentRecord(item);
      const written = await db.commit([deploymentWrite(record, { deployment: { ...record.deployment, team: LEGACY_TEAM }, queued: record.queued })]);
      return written ? record.deployment.createdAt : RETRY;
    });
    if (given !== undefined && (earliest === undefined || given < earliest)) earliest = given;
  }
  if (earliest === undefined) return;
  await db.commit([{ put: teamItem({ name: LEGACY_TEAM, createdAt: earliest, createdBy: LEGACY_TEAM_CREATOR }), condition: (x) => x.notExists(PK) }]);
  log.info({ table: db.table, deployments: names.length }, `deployments written before teams now belong to team "${LEGACY_TEAM}"`);
}

/**
 * Live deployments written before drift checks have no `driftScheduleFrom`, so no
 * `drift-check-due` key: each is written again (the codec reads their last change as the
 * schedule's start and derives the key), conditioned on its version. Drift records and
 * expiries need nothing: none existed.
 */
async function giveDriftSchedules(db: Db, log: Logger): Promise<void> {
  const names: string[] = [];
  let start: Item | undefined;
  do {
    const x = new Expr();
    const page = await db.query({
      IndexName: index.live,
      KeyConditionExpression: x.eq(attr.live, LIVE),
      FilterExpression: x.notExists(attr.driftScheduleFrom),
      ProjectionExpression: x.name(attr.name),
      ...x.params(),
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    names.push(...page.items.map((item) => item[attr.name]?.S).filter((name): name is string => name !== undefined));
    start = page.last;
  } while (start);
  for (const name of names) {
    await withRetries(`giving deployment "${name}" a drift schedule`, async () => {
      const item = await db.get(keys.deployment(name));
      if (!item || item[attr.driftScheduleFrom] !== undefined) return undefined;
      const record = deploymentRecord(item);
      return (await db.commit([deploymentWrite(record, { deployment: record.deployment, queued: record.queued })])) ? undefined : RETRY;
    });
  }
  if (names.length > 0) log.info({ table: db.table, deployments: names.length }, "deployments written before drift checks now have a drift schedule");
}
