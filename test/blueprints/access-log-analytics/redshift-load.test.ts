import { describe, expect, it } from "vitest";
import { jsonPathsDocument } from "../../../blueprints/access-log-analytics/warehouse/load-sql";
import { warehouseColumns } from "../../../blueprints/access-log-analytics/warehouse/columns";
import { evaluatePolicies } from "../../../policies/offline/evaluate";
import { resourcesFromPlan } from "../../../policies/offline/from-plan";
import { renderPlan, type Plan } from "../../../programs/offline-plan/render-plan";
import { exampleOf, expectRejected } from "../../support/blueprint-requests";
import { expectExactNetworkRules } from "../../support/plan-checks";
import { inputs, ofType, one, statementsOf, wiredTo } from "../../support/plan-queries";
import { expectCatalogueDefaults } from "../../support/secure-defaults";

// The Redshift leg (deploy-review B3, m12, m14): Redshift loads the S3 archive itself with
// auto-copy into a table the deployment creates, its columns mapped by a JSONPaths file; the
// workgroup stays private in a network of its own or the caller's.

const BLUEPRINT = "access-log-analytics";
const { example, withParams } = exampleOf(BLUEPRINT);
const STATEMENT = "aws:redshiftdata/statement:Statement";
const NAMESPACE = "aws:redshiftserverless/namespace:Namespace";
const WORKGROUP = "aws:redshiftserverless/workgroup:Workgroup";
const INTEGRATION = "aws:redshift/integration:Integration";
const KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/sums-key-key-id";

const sqlOf = (plan: Plan, suffix: string) => inputs(one(plan, STATEMENT, suffix)).sql as string;

describe("access-log-analytics loading Redshift from the archive", () => {
  let plan: Plan;
  it("creates the table through the Data API with the log format's columns", async () => {
    plan = await renderPlan(BLUEPRINT, withParams({ redshift: { enabled: true, table: "web.cdn_logs" } }), { name: "sums" });
    const table = one(plan, STATEMENT, "warehouse-table");
    const workgroup = one(plan, WORKGROUP);
    expect(wiredTo(table, "workgroupName", workgroup)).toBe(true);
    expect(wiredTo(table, "secretArn", one(plan, NAMESPACE))).toBe(true);
    expect(inputs(table).database).toBe("analytics");
    const sql = sqlOf(plan, "warehouse-table");
    expect(sql).toMatch(/^CREATE TABLE IF NOT EXISTS web\.cdn_logs \(\n {2}event_time TIMESTAMPTZ,\n/);
    expect(sql).toContain("  cs_user_agent VARCHAR(65535),");
    expect(sql).toMatch(/SORTKEY \(event_time\)$/);
  });

  it("maps the forwarder's keys through a JSONPaths file in the archive, outside the archive prefix", () => {
    const object = one(plan, "aws:s3/bucketObjectv2:BucketObjectv2", "warehouse-jsonpaths");
    expect(wiredTo(object, "bucket", one(plan, "aws:s3/bucket:Bucket", "sums-archive"))).toBe(true);
    expect(inputs(object)).toMatchObject({ key: "slipstream/redshift/web.cdn_logs.jsonpaths", serverSideEncryption: "aws:kms", kmsKeyId: KEY_ARN });
    expect(inputs(object).content).toBe(jsonPathsDocument(warehouseColumns("cloudfront")));
    expect(JSON.parse(inputs(object).content as string).jsonpaths.slice(0, 3)).toEqual(["$['@timestamp']", "$['bucket']", "$['key']"]);
  });

  it("creates an auto-copy job whose COPY reads the archive prefix with the JSONPaths file and the copy role", () => {
    const job = one(plan, STATEMENT, "warehouse-autocopy");
    const sql = sqlOf(plan, "warehouse-autocopy");
    const role = one(plan, "aws:iam/role:Role", "warehouse-copy-role");
    expect(sql).toContain(`COPY web.cdn_logs (${warehouseColumns("cloudfront").map((c) => c.name).join(", ")})`);
    expect(sql).toContain("FROM 's3://sums-archive/logs/'");
    expect(sql).toContain("FORMAT AS JSON 's3://sums-archive/slipstream/redshift/web.cdn_logs.jsonpaths'");
    expect(sql).toContain(`IAM_ROLE '${inputs(role).arn ?? "arn:aws:iam::000000000000:role/sums-warehouse-copy-role"}'`);
    expect(sql).toMatch(/\nGZIP\nTIMEFORMAT 'auto'\nTRUNCATECOLUMNS\nACCEPTINVCHARS\nMAXERROR 100000\nJOB CREATE web_cdn_logs_autoload_[0-9a-f]{8}\nAUTO ON$/);
    expect(wiredTo(job, "sql", role)).toBe(true);
    // The job runs after the table, the integration, the JSONPaths file and the role's grants exist.
    for (const [type, suffix] of [[STATEMENT, "warehouse-table"], [INTEGRATION, "warehouse-integration"], ["aws:s3/bucketObjectv2:BucketObjectv2", "warehouse-jsonpaths"], ["aws:iam/rolePolicy:RolePolicy", "warehouse-copy-policy"]] as const) {
      expect(job.dependencies, suffix).toContain(one(plan, type, suffix).urn);
    }
  });

  it("integrates the archive bucket with the namespace: S3 event integration, namespace resource policy, bucket grant", () => {
    const integration = one(plan, INTEGRATION);
    const namespace = one(plan, NAMESPACE);
    const archive = one(plan, "aws:s3/bucket:Bucket", "sums-archive");
    expect(wiredTo(integration, "sourceArn", archive)).toBe(true);
    expect(wiredTo(integration, "targetArn", namespace)).toBe(true);
    expect(inputs(integration).integrationName).toBe("sums-warehouse-autocopy");
    const policy = one(plan, "aws:redshift/resourcePolicy:ResourcePolicy");
    expect(wiredTo(policy, "resourceArn", namespace)).toBe(true);
    expect(integration.dependencies).toContain(policy.urn);
    const namespaceArn = "arn:aws:redshift-serverless:us-east-1:000000000000:namespace/sums-warehouse";
    expect(JSON.parse(inputs(policy).policy).Statement).toEqual([
      { Sid: "RedshiftAuthorizesIntegrations", Effect: "Allow", Principal: { Service: "redshift.amazonaws.com" }, Action: "redshift:AuthorizeInboundIntegration", Resource: namespaceArn, Condition: { StringEquals: { "aws:SourceArn": ["arn:aws:s3:::sums-archive"] } } },
      { Sid: "AccountCreatesIntegrations", Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "redshift:CreateInboundIntegration", Resource: namespaceArn },
    ]);
    const archivePolicy = one(plan, "aws:s3/bucketPolicy:BucketPolicy", "sums-archive-policy");
    expect(integration.dependencies).toContain(archivePolicy.urn);
    expect(statementsOf(archivePolicy)).toContainEqual({
      Sid: "RedshiftAutoCopyNotifications",
      Effect: "Allow",
      Principal: { Service: "redshift.amazonaws.com" },
      Action: ["s3:GetBucketNotification", "s3:PutBucketNotification", "s3:GetBucketLocation"],
      Resource: ["arn:aws:s3:::sums-archive"],
      Condition: { StringEquals: { "aws:SourceAccount": "000000000000" }, ArnLike: { "aws:SourceArn": "arn:aws:redshift:us-east-1:000000000000:integration:*" } },
    });
  });

  it("gives the copy role exactly the archive's reads and the key's decrypt, and associates it with the namespace", () => {
    const role = one(plan, "aws:iam/role:Role", "warehouse-copy-role");
    expect(JSON.parse(inputs(role).assumeRolePolicy).Statement[0].Principal).toEqual({ Service: "redshift.amazonaws.com" });
    expect(statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "warehouse-copy-policy"))).toEqual([
      { Sid: "ReadArchive", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::sums-archive/logs/*", "arn:aws:s3:::sums-archive/slipstream/redshift/*"] },
      { Sid: "ListArchive", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: ["arn:aws:s3:::sums-archive"] },
      { Sid: "KmsDecrypt", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [KEY_ARN] },
    ]);
    expect(wiredTo(one(plan, NAMESPACE), "iamRoles", role)).toBe(true);
  });

  it("runs the workgroup privately in a new three-zone VPC whose group reaches only AWS endpoints over HTTPS (m12)", () => {
    const vpc = one(plan, "awsx:ec2:Vpc");
    expect(inputs(vpc)).toMatchObject({ numberOfAvailabilityZones: 3, natGateways: { strategy: "Single" } });
    const workgroup = one(plan, WORKGROUP);
    expect(wiredTo(workgroup, "subnetIds", vpc)).toBe(true);
    expect(wiredTo(workgroup, "securityGroupIds", one(plan, "aws:ec2/securityGroup:SecurityGroup", "warehouse-sg"))).toBe(true);
    expect(inputs(workgroup)).toMatchObject({ publiclyAccessible: false, enhancedVpcRouting: true });
    expectExactNetworkRules(plan);
    expect(ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toHaveLength(0);
  });

  it("keeps the secure defaults and passes the policy pack", async () => {
    expectCatalogueDefaults(plan, example.tags);
    expect((await evaluatePolicies(resourcesFromPlan(plan))).violations).toEqual([]);
  });
});

describe("the Redshift load in the caller's network", () => {
  it("uses the named subnets and groups and builds no VPC", async () => {
    const subnetIds = ["subnet-0a1a1a1a", "subnet-0b2b2b2b", "subnet-0c3c3c3c"];
    const plan = await renderPlan(BLUEPRINT, withParams({ redshift: { enabled: true, subnetIds, securityGroupIds: ["sg-0e1e2e3e"] } }), { name: "sums" });
    expect(ofType(plan, "awsx:ec2:Vpc")).toHaveLength(0);
    expect(inputs(one(plan, WORKGROUP))).toMatchObject({ subnetIds, securityGroupIds: ["sg-0e1e2e3e"] });
  });
});

describe("Redshift requests AWS would fail", () => {
  const rejects = (params: Record<string, unknown>, field: string) => expectRejected(BLUEPRINT, withParams(params), field);
  it("names subnets without security groups", () => rejects({ redshift: { enabled: true, subnetIds: ["subnet-a", "subnet-b", "subnet-c"] } }, "params.redshift.securityGroupIds"));
  it("names an archive COPY cannot read", () => rejects({ redshift: { enabled: true }, archive: { compression: "Snappy" } }, "params.archive.compression"));
  it("names an archive without a prefix of its own", () => rejects({ redshift: { enabled: true }, archive: { prefix: "" } }, "params.archive.prefix"));
  it("names a table that is not an identifier", () => rejects({ redshift: { enabled: true, table: "logs;drop" } }, "params.redshift.table"));
});
