import { describe, expect, it } from "vitest";
import { admit, cancelQueued, claim, settle } from "../../api/domain/lifecycle";
import type { Deployment, OperationKind, OperationStatus } from "../../api/domain/model";

const NOW = "2026-01-01T00:00:01.000Z";
const request = { params: { v: 1 }, tags: { owner: "o", "cost-center": "c", environment: "dev" } };
const pending: Deployment = { name: "a", team: "default", blueprint: "dynamodb-search", region: "us-east-1", request, blueprintVersion: "1.0.0", appliedOperation: null, status: "pending", outputs: {}, needsRecovery: false, runningOperation: null, statusBeforeDestroy: null, lastError: null, drift: null, driftScheduleFrom: NOW, expiry: null, createdAt: NOW, updatedAt: NOW };

/** Runs one operation of `kind` to `status` through the lifecycle, as a store does. */
const end = (d: Deployment, kind: OperationKind, status: Exclude<OperationStatus, "queued" | "running">) => settle(claim(d, "op"), { operationId: "op", kind, request, status }, NOW);
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
    const updated = settle(destroying, { operationId: "update-1", kind: "update", request, status: "failed" }, NOW);
    expect(updated).toMatchObject({ status: "destroying", statusBeforeDestroy: "failed", runningOperation: null });
    expect(cancelQueued(updated, "destroy", NOW).status).toBe("failed");
  });
});

describe("a destroy that started and did not succeed", () => {
  const active = () => end(pending, "create", "succeeded");
  const destroyEnds = (d: Deployment, status: "failed" | "cancelled" | "interrupted") =>
    settle(claim(queueDestroy(d), "destroy-1"), { operationId: "destroy-1", kind: "destroy", request, status, error: { title: "Destroy failed", detail: "the bucket is not empty" } }, NOW);

  it.each(["failed", "cancelled", "interrupted"] as const)("leaves the deployment destroy_failed with its error when it %s", (status) => {
    expect(destroyEnds(active(), status)).toMatchObject({
      status: "destroy_failed",
      statusBeforeDestroy: null,
      lastError: { title: "Destroy failed", detail: "the bucket is not empty", operationId: "destroy-1", at: NOW },
    });
  });

  it("admits a retried destroy, refresh, preview, drift check and update, and a queued destroy cancelled returns to destroy_failed", () => {
    const failed = destroyEnds(active(), "failed");
    for (const kind of ["destroy", "refresh", "preview", "update", "drift-check"] as const) expect(admit(failed, kind, NOW).ok).toBe(true);
    expect(cancelQueued(queueDestroy(failed), "destroy", NOW)).toMatchObject({ status: "destroy_failed" });
  });

  it("stays destroy_failed through a failed update, and is active with no error once a change succeeds", () => {
    const failed = destroyEnds(active(), "failed");
    expect(end(failed, "update", "failed")).toMatchObject({ status: "destroy_failed", lastError: { operationId: "op" } });
    expect(end(failed, "update", "succeeded")).toMatchObject({ status: "active", lastError: null });
    expect(destroyEnds(failed, "failed").status).toBe("destroy_failed");
  });
});

describe("drift on the deployment", () => {
  const change = { urn: "urn:pulumi:s::p::aws:sqs/queue:Queue::q", type: "aws:sqs/queue:Queue", change: "update" as const, properties: ["visibilityTimeoutSeconds"] };
  const checked = (d: Deployment, found: (typeof change)[]) => settle(claim(d, "check-1"), { operationId: "check-1", kind: "drift-check", request, status: "succeeded", drift: found }, NOW);
  const active = () => end(pending, "create", "succeeded");

  it("records what a check found, and clears it when a later check finds nothing", () => {
    const drifted = checked(active(), [change]);
    expect(drifted.drift).toEqual({ operationId: "check-1", foundAt: NOW, changes: [change] });
    expect(checked(drifted, []).drift).toBeNull();
  });

  it("is cleared by a create, update or refresh that succeeded, and kept by a failed one", () => {
    const drifted = checked(active(), [change]);
    expect(end(drifted, "update", "succeeded").drift).toBeNull();
    expect(end(drifted, "refresh", "succeeded").drift).toBeNull();
    expect(end(drifted, "update", "failed").drift).not.toBeNull();
    expect(end(drifted, "drift-check", "failed").drift).not.toBeNull();
  });

  it("is checked only once deployed, and restarts the drift schedule when queued", () => {
    expect(admit(pending, "drift-check", NOW).ok).toBe(false);
    const later = "2026-01-02T00:00:00.000Z";
    const admission = admit(active(), "drift-check", later);
    expect(admission.ok && admission.deployment.driftScheduleFrom).toBe(later);
  });
});
