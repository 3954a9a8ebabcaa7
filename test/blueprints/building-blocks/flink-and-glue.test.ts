import { describe, expect, it } from "vitest";
import { accountContext } from "../../../blueprints/building-blocks/account";
import { SecureBucket } from "../../../blueprints/building-blocks/bucket";
import { FlinkApplication, type FlinkApplicationArgs } from "../../../blueprints/building-blocks/flink-application";
import { flinkApplicationArn, flinkKeyStatements } from "../../../blueprints/building-blocks/flink-key-policy";
import { GlueJob, type GlueJobArgs } from "../../../blueprints/building-blocks/glue-job";
import { deploymentKey, keyPolicyRequirements } from "../../../blueprints/building-blocks/kms-key";
import { failsInHost, renderInHost, type Host } from "../../support/component-host";
import { inputs, one, ofType, statementsOf } from "../../support/plan-queries";

// The Flink and Glue building blocks on their own: the key Managed Flink accepts (B1), the
// application created stopped (M5) with its logging grants (m7), and Glue's per-kind rules (m3).

const TAGS = { owner: "o", "cost-center": "c", environment: "dev" };
const KEY = "arn:aws:kms:us-east-1:000000000000:key/k";

describe("the deployment key and Managed Flink", () => {
  it("names both Managed Flink principals for the applications it is given", async () => {
    const resources = await renderInHost((host) => {
      const account = accountContext(host);
      deploymentKey("d-key", { args: { account, services: ["logs", "kinesisanalytics"], tags: TAGS, flinkApplicationArns: [flinkApplicationArn(account, "d-analytics")] } }, { parent: host });
    });
    const statements = statementsOf(one(resources, "aws:kms/key:Key"));
    const flink = statements.filter((s) => JSON.stringify(s.Principal).includes("kinesisanalytics.amazonaws.com"));
    expect(flink.map((s) => s.Sid)).toEqual(["ManagedFlinkDescribesKey", "ManagedFlinkEncryptsDurableState", "ManagedFlinkDecryptsDurableState", "ManagedFlinkUsesKeyForRunningState", "ManagedFlinkGrantsForRunningState"]);
    for (const statement of flink) expect(JSON.stringify(statement.Condition)).toContain("arn:aws:kinesisanalytics:us-east-1:000000000000:application/d-analytics");
  });

  it("refuses to serve kinesisanalytics without naming the applications", async () => {
    await failsInHost(
      (host) => deploymentKey("d-key", { args: { account: accountContext(host), services: ["kinesisanalytics"], tags: TAGS } }, { parent: host }),
      "`flinkApplicationArns` must name the Flink applications when the key serves kinesisanalytics",
    );
    expect(() => flinkKeyStatements("000000000000", [])).toThrow("name at least one Managed Flink application ARN");
  });

  it("tells a brought key what Managed Flink needs, only when Flink uses it", () => {
    expect(keyPolicyRequirements(["kinesis", "kinesisanalytics"])).toContain("Managed Service for Apache Flink (kinesisanalytics.amazonaws.com and infrastructure.kinesisanalytics.amazonaws.com)");
    expect(keyPolicyRequirements(["kinesis", "kinesisanalytics"])).toContain("kms:CreateGrant");
    expect(keyPolicyRequirements(["kinesis"])).not.toContain("Managed Service for Apache Flink");
  });

  it("admits S3 and CloudWatch alarms as AWS's examples do, without aws:SourceAccount (m8, verify)", async () => {
    const resources = await renderInHost((host) => deploymentKey("d-key", { args: { account: accountContext(host), services: ["s3", "sqs", "cloudwatch"], tags: TAGS } }, { parent: host }));
    const publish = statementsOf(one(resources, "aws:kms/key:Key")).find((s) => s.Sid === "ServicesPublishEncrypted");
    expect(publish).toEqual({ Sid: "ServicesPublishEncrypted", Effect: "Allow", Principal: { Service: ["s3.amazonaws.com", "cloudwatch.amazonaws.com"] }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: ["*"] });
  });
});

describe("FlinkApplication", () => {
  const app = (host: Host, overrides: Partial<FlinkApplicationArgs> = {}) =>
    new FlinkApplication(
      "app",
      {
        account: accountContext(host),
        kmsKeyArn: KEY,
        tags: TAGS,
        logRetentionDays: 365,
        applicationName: "d-analytics",
        artifact: { bucketArn: "arn:aws:s3:::code", fileKey: "app.zip" },
        runtime: "FLINK-1_20",
        parallelism: 1,
        propertyGroups: { one: { a: "1" }, two: { b: "2" } },
        statements: [],
        ...overrides,
      },
      { parent: host },
    );

  it("is created stopped, named, with one property group per entry", async () => {
    const resources = await renderInHost((host) => app(host));
    const application = inputs(one(resources, "aws:kinesisanalyticsv2/application:Application"));
    expect(application).toMatchObject({ name: "d-analytics", startApplication: false });
    expect(application.applicationConfiguration.environmentProperties.propertyGroups).toEqual([
      { propertyGroupId: "one", propertyMap: { a: "1" } },
      { propertyGroupId: "two", propertyMap: { b: "2" } },
    ]);
    const statements = statementsOf(one(resources, "aws:iam/rolePolicy:RolePolicy"));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["logs:DescribeLogGroups"] }));
    expect(statements.map((s) => s.Sid)).not.toContain("DecryptApplicationCode");
  });

  it("may decrypt an artifact encrypted with another key", async () => {
    const resources = await renderInHost((host) => app(host, { artifact: { bucketArn: "arn:aws:s3:::code", fileKey: "app.zip", kmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/code" } }));
    expect(statementsOf(one(resources, "aws:iam/rolePolicy:RolePolicy"))).toContainEqual({ Sid: "DecryptApplicationCode", Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["arn:aws:kms:us-east-1:000000000000:key/code"] });
  });

  it("refuses a name Managed Flink would refuse", async () => {
    await failsInHost((host) => app(host, { applicationName: "no spaces" }), "`applicationName` must be 1-128 of [a-zA-Z0-9_.-]");
  });
});

describe("GlueJob per kind (m3)", () => {
  const job = (host: Host, overrides: Partial<GlueJobArgs>) => {
    const bucket = new SecureBucket("scripts", { purpose: "data", kmsKeyArn: KEY, tags: TAGS, forceDestroy: true }, { parent: host });
    return new GlueJob(
      "job",
      { account: accountContext(host), kmsKeyArn: KEY, tags: TAGS, kind: "gluestreaming", glueVersion: "4.0", script: { key: "a.py", content: "print(1)\n" }, scriptsBucket: bucket, securityConfiguration: "sc", arguments: {}, statements: [], ...overrides },
      { parent: host },
    );
  };

  it("refuses streaming on Glue 5.0, G.025X for batch and G.4X for streaming", async () => {
    await failsInHost((host) => job(host, { glueVersion: "5.0" }), "a gluestreaming job runs on Glue 4.0, got 5.0");
    await failsInHost((host) => job(host, { kind: "glueetl", glueVersion: "5.0", workerType: "G.025X" }), "a glueetl job takes worker types G.1X, G.2X, G.4X, G.8X, got G.025X");
    await failsInHost((host) => job(host, { workerType: "G.4X" }), "a gluestreaming job takes worker types G.025X, G.1X, G.2X, got G.4X");
    await failsInHost((host) => job(host, { numberOfWorkers: 1 }), "`numberOfWorkers` must be 2-100, got 1");
  });

  it("defaults a streaming job to G.025X and creates its log groups first, with retention (m13)", async () => {
    const resources = await renderInHost((host) => job(host, { logRetentionDays: 731 }));
    const glueJob = one(resources, "aws:glue/job:Job");
    expect(inputs(glueJob)).toMatchObject({ workerType: "G.025X", numberOfWorkers: 2 });
    const groups = ofType(resources, "aws:cloudwatch/logGroup:LogGroup");
    expect(groups.map((g) => inputs(g).name).sort()).toEqual(["/aws-glue/jobs/logs-v2-sc", "/aws-glue/jobs/sc-role/job-role/error", "/aws-glue/jobs/sc-role/job-role/output"]);
    for (const group of groups) {
      expect(inputs(group)).toMatchObject({ retentionInDays: 731, kmsKeyId: KEY });
      expect(glueJob.dependencies).toContain(group.urn);
    }
  });
});
