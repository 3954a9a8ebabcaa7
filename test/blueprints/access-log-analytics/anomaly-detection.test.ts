import { describe, expect, it } from "vitest";
import { renderPlan } from "../../../programs/offline-plan/render-plan";
import { exampleOf } from "../../support/blueprint-requests";
import { inputs, one, statementsOf } from "../../support/plan-queries";

// Anomaly detection's Managed Flink application: the key it encrypts with admits Managed Flink
// for exactly this application (B1), and it is created stopped (M5).

const BLUEPRINT = "access-log-analytics";
const { withParams } = exampleOf(BLUEPRINT);
const ARTIFACT = { bucketArn: "arn:aws:s3:::web-flink-artifacts", fileKey: "anomaly-detector-1.4.0.jar" };

describe("access-log-analytics anomaly detection", () => {
  it("names the detector in the key policy for both Managed Flink principals, and starts it outside the update", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ anomalyDetection: { enabled: true, artifact: ARTIFACT } }), { name: "web-logs" });
    const app = one(plan, "aws:kinesisanalyticsv2/application:Application");
    expect(inputs(app)).toMatchObject({ name: "web-logs-anomaly-detector", startApplication: false });
    expect(inputs(app).applicationConfiguration.environmentProperties.propertyGroups[0].propertyGroupId).toBe("slipstream");
    const arn = "arn:aws:kinesisanalytics:us-east-1:000000000000:application/web-logs-anomaly-detector";
    const flink = statementsOf(one(plan, "aws:kms/key:Key")).filter((s) => JSON.stringify(s.Principal).includes("kinesisanalytics.amazonaws.com"));
    expect(flink).toHaveLength(5);
    expect(flink[0]).toMatchObject({ Action: ["kms:DescribeKey"], Condition: { StringEquals: { "aws:SourceAccount": "000000000000", "aws:SourceArn": [arn] } } });
    for (const statement of flink) expect(JSON.stringify(statement.Condition)).toContain(arn);
  });

  it("leaves Managed Flink out of the key when anomaly detection is off", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ anomalyDetection: { enabled: false } }), { name: "web-logs" });
    expect(JSON.stringify(statementsOf(one(plan, "aws:kms/key:Key")))).not.toContain("kinesisanalytics.amazonaws.com");
  });
});
