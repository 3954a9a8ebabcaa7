import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Deployment, DeploymentRequest, OperationKind } from "../../api/domain/model";
import type { SqliteStore } from "../../api/store/sqlite-store";
import type { DeploymentEffect } from "../../api/store/store";
import { tempStore } from "./support/temp-store";

const NOW = "2026-01-01T00:00:01.000Z";
const tags = (environment: string) => ({ owner: "o", "cost-center": "c", environment });
const first: DeploymentRequest = { params: { v: 1 }, tags: tags("dev") };
const second: DeploymentRequest = { params: { v: 2 }, tags: tags("prod") };
const deployment = (name: string, request = first): Deployment => ({ name, blueprint: "dynamodb-search", region: "us-east-1", request, status: "pending", outputs: {}, needsRecovery: false, createdAt: NOW, updatedAt: NOW });
const op = (id: string, kind: OperationKind, request: DeploymentRequest = first) => ({ id, deployment: "a", kind, request });

describe("SqliteStore: what a deployment holds as its operations end", () => {
  let t: ReturnType<typeof tempStore>;
  let store: SqliteStore;
  beforeEach(() => {
    t = tempStore();
    store = t.store;
  });
  afterEach(() => t.close());

  const run = (id: string, status: "succeeded" | "failed", effect: DeploymentEffect) => {
    expect(store.claimNextOperation(NOW, [])?.id).toBe(id);
    return store.finishOperation(id, { status, deployment: effect, event: { type: `slipstream.${status}`, data: { id } } }, NOW);
  };

  it("takes an update's request only when it succeeds; a failed one stays on its operation", () => {
    store.createDeployment(deployment("a"), op("c1", "create"));
    run("c1", "succeeded", { status: "active", applyRequest: true });
    store.enqueueOperation(op("u1", "update", second), false);
    expect(store.getDeployment("a")?.request).toEqual(first);
    run("u1", "failed", { status: "failed" });
    expect(store.getDeployment("a")).toMatchObject({ status: "failed", request: first });
    expect(store.getOperation("u1")).toMatchObject({ status: "failed", request: second });
    expect(store.listDeployments({ limit: 10, environment: "dev" }).map((d) => d.name)).toEqual(["a"]);

    store.enqueueOperation(op("u2", "update", second), false);
    run("u2", "succeeded", { status: "active", applyRequest: true, outputs: { url: "x" } });
    expect(store.getDeployment("a")).toMatchObject({ status: "active", request: second, outputs: { url: "x" } });
    expect(store.listDeployments({ limit: 10, environment: "prod" }).map((d) => d.name)).toEqual(["a"]);
  });

  it("gives a preview, refresh or destroy the request the deployment holds when it starts", () => {
    store.createDeployment(deployment("a"), op("c1", "create"));
    store.enqueueOperation(op("u1", "update", second), false);
    store.enqueueOperation(op("p1", "preview", first), false);
    run("c1", "succeeded", { status: "active", applyRequest: true });
    run("u1", "succeeded", { status: "active", applyRequest: true });
    expect(store.claimNextOperation(NOW, [])).toMatchObject({ id: "p1", request: second });
  });

  it("appends the last event with the outcome, and only once", () => {
    store.createDeployment(deployment("a"), op("c1", "create"));
    store.appendEvent("c1", "preludeEvent", {}, NOW);
    expect(run("c1", "succeeded", {})).toMatchObject({ sequence: 2, type: "slipstream.succeeded", data: { id: "c1" } });
    expect(store.finishOperation("c1", { status: "failed", event: { type: "slipstream.failed", data: {} } }, NOW)).toBeUndefined();
    expect(store.listEvents("c1", 0, 10).map((e) => e.type)).toEqual(["preludeEvent", "slipstream.succeeded"]);
  });

  it("keeps a destroyed deployment's record and history, refuses work on it, and frees its name", () => {
    store.createDeployment(deployment("a"), op("c1", "create"));
    run("c1", "succeeded", { status: "active", applyRequest: true });
    store.enqueueOperation(op("d1", "destroy"), true);
    run("d1", "succeeded", { status: "destroyed", outputs: {} });
    expect(store.getDeployment("a")?.status).toBe("destroyed");
    expect(store.listDeployments({ limit: 10 })).toEqual([]);
    expect(store.enqueueOperation(op("p1", "preview"), false)).toBe(false);
    expect(store.listOperations("a", 10).map((o) => o.id)).toEqual(["d1", "c1"]);

    expect(store.createDeployment(deployment("a", second), op("c2", "create", second))).toBe(true);
    expect(store.getDeployment("a")).toMatchObject({ status: "pending", request: second, needsRecovery: false });
    expect(store.createDeployment(deployment("a"), op("c3", "create"))).toBe(false);
    expect(store.listOperations("a", 10).map((o) => o.id)).toEqual(["c2", "d1", "c1"]);
  });

  it("keeps `destroying` when an earlier operation ends after the destroy was queued", () => {
    store.createDeployment(deployment("a"), op("c1", "create"));
    expect(store.claimNextOperation(NOW, [])?.id).toBe("c1");
    store.enqueueOperation(op("d1", "destroy"), true);
    store.finishOperation("c1", { status: "succeeded", deployment: { status: "active", applyRequest: true }, event: { type: "slipstream.succeeded", data: {} } }, NOW);
    expect(store.getDeployment("a")?.status).toBe("destroying");
  });

  it.each([
    ["no change finished yet", [], "pending"],
    ["a create that succeeded", [["c1", "succeeded"]], "active"],
    ["an update that failed", [["c1", "succeeded"], ["u1", "failed"]], "failed"],
  ] as const)("gives a cancelled queued destroy's deployment the state of its last change: %s", (_label, finished, expected) => {
    store.createDeployment(deployment("a"), op("c1", "create"));
    if (finished.length > 1) store.enqueueOperation(op("u1", "update", second), false);
    for (const [id, status] of finished) run(id, status, { status: status === "succeeded" ? "active" : "failed" });
    store.enqueueOperation(op("d1", "destroy"), true);
    expect(store.requestCancel("d1", NOW)).toMatchObject({ status: "cancelled" });
    expect(store.getDeployment("a")?.status).toBe(expected);
  });
});
