import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { CompactPlan, UpgradePlan } from "../../domain/upgrades";
import { decodePlanRecord, encodePlanRecord } from "../plan-codec";
import { StoreConflictError, type PlanRecordStore } from "../store";
import type { Db } from "./db";
import { checkItemSize } from "./items";
import { PK, keys } from "./table";

/**
 * Applied and upgrade plans on DynamoDB: an item each, alone in its partition, put once on
 * the condition that none holds the key. The plan is gzipped JSON (../plan-codec.ts); an
 * item past DynamoDB's 400 KB is refused before the write (ItemTooLargeError).
 */
export class DynamoPlans implements PlanRecordStore {
  constructor(private readonly db: Db) {}

  async saveApplied(operationId: string, deployment: string, plan: CompactPlan): Promise<void> {
    const item = checkItemSize(marshall({ ...keys.appliedPlan(operationId), type: "applied-plan", deployment, plan: encodePlanRecord(plan) }), `the applied plan of operation ${operationId}`);
    if (!(await this.db.commit([{ put: item, condition: (x) => x.notExists(PK) }]))) throw new StoreConflictError(`operation ${operationId} already has its applied plan`, "exists");
  }

  async getApplied(operationId: string): Promise<CompactPlan | undefined> {
    const item = await this.db.get(keys.appliedPlan(operationId));
    return item ? decodePlanRecord<CompactPlan>(unmarshall(item).plan as string) : undefined;
  }

  async saveUpgrade(plan: UpgradePlan): Promise<void> {
    const item = checkItemSize(marshall({ ...keys.upgradePlan(plan.id), type: "upgrade-plan", deployment: plan.deployment, createdAt: plan.createdAt, plan: encodePlanRecord(plan) }), `upgrade plan ${plan.id}`);
    if (!(await this.db.commit([{ put: item, condition: (x) => x.notExists(PK) }]))) throw new StoreConflictError(`upgrade plan ${plan.id} already exists`, "exists");
  }

  async getUpgrade(id: string): Promise<UpgradePlan | undefined> {
    const item = await this.db.get(keys.upgradePlan(id));
    return item ? decodePlanRecord<UpgradePlan>(unmarshall(item).plan as string) : undefined;
  }
}
