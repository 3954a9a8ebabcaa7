import { describe, expect, it } from "vitest";
import { exampleRequest } from "../../blueprints/catalogue";
import { renderPlan } from "../../programs/offline-plan/render-plan";
import type { UpgradePlan } from "../../api/domain/upgrades";
import { compactPlan } from "../../api/service/blueprint-releases";
import { newId } from "../../api/store/ids";
import { StoreConflictError, type Store } from "../../api/store/store";
import { deploymentRecord, REQUESTER } from "./contract";

const NOW = "2026-01-01T00:00:00.000Z";
const lease = { owner: "w1", expiresAt: "2026-01-01T01:00:00.000Z" };

/** Blueprint versions in the store: versions ride on operations to the deployment, plans are kept, an upgrade queues only against the deployment it was planned on. */
export function versionsContract(store: () => Store): void {
  describe("blueprint versions and kept plans", () => {
    it("moves the deployment to the version a succeeded update carried, and records it as the applied operation", async () => {
      const create = newId();
      await store().deployments.create({ ...deploymentRecord("v"), blueprintVersion: "1.0.0" }, { id: create, deployment: "v", kind: "create", request: deploymentRecord("v").request, requestedBy: REQUESTER, blueprintVersion: "1.0.0" });
      expect((await store().operations.get(create))?.blueprintVersion).toBe("1.0.0");
      await store().operations.claimNext(lease, NOW, []);
      await store().operations.finish(create, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: null } }, NOW);
      expect(await store().deployments.get("v")).toMatchObject({ blueprintVersion: "1.0.0", appliedOperation: create });
      const update = newId();
      await store().operations.enqueue({ id: update, deployment: "v", kind: "update", request: deploymentRecord("v").request, requestedBy: REQUESTER, blueprintVersion: "1.1.0" }, NOW);
      await store().operations.claimNext(lease, NOW, []);
      await store().operations.finish(update, "w1", { status: "failed", event: { type: "slipstream.failed", data: null } }, NOW);
      expect(await store().deployments.get("v")).toMatchObject({ blueprintVersion: "1.0.0", appliedOperation: create });
      const retry = newId();
      await store().operations.enqueue({ id: retry, deployment: "v", kind: "update", request: deploymentRecord("v").request, requestedBy: REQUESTER, blueprintVersion: "1.1.0" }, NOW);
      await store().operations.claimNext(lease, NOW, []);
      await store().operations.finish(retry, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: null } }, NOW);
      expect(await store().deployments.get("v")).toMatchObject({ blueprintVersion: "1.1.0", appliedOperation: retry });
    });

    it("queues an operation expecting the deployment's updatedAt only while it still is that", async () => {
      await store().deployments.create(deploymentRecord("w"), { id: newId(), deployment: "w", kind: "create", request: deploymentRecord("w").request, requestedBy: REQUESTER });
      const seen = (await store().deployments.get("w"))!.updatedAt;
      await store().operations.enqueue({ id: newId(), deployment: "w", kind: "preview", request: deploymentRecord("w").request, requestedBy: REQUESTER }, "2026-01-01T00:00:05.000Z");
      const stale = store().operations.enqueue({ id: newId(), deployment: "w", kind: "update", request: deploymentRecord("w").request, requestedBy: REQUESTER, expectedUpdatedAt: seen }, NOW);
      await expect(stale).rejects.toMatchObject({ reason: "not-allowed", message: expect.stringMatching(/changed since the plan was made/) });
      const current = (await store().deployments.get("w"))!.updatedAt;
      const op = await store().operations.enqueue({ id: newId(), deployment: "w", kind: "update", request: deploymentRecord("w").request, requestedBy: REQUESTER, expectedUpdatedAt: current, blueprintVersion: "1.1.0" }, NOW);
      expect(op).toMatchObject({ status: "queued", blueprintVersion: "1.1.0" });
      expect(op).not.toHaveProperty("expectedUpdatedAt");
    });

    it("refuses an update checked at the applied version once an upgrade is queued or running ahead of it", async () => {
      const request = deploymentRecord("race").request;
      const create = newId();
      await store().deployments.create({ ...deploymentRecord("race"), blueprintVersion: "1.0.0" }, { id: create, deployment: "race", kind: "create", request, requestedBy: REQUESTER, blueprintVersion: "1.0.0" });
      await store().operations.claimNext(lease, NOW, []);
      await store().operations.finish(create, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: null } }, NOW);
      // Checked at 1.0.0 with nothing pending: it queues.
      const ordinary = await store().operations.enqueue({ id: newId(), deployment: "race", kind: "update", request, requestedBy: REQUESTER, blueprintVersion: "1.0.0", expectedBlueprintVersion: "1.0.0" }, NOW);
      expect(ordinary).toMatchObject({ status: "queued", blueprintVersion: "1.0.0" });
      expect(ordinary).not.toHaveProperty("expectedBlueprintVersion");
      // Another instance queues the upgrade to 1.1.0 behind it (the deployment is still applied at 1.0.0).
      await store().operations.enqueue({ id: newId(), deployment: "race", kind: "update", request, requestedBy: REQUESTER, blueprintVersion: "1.1.0" }, NOW);
      const racing = store().operations.enqueue({ id: newId(), deployment: "race", kind: "update", request, requestedBy: REQUESTER, blueprintVersion: "1.0.0", expectedBlueprintVersion: "1.0.0" }, NOW);
      await expect(racing).rejects.toBeInstanceOf(StoreConflictError);
      await expect(racing).rejects.toMatchObject({ reason: "not-allowed", message: expect.stringMatching(/moves it to \S+ 1\.1\.0; this change was checked at 1\.0\.0/) });
      // Refused while the upgrade runs too; a preview, which carries no version, still queues.
      await store().operations.claimNext(lease, NOW, []);
      await store().operations.finish(ordinary.id, "w1", { status: "succeeded", event: { type: "slipstream.succeeded", data: null } }, NOW);
      expect(await store().operations.claimNext(lease, NOW, [])).toMatchObject({ blueprintVersion: "1.1.0", status: "running" });
      await expect(store().operations.enqueue({ id: newId(), deployment: "race", kind: "update", request, requestedBy: REQUESTER, blueprintVersion: "1.0.0", expectedBlueprintVersion: "1.0.0" }, NOW)).rejects.toMatchObject({ reason: "not-allowed" });
      await expect(store().operations.enqueue({ id: newId(), deployment: "race", kind: "preview", request, requestedBy: REQUESTER }, NOW)).resolves.toMatchObject({ status: "queued" });
      const before = (await store().operations.listByDeployment("race", 10)).length;
      // Checked at a version the deployment is not applied at: refused, and nothing was written.
      await expect(store().operations.enqueue({ id: newId(), deployment: "race", kind: "update", request, requestedBy: REQUESTER, blueprintVersion: "1.1.0", expectedBlueprintVersion: "1.1.0" }, NOW)).rejects.toMatchObject({ reason: "not-allowed", message: expect.stringMatching(/is now at \S+ 1\.0\.0, not 1\.1\.0/) });
      expect(await store().operations.listByDeployment("race", 10)).toHaveLength(before);
    });

    it("keeps the largest example's applied plan, once per operation", async () => {
      const plan = compactPlan(await renderPlan("msk-data-lake", exampleRequest("msk-data-lake")));
      const id = newId();
      await store().plans.saveApplied(id, "lake", plan);
      expect(await store().plans.getApplied(id)).toEqual(plan);
      await expect(store().plans.saveApplied(id, "lake", plan)).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store().plans.getApplied(newId())).toBeUndefined();
    });

    it("keeps upgrade plans by id for any instance to read", async () => {
      const plan: UpgradePlan = {
        id: newId(),
        deployment: "v",
        blueprint: "dynamodb-search",
        fromVersion: "1.0.0",
        toVersion: "1.1.0",
        changes: [{ version: "1.1.0", changes: ["indexer memory"] }],
        deploymentUpdatedAt: NOW,
        baseline: null,
        request: deploymentRecord("v").request,
        diff: { added: [], changed: [{ urn: "urn:x", type: "aws:lambda/function:Function", properties: ["memorySize"] }], removed: [], unchanged: 3 },
        policy: { passed: true, violations: [], notApplicable: [], evaluated: { resources: 1, policies: 1 } },
        plan: { resources: [{ urn: "urn:x", type: "aws:lambda/function:Function", inputs: { memorySize: 2048 } }] },
        createdAt: NOW,
      };
      await store().plans.saveUpgrade(plan);
      expect(await store().plans.getUpgrade(plan.id)).toEqual(plan);
      await expect(store().plans.saveUpgrade(plan)).rejects.toMatchObject({ reason: "exists" });
      expect(await store().plans.getUpgrade(newId())).toBeUndefined();
    });
  });
}
