import { queuedOperation } from "../outcomes";
import { nameIsFree } from "../../domain/lifecycle";
import { setExpiry } from "../../domain/schedule-rules";
import type { Deployment, Operation } from "../../domain/model";
import type { DeploymentFilter, DeploymentStore, NewOperation } from "../store";
import { RETRY, conflict, withRetries } from "./conflicts";
import { Expr, type Db } from "./db";
import { deploymentRecord, type Item } from "./items";
import { deploymentWrite, newOperationWrites, readDeployment } from "./records";
import { DRIFTED, LIVE, attr, index } from "./table";

/**
 * Listing indexes, most selective filter first: a list reads the index of the first filter it
 * has (the live index when none) and applies the others as a FilterExpression. Owners split
 * the fleet finely, and a team's own owners split its deployments; drifted deployments are
 * few (a drift check that finds none, or a reconciling change, takes a deployment out); a
 * team (every caller but the service admin lists within one) holds a share of the fleet;
 * environments, blueprints and statuses are shared by every team.
 */
const FILTER_INDEXES: readonly { index: string; key: string; value: (f: DeploymentFilter) => string | undefined }[] = [
  { index: index.owner, key: attr.owner, value: (f) => f.owner },
  { index: index.drifted, key: attr.drifted, value: (f) => (f.drifted === true ? DRIFTED : undefined) },
  { index: index.team, key: attr.team, value: (f) => f.team },
  { index: index.environment, key: attr.environment, value: (f) => f.environment },
  { index: index.blueprint, key: attr.blueprint, value: (f) => f.blueprint },
  { index: index.status, key: attr.status, value: (f) => f.status },
];

/** Items read per page when a FilterExpression may drop some (DynamoDB applies Limit before the filter). */
const FILTERED_PAGE = 100;

export class DynamoDeployments implements DeploymentStore {
  constructor(private readonly db: Db) {}

  async create(deployment: Deployment, first: NewOperation): Promise<void> {
    const name = deployment.name;
    const operation: Operation = queuedOperation(first, deployment.createdAt);
    await withRetries(`creating deployment "${name}"`, async () => {
      const existing = await readDeployment(this.db, name);
      if (!nameIsFree(existing?.deployment)) throw conflict(`deployment "${name}" already exists`, "exists");
      // A destroyed deployment's record is replaced (conditioned on the version read); its
      // operations stay, indexed by the name, and join the new deployment's history.
      const written = await this.db.commit([deploymentWrite(existing, { deployment: { ...deployment, runningOperation: null }, queued: [first.id] }), ...newOperationWrites(operation)]);
      return written ? undefined : RETRY;
    });
  }

  async get(name: string): Promise<Deployment | undefined> {
    return (await readDeployment(this.db, name))?.deployment;
  }

  async list(filter: DeploymentFilter): Promise<Deployment[]> {
    if (filter.limit <= 0) return [];
    const chosen = FILTER_INDEXES.find((f) => f.value(filter) !== undefined);
    const others = FILTER_INDEXES.filter((f) => f !== chosen && f.value(filter) !== undefined);
    const found: Deployment[] = [];
    let start: Item | undefined;
    do {
      const x = new Expr();
      const partition = chosen ? x.eq(chosen.key, chosen.value(filter)) : x.eq(attr.live, LIVE);
      const after = filter.after !== undefined ? ` AND ${x.name(attr.name)} > ${x.value(filter.after)}` : "";
      const filterExpression = others.map((f) => x.eq(f.key, f.value(filter))).join(" AND ");
      const page = await this.db.query({
        IndexName: chosen?.index ?? index.live,
        KeyConditionExpression: partition + after,
        ...(filterExpression ? { FilterExpression: filterExpression } : {}),
        ...x.params(),
        Limit: filterExpression ? Math.max(FILTERED_PAGE, filter.limit - found.length) : filter.limit - found.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      found.push(...page.items.map((item) => deploymentRecord(item).deployment));
      start = page.last;
    } while (start && found.length < filter.limit);
    return found.slice(0, filter.limit);
  }

  async setExpiry(name: string, at: string | null, now: string): Promise<Deployment> {
    return withRetries(`setting the expiry of deployment "${name}"`, async () => {
      const current = await readDeployment(this.db, name);
      if (!current) throw conflict(`deployment "${name}" not found`, "not-found");
      const admission = setExpiry(current.deployment, at, now);
      if (!admission.ok) throw conflict(admission.reason, "not-allowed");
      const written = await this.db.commit([deploymentWrite(current, { deployment: admission.deployment, queued: current.queued })]);
      return written ? admission.deployment : RETRY;
    });
  }
}
