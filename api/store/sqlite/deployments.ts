import { queuedOperation } from "../outcomes";
import { nameIsFree } from "../../domain/lifecycle";
import { setExpiry } from "../../domain/schedule-rules";
import type { Deployment } from "../../domain/model";
import type { DeploymentFilter, DeploymentStore, NewOperation } from "../store";
import { conflict, immediate, insertOperation, readDeployment, toDeployment, writeDeployment, type Db, type DeploymentRow } from "./rows";

/** Deployments on SQLite: one row per name; a destroyed one keeps its row until the name is reused. */
export class SqliteDeployments implements DeploymentStore {
  constructor(private readonly db: Db) {}

  async create(deployment: Deployment, first: NewOperation): Promise<void> {
    immediate(this.db, () => {
      const existing = readDeployment(this.db, deployment.name);
      const taken = conflict(`deployment "${deployment.name}" already exists`, "exists");
      if (!nameIsFree(existing)) throw taken();
      writeDeployment(this.db, existing, { ...deployment, runningOperation: null }, taken);
      insertOperation(this.db, queuedOperation(first, deployment.createdAt));
    });
  }

  async get(name: string): Promise<Deployment | undefined> {
    return readDeployment(this.db, name);
  }

  async list(f: DeploymentFilter): Promise<Deployment[]> {
    // Destroyed deployments keep their record for their history only.
    const where: string[] = ["status != 'destroyed'"];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      args.push(value);
    };
    if (f.team !== undefined) add("team = ?", f.team);
    if (f.blueprint !== undefined) add("blueprint = ?", f.blueprint);
    if (f.status !== undefined) add("status = ?", f.status);
    if (f.environment !== undefined) add("environment = ?", f.environment);
    if (f.owner !== undefined) add("owner = ?", f.owner);
    // Written as the partial drifted indexes' WHERE has it, so that SQLite uses them.
    if (f.drifted === true) where.push("drift IS NOT NULL");
    if (f.after !== undefined) add("name > ?", f.after);
    const sql = `SELECT * FROM deployments WHERE ${where.join(" AND ")} ORDER BY name LIMIT ?`;
    return (this.db.prepare(sql).all(...args, f.limit) as DeploymentRow[]).map(toDeployment);
  }

  async setExpiry(name: string, at: string | null, now: string): Promise<Deployment> {
    return immediate(this.db, () => {
      const current = readDeployment(this.db, name);
      if (!current) throw conflict(`deployment "${name}" not found`, "not-found")();
      const admission = setExpiry(current, at, now);
      if (!admission.ok) throw conflict(admission.reason, "not-allowed")();
      writeDeployment(this.db, current, admission.deployment, conflict(`deployment "${name}" changed while setting its expiry`, "not-allowed"));
      return admission.deployment;
    });
  }
}
