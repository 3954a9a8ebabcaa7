import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for";
import { BlueprintReleases } from "../../api/service/blueprint-releases";
import { LATER_SEARCH_VERSION, laterSearchRelease, withChangedDefault } from "../support/newer-release";
import { TAGS, testApp } from "./support/test-app";

const NEXT = LATER_SEARCH_VERSION;
const nextRelease = laterSearchRelease();

/** 1.1.0 as above, and a tag default it adds: a request resolved at 1.0.0 has no `support` tag. */
const nextReleaseWithTag = new BlueprintReleases((id) => {
  const next = nextRelease.definition(id);
  return id === "dynamodb-search" ? withChangedDefault(next, { path: ["tags", "support"], value: "sre" }) : next;
});

type App = ReturnType<typeof testApp>;
const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function settled(t: App, operationId: string): Promise<void> {
  await waitFor(`operation ${operationId} succeeded`, async () => ((await (await t.app.request(`/v1/operations/${operationId}`)).json()) as { status: string }).status === "succeeded");
}

/** A deployment created and applied at 1.0.0, then the service restarted on the 1.1.0 release over the same store. */
async function deployedThenRestarted(release: BlueprintReleases = nextRelease): Promise<App> {
  const before = testApp();
  const created = await before.json("POST", "/v1/deployments", { name: "orders", blueprint: "dynamodb-search", params: {}, tags: TAGS });
  expect(created.status).toBe(202);
  await settled(before, ((await created.json()) as { operation: { id: string } }).operation.id);
  await before.worker.stop();
  await before.store.close();
  const after = testApp({ dbFile: before.dbFile, releases: release });
  apps.push(after, before);
  return after;
}

interface DeploymentBody {
  blueprintVersion: string;
  upgradeAvailable: unknown;
  params: { indexer: Record<string, unknown> };
}
interface UpgradePlanBody {
  id: string;
  params: { indexer: Record<string, unknown> };
  diff: { changed: { urn: string; type: string; properties: string[] }[] };
}
interface PreviewScopeBody {
  fromVersion: string;
  toVersion: string;
  params: { path: string; before?: unknown; after?: unknown }[];
  diff: { added: unknown[]; removed: unknown[]; changed: { urn: string; type: string; properties: string[] }[] } | null;
}
const get = async (t: App, name: string) => (await (await t.app.request(`/v1/deployments/${name}`)).json()) as DeploymentBody;

describe("blueprint versions: pinned deployments and reviewed upgrades", () => {
  it("keeps a deployment created at 1.0.0 on its resolved request across a restart on 1.1.0, and offers the upgrade", async () => {
    const t = await deployedThenRestarted();
    const deployment = await get(t, "orders");
    // Resolved at 1.0.0: its default stays, the new release's 512 does not leak in.
    expect(deployment.params.indexer.memoryMiB).toBe(256);
    expect(deployment.blueprintVersion).toBe("1.0.0");
    expect(deployment.upgradeAvailable).toEqual({ from: "1.0.0", to: NEXT, changes: [{ version: NEXT, changes: expect.arrayContaining(["Indexer memory defaults to 512 MiB"]) }] });
    const behind = (await (await t.app.request("/v1/deployments?upgradeAvailable=true")).json()) as { deployments: { name: string }[] };
    expect(behind.deployments.map((d) => d.name)).toEqual(["orders"]);
  });

  it("refuses an ordinary update of a deployment on an older version, naming the upgrade", async () => {
    const t = await deployedThenRestarted();
    const refused = await t.json("PATCH", "/v1/deployments/orders", { params: {} });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/at dynamodb-search 1\.0\.0 .* upgrade 1\.0\.0 → 1\.1\.0 .*upgrade-plan/);
    // Refresh runs no program: it works at any version.
    expect((await t.json("POST", "/v1/deployments/orders/refresh")).status).toBe(202);
  });

  it("plans the upgrade as exactly the changed properties, refuses a stale plan and applies a fresh one", async () => {
    const t = await deployedThenRestarted();
    const planned = await t.json("POST", "/v1/deployments/orders/upgrade-plan");
    expect(planned.status).toBe(201);
    const plan = (await planned.json()) as UpgradePlanBody;
    expect(plan).toMatchObject({ fromVersion: "1.0.0", toVersion: NEXT, baseline: expect.any(String), diff: { added: [], removed: [] } });
    expect(plan.diff.changed.map((c) => ({ type: c.type, properties: c.properties }))).toEqual([{ type: "aws:lambda/function:Function", properties: ["timeout"] }]);
    expect(plan.diff.changed[0]!.urn).toMatch(/indexer/i);
    expect(plan.params.indexer).toMatchObject({ memoryMiB: 256, timeoutSeconds: 60 });

    // The deployment moves (a refresh runs and ends): the plan no longer describes it.
    const refresh = (await (await t.json("POST", "/v1/deployments/orders/refresh")).json()) as { operation: { id: string } };
    await settled(t, refresh.operation.id);
    const stale = await t.json("POST", "/v1/deployments/orders/upgrade", { planId: plan.id });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { detail: string }).detail).toMatch(/changed since upgrade plan .* was made/);

    const fresh = (await (await t.json("POST", "/v1/deployments/orders/upgrade-plan")).json()) as UpgradePlanBody;
    const applied = await t.json("POST", "/v1/deployments/orders/upgrade", { planId: fresh.id });
    expect(applied.status).toBe(202);
    const accepted = (await applied.json()) as { operation: { id: string; kind: string; blueprintVersion: string } };
    expect(accepted.operation).toMatchObject({ kind: "update", blueprintVersion: NEXT });
    await settled(t, accepted.operation.id);
    const upgraded = await get(t, "orders");
    expect(upgraded).toMatchObject({ blueprintVersion: NEXT, upgradeAvailable: null });
    expect(upgraded.params.indexer.memoryMiB).toBe(256);
    expect((await t.json("POST", "/v1/deployments/orders/upgrade-plan")).status).toBe(409);
    // At the current version, ordinary updates run again.
    expect((await t.json("PATCH", "/v1/deployments/orders", { params: {} })).status).toBe(202);
  });

  it("refuses (409) an update checked at 1.0.0 by an instance still on the old release once an upgrade is queued ahead of it", async () => {
    const old = testApp();
    apps.push(old);
    const created = await old.json("POST", "/v1/deployments", { name: "orders", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    await settled(old, ((await created.json()) as { operation: { id: string } }).operation.id);
    await old.worker.stop();
    // An instance on the 1.1.0 release shares the store and queues the upgrade; no worker runs it yet.
    const upgraded = testApp({ dbFile: old.dbFile, releases: nextRelease });
    apps.push(upgraded);
    await upgraded.worker.stop();
    const plan = (await (await upgraded.json("POST", "/v1/deployments/orders/upgrade-plan")).json()) as UpgradePlanBody;
    expect((await upgraded.json("POST", "/v1/deployments/orders/upgrade", { planId: plan.id })).status).toBe(202);
    // The old instance still sees the deployment applied at the version it runs, so its own check passes;
    // the store's write, conditioned on that version, refuses to queue the update behind the upgrade.
    const racing = await old.json("PATCH", "/v1/deployments/orders", { params: {} });
    expect(racing.status).toBe(409);
    expect(((await racing.json()) as { detail: string }).detail).toMatch(/moves it to dynamodb-search 1\.1\.0; this change was checked at 1\.0\.0/);
    const history = (await (await old.app.request("/v1/deployments/orders/operations")).json()) as { operations: { kind: string; blueprintVersion: string | null }[] };
    expect(history.operations.filter((o) => o.kind === "update").map((o) => o.blueprintVersion)).toEqual([NEXT]);
  });

  it("says what a preview of a deployment on an older version runs: the version change, its resource diff and the request as the new version resolves it", async () => {
    const t = await deployedThenRestarted(nextReleaseWithTag);
    const previewed = await t.json("POST", "/v1/deployments/orders/preview");
    expect(previewed.status).toBe(202);
    const body = (await previewed.json()) as { operation: { id: string; kind: string }; scope: PreviewScopeBody };
    expect(body.operation.kind).toBe("preview");
    expect(body.scope).toMatchObject({ blueprint: "dynamodb-search", fromVersion: "1.0.0", toVersion: NEXT, changes: [{ version: NEXT, changes: expect.arrayContaining(["The indexer function times out after 120 s"]) }] });
    // Resolved again by 1.1.0: values the deployment holds are kept (memoryMiB stays 256), the new tag default shows.
    expect(body.scope.params).toEqual([{ path: "tags.support", after: "sre" }]);
    expect(body.scope.diff).toMatchObject({ added: [], removed: [] });
    const lambda = body.scope.diff!.changed.find((c) => c.type === "aws:lambda/function:Function" && /indexer/i.test(c.urn));
    expect(lambda?.properties).toContain("timeout");
    await settled(t, body.operation.id);
  });

  it("says a preview at the current version runs nothing beyond what was applied", async () => {
    const t = testApp();
    apps.push(t);
    const created = await t.json("POST", "/v1/deployments", { name: "orders", blueprint: "dynamodb-search", params: {}, tags: TAGS });
    await settled(t, ((await created.json()) as { operation: { id: string } }).operation.id);
    const body = (await (await t.json("POST", "/v1/deployments/orders/preview")).json()) as { scope: PreviewScopeBody };
    const version = (await get(t, "orders")).blueprintVersion;
    expect(body.scope).toEqual({ blueprint: "dynamodb-search", fromVersion: version, toVersion: version, changes: [], params: [], diff: null });
  });

  it("answers 404 for an upgrade plan it does not have", async () => {
    const t = await deployedThenRestarted();
    const missing = await t.json("POST", "/v1/deployments/orders/upgrade", { planId: "nope" });
    expect(missing.status).toBe(404);
  });
});
