import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { searchAccessPlan, type SearchAccessPlan } from "../../../../blueprints/building-blocks/search-access-plan";
import { AccessEventError } from "../../../../blueprints/building-blocks/search-access-function/access-event";
import { createAccessHandler } from "../../../../blueprints/building-blocks/search-access-function/create-handler";
import { createSignedRequester } from "../../../../blueprints/building-blocks/search-access-function/security-api";
import { CREDENTIALS, FakeSecurityApi, REGION } from "./fake-security-api";

const MASTER = "arn:aws:iam::111122223333:role/orders-search-access-role";
const INDEXER = "arn:aws:iam::111122223333:role/orders-indexer-role";
const ADMIN = "arn:aws:iam::111122223333:role/search-admins";
const ADMIN_USER = "arn:aws:iam::111122223333:user/alice";
const READER = "arn:aws:iam::111122223333:role/orders-search-dashboards-users";
const HAND_MAPPED = "arn:aws:iam::111122223333:role/mapped-by-hand";

let fake: FakeSecurityApi;
let sleeps: number[];
beforeAll(async () => {
  fake = await FakeSecurityApi.start();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset(MASTER);
  sleeps = [];
});

function handler(remainingMs = 300_000) {
  const apply = createAccessHandler({
    requesterFor: (endpoint) => createSignedRequester({ endpoint, region: REGION, credentials: CREDENTIALS, protocol: "http:" }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    log: () => {},
  });
  return (event: unknown) => apply(event, { getRemainingTimeInMillis: () => remainingMs - sleeps.reduce((a, b) => a + b, 0) });
}

const plan = (overrides: Partial<Parameters<typeof searchAccessPlan>[0]> = {}): SearchAccessPlan =>
  searchAccessPlan({ writerRoleArns: [INDEXER], writeIndexPatterns: ["orders*"], adminArns: [], readerRoleArns: [], ...overrides });
// What the deployment's Invocation sends, with Pulumi's lifecycle key.
const event = (p: SearchAccessPlan, tf?: { action: string; prev_input?: unknown }) => ({ endpoint: fake.endpoint, plan: p, ...(tf === undefined ? {} : { tf }) });

describe("the access function on create", () => {
  it("maps the writer to its own role, leaving the master where the domain put it", async () => {
    await expect(handler()(event(plan(), { action: "create" }))).resolves.toMatchObject({ status: "applied" });

    expect(fake.roles.get("slipstream_writer")).toEqual({
      cluster_permissions: ["cluster_composite_ops", "cluster_monitor"],
      index_permissions: [{ index_patterns: ["orders*"], allowed_actions: ["create_index", "manage", "crud"] }],
    });
    expect(fake.mappings.get("slipstream_writer")).toMatchObject({ backend_roles: [INDEXER], users: [] });
    expect(fake.mappings.get("all_access")).toMatchObject({ backend_roles: [MASTER] });
    expect(fake.violations).toEqual([]);
  });

  it("adds an administrator (role or user) to all_access and security_manager beside the master", async () => {
    await handler()(event(plan({ adminArns: [ADMIN, ADMIN_USER] })));

    for (const role of ["all_access", "security_manager"]) {
      expect(fake.mappings.get(role), role).toMatchObject({ backend_roles: [MASTER, ADMIN], users: [ADMIN_USER] });
    }
  });

  it("maps Dashboards users read-only and to opensearch_dashboards_user", async () => {
    await handler()(event(plan({ readerRoleArns: [READER] })));

    expect(fake.roles.get("slipstream_reader")).toEqual({ cluster_permissions: ["cluster_composite_ops_ro"], index_permissions: [{ index_patterns: ["orders*"], allowed_actions: ["read"] }] });
    expect(fake.mappings.get("slipstream_reader")).toMatchObject({ backend_roles: [READER] });
    expect(fake.mappings.get("opensearch_dashboards_user")).toMatchObject({ backend_roles: [READER] });
  });

  it("creates the index with its settings, or updates the settings of one that exists", async () => {
    const settings = { index: "orders", settings: { "index.gc_deletes": "3660s" } };
    await handler()(event(plan({ indexSettings: [settings] })));
    expect(fake.indexSettings.get("orders")).toEqual({ "index.gc_deletes": "3660s" });

    await handler()(event(plan({ indexSettings: [{ index: "orders", settings: { "index.gc_deletes": "7260s" } }] }), { action: "update" }));
    expect(fake.indexSettings.get("orders")).toEqual({ "index.gc_deletes": "7260s" });
    expect(fake.calls).toContain("PUT /orders/_settings");
  });

  it("changes nothing when run again", async () => {
    const apply = handler();
    await apply(event(plan({ adminArns: [ADMIN] })));
    await expect(apply(event(plan({ adminArns: [ADMIN] })))).resolves.toMatchObject({ result: { mappingsChanged: 0 } });
  });
});

describe("the access function on update", () => {
  it("takes out only what the previous plan mapped and this one does not, keeping hand-made mappings", async () => {
    const before = plan({ adminArns: [ADMIN], readerRoleArns: [READER] });
    await handler()(event(before, { action: "create" }));
    const allAccess = fake.mappings.get("all_access")!;
    fake.mappings.set("all_access", { ...allAccess, backend_roles: [...allAccess.backend_roles, HAND_MAPPED] });

    await handler()(event(plan(), { action: "update", prev_input: { endpoint: fake.endpoint, plan: before } }));

    expect(fake.mappings.get("all_access")).toMatchObject({ backend_roles: [MASTER, HAND_MAPPED] });
    expect(fake.mappings.get("security_manager")).toMatchObject({ backend_roles: [MASTER] });
    // Dashboards sign-in turned off: the role Slipstream made goes, with its mapping.
    expect(fake.roles.has("slipstream_reader")).toBe(false);
    expect(fake.mappings.has("slipstream_reader")).toBe(false);
    expect(fake.mappings.get("opensearch_dashboards_user")).toMatchObject({ backend_roles: [] });
    expect(fake.mappings.get("slipstream_writer")).toMatchObject({ backend_roles: [INDEXER] });
  });

  it("reads the previous input also when Pulumi hands it over as JSON text", async () => {
    const before = plan({ adminArns: [ADMIN] });
    await handler()(event(before));
    await handler()(event(plan(), { action: "update", prev_input: JSON.stringify({ endpoint: fake.endpoint, plan: before }) }));

    expect(fake.mappings.get("all_access")).toMatchObject({ backend_roles: [MASTER] });
  });
});

describe("the access function's failures", () => {
  it("waits out a new domain refusing its master (403) and then applies", async () => {
    fake.refuseNext(403, 3);

    await expect(handler()(event(plan()))).resolves.toMatchObject({ status: "applied" });

    expect(sleeps).toEqual([750, 1500, 3000]);
    expect(fake.mappings.get("slipstream_writer")).toBeDefined();
  });

  it("fails the deployment, naming the call, when the domain keeps refusing until time runs out", async () => {
    fake.refuseNext(403, 1_000);

    await expect(handler(30_000)(event(plan()))).rejects.toThrow(/^PUT \/_plugins\/_security\/api\/roles\/slipstream_writer still failed after \d+ attempts: HTTP 403 security_exception$/);
  });

  it("does not retry a call the domain refuses for good", async () => {
    fake.refusePaths.add("/_plugins/_security/api/roles/slipstream_writer");

    await expect(handler()(event(plan()))).rejects.toThrow("PUT /_plugins/_security/api/roles/slipstream_writer was refused: HTTP 400 illegal_argument_exception");
    expect(sleeps).toEqual([]);
  });

  it("does nothing on delete: the domain goes with the deployment, and a failure would block the destroy", async () => {
    fake.refuseNext(500, 1_000);

    await expect(handler()(event(plan(), { action: "delete" }))).resolves.toEqual({ status: "skipped", reason: "delete" });
    expect(fake.calls).toEqual([]);
  });

  it("refuses an event that is not the deployment's", async () => {
    await expect(handler()({ endpoint: "https://example.com/x", plan: plan() })).rejects.toThrow(AccessEventError);
    await expect(handler()({ endpoint: fake.endpoint, plan: { ...plan(), roles: { "../_cluster": {} } } })).rejects.toThrow("is not a role or index name");
    await expect(handler()(event(plan(), { action: "rollback" }))).rejects.toThrow('tf.action "rollback" is not create, update or delete');
  });
});
