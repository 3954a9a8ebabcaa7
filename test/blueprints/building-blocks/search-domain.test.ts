import { describe, expect, it } from "vitest";
import { accountContext } from "../../../blueprints/building-blocks/account";
import { SearchDomain, type SearchDomainArgs } from "../../../blueprints/building-blocks/search-domain";
import { sizingFor } from "../../../blueprints/building-blocks/sizing";
import { failsInHost, renderInHost, type Host } from "../../support/component-host";
import { inputs, ofType, one, statementsOf } from "../../support/plan-queries";

// SearchDomain's rendered plan: who the access policy admits, who fine-grained access control
// maps (through the access function's Invocation), where logs are granted, and Dashboards sign-in.

const TAGS = { owner: "o", "cost-center": "c", environment: "dev", "managed-by": "slipstream", "slipstream:blueprint": "b", "slipstream:deployment": "d" };
const KEY = "arn:aws:kms:us-east-1:000000000000:key/k";
const WRITER = "arn:aws:iam::000000000000:role/orders-indexer-role";
const ADMIN = "arn:aws:iam::111122223333:role/search-admins";
const DOMAIN = "aws:opensearch/domain:Domain";
const ROLE = "aws:iam/role:Role";
const INVOCATION = "aws:lambda/invocation:Invocation";
const LOG_POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
const DOMAIN_ARN = "arn:aws:es:us-east-1:000000000000:domain/orders-search";

const args = (host: Host, overrides: Partial<SearchDomainArgs> = {}): SearchDomainArgs => ({
  account: accountContext(host),
  kmsKeyArn: KEY,
  tags: TAGS,
  logRetentionDays: 365,
  protect: false,
  domainName: "orders-search",
  sizing: sizingFor("dev").opensearch,
  writerRoleArns: [WRITER],
  writeIndexPatterns: ["orders*"],
  ...overrides,
});
const render = (overrides: (host: Host) => Partial<SearchDomainArgs> = () => ({})) => renderInHost((host) => new SearchDomain("orders-search", args(host, overrides(host)), { parent: host }));
const accessPlanOf = (resources: Awaited<ReturnType<typeof render>>) => JSON.parse(inputs(one(resources, INVOCATION)).input);
const principalsOf = (resources: Awaited<ReturnType<typeof render>>) =>
  Object.fromEntries(statementsOf(one(resources, DOMAIN)).map((s) => [s.Sid, { principals: (s.Principal as { AWS: string[] }).AWS, actions: s.Action }]));

describe("SearchDomain access (deploy-review B4)", () => {
  it("makes a role it owns the master user, and admits it next to the writers", async () => {
    const resources = await render();
    const master = one(resources, ROLE, "access-role");
    expect(inputs(one(resources, DOMAIN)).advancedSecurityOptions).toEqual({
      enabled: true,
      internalUserDatabaseEnabled: false,
      masterUserOptions: { masterUserArn: "arn:aws:iam::000000000000:role/orders-search-access-role" },
    });
    expect(one(resources, DOMAIN).propertyDependencies["advancedSecurityOptions"]).toContain(master.urn);
    expect(principalsOf(resources)).toEqual({
      Writers: { principals: [WRITER], actions: ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"] },
      MasterUser: { principals: ["arn:aws:iam::000000000000:role/orders-search-access-role"], actions: ["es:ESHttpGet", "es:ESHttpPut", "es:ESHttpDelete"] },
    });
  });

  it("maps the writers inside the domain once it exists, through a function running as the master", async () => {
    const resources = await render();
    const invocation = one(resources, INVOCATION);
    const fn = one(resources, "aws:lambda/function:Function", "access-function");
    expect(inputs(invocation)).toMatchObject({ functionName: "orders-search-access-function", lifecycleScope: "CRUD" });
    expect(invocation.dependencies).toContain(one(resources, DOMAIN).urn);
    expect(invocation.dependencies).toContain(fn.urn);
    expect(accessPlanOf(resources)).toEqual({
      endpoint: "search-orders-search-plan.us-east-1.es.amazonaws.com",
      plan: {
        roles: { slipstream_writer: { cluster_permissions: ["cluster_composite_ops", "cluster_monitor"], index_permissions: [{ index_patterns: ["orders*"], allowed_actions: ["create_index", "manage", "crud"] }] } },
        mappings: { slipstream_writer: { backend_roles: [WRITER], users: [] } },
        indexSettings: [],
      },
    });
    expect(inputs(fn)).toMatchObject({ role: "arn:aws:iam::000000000000:role/orders-search-access-role", timeout: 300 });
    expect(statementsOf(one(resources, "aws:iam/rolePolicy:RolePolicy", "access-function-policy"))).toContainEqual({
      Sid: "ManageRolesAndMappings",
      Effect: "Allow",
      Action: ["es:ESHttpGet", "es:ESHttpPut", "es:ESHttpDelete"],
      Resource: [`${DOMAIN_ARN}/_plugins/_security/api/roles/*`, `${DOMAIN_ARN}/_plugins/_security/api/rolesmapping/*`],
    });
  });

  it("admits an administrator and maps it to all_access and security_manager, beside the master", async () => {
    const resources = await render(() => ({ adminArn: ADMIN }));
    expect(principalsOf(resources)["Administrator"]).toEqual({ principals: [ADMIN], actions: ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete", "es:ESHttpPatch"] });
    expect(accessPlanOf(resources).plan.mappings).toEqual({
      slipstream_writer: { backend_roles: [WRITER], users: [] },
      all_access: { backend_roles: [ADMIN], users: [] },
      security_manager: { backend_roles: [ADMIN], users: [] },
    });
    // The writer stays a writer: it is never the master.
    expect(inputs(one(resources, DOMAIN)).advancedSecurityOptions.masterUserOptions.masterUserArn).not.toBe(WRITER);
  });

  it("maps an administrator that is an IAM user as a user, not a backend role", async () => {
    const user = "arn:aws:iam::111122223333:user/alice";
    const resources = await render(() => ({ adminArn: user }));
    expect(accessPlanOf(resources).plan.mappings.all_access).toEqual({ backend_roles: [], users: [user] });
  });
});

describe("SearchDomain log delivery (deploy-review M2)", () => {
  it("grants OpenSearch each log group by a policy on that log group, never an account-level one", async () => {
    const resources = await render();
    const policies = ofType(resources, LOG_POLICY);
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(inputs(policy).policyName, policy.name).toBeUndefined();
      const group = ofType(resources, "aws:cloudwatch/logGroup:LogGroup").find((g) => policy.propertyDependencies["resourceArn"]?.includes(g.urn));
      expect(group, `${policy.name} is scoped to a log group`).toBeDefined();
      expect(statementsOf(policy)).toEqual([
        {
          Sid: "OpenSearchPublishesLogs",
          Effect: "Allow",
          Principal: { Service: "es.amazonaws.com" },
          Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
          Resource: [`${inputs(policy).resourceArn}:*`],
          Condition: { StringEquals: { "aws:SourceAccount": "000000000000" }, ArnLike: { "aws:SourceArn": DOMAIN_ARN } },
        },
      ]);
    }
    // Log publishing is validated when the domain is created: the grants come first.
    expect(one(resources, DOMAIN).dependencies).toEqual(expect.arrayContaining(policies.map((p) => p.urn)));
  });
});

describe("SearchDomain Dashboards sign-in (deploy-review M6)", () => {
  const withDashboards = (mfa: "required" | "optional" = "required", protect = false) => render(() => ({ dashboards: { mfa }, protect }));

  it("creates an administrator-only Cognito user pool with MFA and a strong password policy", async () => {
    const resources = await withDashboards();
    expect(inputs(one(resources, "aws:cognito/userPool:UserPool"))).toMatchObject({
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      mfaConfiguration: "ON",
      softwareTokenMfaConfiguration: { enabled: true },
      passwordPolicy: { minimumLength: 14, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 3 },
      deletionProtection: "INACTIVE",
      tags: TAGS,
    });
    expect(inputs(one(resources, "aws:cognito/userPool:UserPool", "users"))).toBeDefined();
    expect(inputs(one(await withDashboards("optional", true), "aws:cognito/userPool:UserPool"))).toMatchObject({ mfaConfiguration: "OPTIONAL", deletionProtection: "ACTIVE" });
    expect(inputs(one(resources, "aws:cognito/identityPool:IdentityPool"))).toMatchObject({ identityPoolName: "orders_search_dashboards", allowUnauthenticatedIdentities: false });
    expect(inputs(one(resources, "aws:cognito/userPoolDomain:UserPoolDomain")).domain).toBe("orders-search-000000000000");
  });

  it("wires the pools into the domain and admits only their authenticated role, mapped read-only", async () => {
    const resources = await withDashboards();
    const domain = one(resources, DOMAIN);
    const userRole = one(resources, ROLE, "dashboards-users");
    expect(inputs(domain).cognitoOptions).toMatchObject({ enabled: true, roleArn: "arn:aws:iam::000000000000:role/orders-search-dashboards-setup" });
    for (const target of [one(resources, "aws:cognito/userPool:UserPool"), one(resources, "aws:cognito/identityPool:IdentityPool"), one(resources, ROLE, "dashboards-setup")]) {
      expect(domain.propertyDependencies["cognitoOptions"], target.name).toContain(target.urn);
    }
    expect(principalsOf(resources)["DashboardsUsers"]?.principals).toEqual(["arn:aws:iam::000000000000:role/orders-search-dashboards-users"]);
    expect(domain.propertyDependencies["accessPolicies"]).toContain(userRole.urn);
    const { mappings, roles } = accessPlanOf(resources).plan;
    expect(mappings.slipstream_reader).toEqual({ backend_roles: ["arn:aws:iam::000000000000:role/orders-search-dashboards-users"], users: [] });
    expect(mappings.opensearch_dashboards_user).toEqual(mappings.slipstream_reader);
    expect(roles.slipstream_reader.index_permissions).toEqual([{ index_patterns: ["orders*"], allowed_actions: ["read"] }]);
    // No access policy statement admits anyone but named roles.
    for (const statement of statementsOf(domain)) expect((statement.Principal as { AWS: string[] }).AWS).not.toContain("*");
  });

  it("lets only the identity pool's signed-in users assume the role, and OpenSearch configure exactly these pools", async () => {
    const resources = await withDashboards();
    const trust = JSON.parse(inputs(one(resources, ROLE, "dashboards-users")).assumeRolePolicy);
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": "orders-search-dashboards-identities-id" }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } },
      },
    ]);
    const configure = statementsOf(one(resources, "aws:iam/rolePolicy:RolePolicy", "cognito-policy"));
    expect(configure.map((s) => s.Resource)).toEqual([
      ["arn:aws:cognito-idp:us-east-1:000000000000:userpool/orders-search-dashboards-users-id"],
      ["arn:aws:cognito-identity:us-east-1:000000000000:identitypool/orders-search-dashboards-identities-id"],
      ["arn:aws:iam::000000000000:role/orders-search-dashboards-users"],
    ]);
    expect(JSON.parse(inputs(one(resources, ROLE, "dashboards-setup")).assumeRolePolicy).Statement[0].Principal).toEqual({ Service: "opensearchservice.amazonaws.com" });
  });

  it("keeps a Cognito-reserved word out of the sign-in domain prefix", async () => {
    const resources = await renderInHost((host) => new SearchDomain("aws-logs", args(host, { domainName: "aws-logs", dashboards: { mfa: "required" } }), { parent: host }));
    expect(inputs(one(resources, "aws:cognito/userPoolDomain:UserPoolDomain")).domain).toBe("x-logs-000000000000");
  });

  it("creates no sign-in when Dashboards access is off", async () => {
    const resources = await render();
    expect(ofType(resources, "aws:cognito/userPool:UserPool")).toHaveLength(0);
    expect(inputs(one(resources, DOMAIN)).cognitoOptions).toBeUndefined();
  });
});

describe("SearchDomain refuses what CreateDomain would", () => {
  it("refuses more than 10 tags (deploy-review B5)", async () => {
    const tags = { ...TAGS, a: "1", b: "2", c: "3", d: "4", e: "5" };
    await failsInHost((host) => new SearchDomain("s", args(host, { tags }), { parent: host }), "SearchDomain s: a domain takes at most 10 tags (AddTags), got 11");
  });

  it("refuses a sizing the instance-type table rules out (deploy-review M8)", async () => {
    const sizing = { ...sizingFor("staging").opensearch, instanceCount: 3 };
    await failsInHost((host) => new SearchDomain("s", args(host, { sizing }), { parent: host }), "`instanceCount`: data nodes spread over 2 Availability Zones must be an even number, got 3");
  });
});
