import type { CompactPlan, UpgradePlan } from "../../domain/upgrades";
import { decodePlanRecord, encodePlanRecord } from "../plan-codec";
import { StoreConflictError, type PlanRecordStore } from "../store";
import type { Db } from "./rows";

/** Applied and upgrade plans on SQLite: a row each, written once (`INSERT … ON CONFLICT DO NOTHING`). */
export class SqlitePlans implements PlanRecordStore {
  constructor(private readonly db: Db) {}

  async saveApplied(operationId: string, deployment: string, plan: CompactPlan): Promise<void> {
    const result = this.db.prepare(`INSERT INTO applied_plans (operation_id, deployment, plan) VALUES (?, ?, ?) ON CONFLICT (operation_id) DO NOTHING`).run(operationId, deployment, encodePlanRecord(plan));
    if (result.changes !== 1) throw new StoreConflictError(`operation ${operationId} already has its applied plan`, "exists");
  }

  async getApplied(operationId: string): Promise<CompactPlan | undefined> {
    const row = this.db.prepare(`SELECT plan FROM applied_plans WHERE operation_id = ?`).get(operationId) as { plan: string } | undefined;
    return row ? decodePlanRecord<CompactPlan>(row.plan) : undefined;
  }

  async saveUpgrade(plan: UpgradePlan): Promise<void> {
    const result = this.db.prepare(`INSERT INTO upgrade_plans (id, deployment, plan, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`).run(plan.id, plan.deployment, encodePlanRecord(plan), plan.createdAt);
    if (result.changes !== 1) throw new StoreConflictError(`upgrade plan ${plan.id} already exists`, "exists");
  }

  async getUpgrade(id: string): Promise<UpgradePlan | undefined> {
    const row = this.db.prepare(`SELECT plan FROM upgrade_plans WHERE id = ?`).get(id) as { plan: string } | undefined;
    return row ? decodePlanRecord<UpgradePlan>(row.plan) : undefined;
  }
}
