import { describe, expect, it } from "vitest";
import { renderPlan } from "../../../programs/offline-plan/render-plan";
import { exampleOf } from "../../support/blueprint-requests";
import { inputs, one, ofType, statementsOf } from "../../support/plan-queries";

// The OpenSearch leg of access-log-analytics: Firehose's delivery role is a writer mapped inside
// the domain, never its master (deploy-review B4); the administrator and Dashboards sign-in are options.

const { example, withParams } = exampleOf("access-log-analytics");
const DOMAIN = "aws:opensearch/domain:Domain";
const ADMIN = "arn:aws:iam::111122223333:role/log-admins";

describe("access-log-analytics OpenSearch access", () => {
  it("maps the delivery role to the writer role on every rotated index, with a master the deployment owns", async () => {
    const plan = await renderPlan("access-log-analytics", example, { name: "web" });
    const domain = one(plan, DOMAIN);
    expect(inputs(domain).advancedSecurityOptions.masterUserOptions.masterUserArn).toBe("arn:aws:iam::000000000000:role/web-search-access-role");
    const { plan: access } = JSON.parse(inputs(one(plan, "aws:lambda/invocation:Invocation")).input);
    expect(access.mappings).toEqual({ slipstream_writer: { backend_roles: ["arn:aws:iam::000000000000:role/web-search-delivery-role"], users: [] } });
    expect(access.roles.slipstream_writer.index_permissions[0].index_patterns).toEqual([`${example.params["search"].indexName}*`]);
    expect(statementsOf(domain).map((s) => s.Sid)).toEqual(["Writers", "MasterUser"]);
    expect(ofType(plan, "aws:cognito/userPool:UserPool")).toHaveLength(0);
  });

  it("adds the administrator and Cognito sign-in when asked", async () => {
    const plan = await renderPlan("access-log-analytics", withParams({ search: { masterUserArn: ADMIN, dashboards: { enabled: true } } }), { name: "web" });
    expect(statementsOf(one(plan, DOMAIN)).map((s) => s.Sid)).toEqual(["Writers", "MasterUser", "Administrator", "DashboardsUsers"]);
    const { plan: access } = JSON.parse(inputs(one(plan, "aws:lambda/invocation:Invocation")).input);
    expect(Object.keys(access.mappings)).toEqual(["slipstream_writer", "all_access", "security_manager", "slipstream_reader", "opensearch_dashboards_user"]);
    expect(inputs(one(plan, DOMAIN)).cognitoOptions).toMatchObject({ enabled: true });
  });
});
