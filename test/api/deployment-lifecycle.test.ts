import { describe, expect, it } from "vitest";
import { admit, cancelQueued, claim, settle } from "../../api/domain/lifecycle";
import type { Deployment, OperationKind, OperationStatus } from "../../api/domain/model";

const NOW = "2026-01-01T00:00:01.000Z";
const request = { params: { v: 1 }, tags: { owner: "o", "cost-center": "c", environment: "dev" } };
const pending: Deployment = { name: "a", team: "default", blueprint: "dynamodb-search", region: "us-east-1", request, status: "pending", outputs: {}, needsRecovery: false, runningOperation: null, statusBeforeDestroy: null, createdAt: NOW, updatedAt: NOW };

/** Runs one operation of `kind` to `status` through the lifecycle, as a store does. */
const end = (d: Deployment, kind: OperationKind, status: Exclude<OperationStatus, "queued" | "running">) => settle(claim(d, "op"), { kind, request, status }, NOW);
const queueDestroy = (d: Deployment) => {
  const admission = admit(d, "destroy", NOW);
  if (!admission.ok) throw new Error(admission.reason);
  return admission.deployment;
};

// Ported from the SQLite store's tests: the rule now lives in the lifecycle every backend applies.
describe("a destroy cancelled before it starts", () => {
  it.each([
    ["no change finished yet", (d: Deployment) => d, "pending"],
    ["a create that succeeded", (d: Deployment) => end(d, "create", "succeeded"), "active"],
    ["an update that failed", (d: Deployment) => end(end(d, "create", "succeeded"), "update", "failed"), "failed"],
    ["a create that was interrupted", (d: Deployment) => end(d, "create", "interrupted"), "failed"],
  ] as const)("gives the deployment back the state of its last change: %s", (_label, history, expected) => {
    const destroying = queueDestroy(history(pending));
    expect(destroying.status).toBe("destroying");
    expect(cancelQueued(destroying, "destroy", NOW)).toMatchObject({ status: expected, statusBeforeDestroy: null });
  });

  it("returns to what a change that ended while the destroy waited left", () => {
    const running = claim(end(pending, "create", "succeeded"), "update-1");
    const destroying = queueDestroy(running);
    const updated = settle(destroying, { kind: "update", request, status: "failed" }, NOW);
    expect(updated).toMatchObject({ status: "destroying", statusBeforeDestroy: "failed", runningOperation: null });
    expect(cancelQueued(updated, "destroy", NOW).status).toBe("failed");
  });
});
