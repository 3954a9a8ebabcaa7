import { describe, expect, it } from "vitest";
import { catalogue, requestJsonSchema } from "../../blueprints/catalogue";
import { renderPlan, type Plan } from "../../programs/offline-plan/render-plan";
import { exampleOf, expectRejected } from "../support/blueprint-requests";
import { asArray, inputs, ofType, policyStatements } from "../support/plan-queries";
import { expectCatalogueDefaults } from "../support/secure-defaults";

// Every blueprint lets a request bring its own customer-managed key (`encryption.kmsKeyArn`)
// and its own alarm topic (the notification settings' `existingTopicArn`).

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC = "arn:aws:sns:us-east-1:111122223333:platform-oncall";

/** A service only that blueprint's key serves, which its documentation must therefore name. */
const OWN_SERVICE: Record<string, string> = {
  "access-log-analytics": "es",
  "dynamodb-search": "dynamodb",
  "msk-data-lake": "kafka",
  "serverless-streaming-pipeline": "kinesisanalytics",
};

/** Where each blueprint's request says who the alarms notify. */
const NOTIFICATIONS: Record<string, string> = {
  "access-log-analytics": "notifications",
  "dynamodb-search": "notifications",
  "msk-data-lake": "notifications",
  "serverless-streaming-pipeline": "alarms",
};

// Input properties that name the key a resource is encrypted with, at any depth.
const KEY_PROPERTY = /^(kms(Master)?Key(Id|Arn)|[a-zA-Z]+KmsKey(Id|Arn)|keyArn|keyId)$/;

function keyInputs(value: unknown, path: string, found: { path: string; value: unknown }[] = []): { path: string; value: unknown }[] {
  if (Array.isArray(value)) value.forEach((v, i) => keyInputs(v, `${path}[${i}]`, found));
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (KEY_PROPERTY.test(key)) found.push({ path: `${path}.${key}`, value: v });
      else keyInputs(v, `${path}.${key}`, found);
    }
  }
  return found;
}

describe.each([...catalogue.keys()])("%s", (blueprint) => {
  const { example, withParams } = exampleOf(blueprint);
  const field = NOTIFICATIONS[blueprint]!;
  const notifications = (settings: Record<string, unknown>) => ({ [field]: { ...example.params[field], ...settings } });

  it("has its notification settings where this test looks for them", () => {
    expect(Object.keys(example.params)).toContain(field);
  });

  it("encrypts everything with the request's key and creates none", async () => {
    const plan = await renderPlan(blueprint, withParams({ encryption: { kmsKeyArn: KEY } }), { name: "byo-key" });
    expect(ofType(plan, "aws:kms/key:Key")).toHaveLength(0);
    expect(ofType(plan, "aws:kms/alias:Alias")).toHaveLength(0);
    const found = plan.resources.filter((r) => !r.component).flatMap((r) => keyInputs(r.inputs, `${r.type} ${r.name}`));
    expect(found.length, "the plan has encrypted resources to check").toBeGreaterThan(5);
    for (const { path, value } of found) expect(value, path).toBe(KEY);
    // Grants on a key name exactly the request's.
    const kmsGrants = policyStatements(plan).filter(({ statement }) => statement.Effect === "Allow" && asArray(statement.Action).every((a) => a.startsWith("kms:")));
    expect(kmsGrants.length).toBeGreaterThan(0);
    for (const { resource, statement } of kmsGrants) expect(asArray(statement.Resource), resource.name).toEqual([KEY]);
    expectCatalogueDefaults(plan, example.tags, KEY);
  });

  it("points every alarm at the request's topic and creates no topic or subscription", async () => {
    const plan = await renderPlan(blueprint, withParams(notifications({ emails: [], existingTopicArn: TOPIC })), { name: "byo-topic" });
    expect(plan.resources.filter((r) => r.type.startsWith("aws:sns/")).map((r) => r.type)).toEqual([]);
    const alarms = ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.length).toBeGreaterThan(2);
    for (const alarm of alarms) expect(inputs(alarm), alarm.name).toMatchObject({ alarmActions: [TOPIC], okActions: [TOPIC] });
    expectCatalogueDefaults(plan, example.tags);
  });

  it("keeps its own key and topic by default", async () => {
    const plan: Plan = await renderPlan(blueprint, example, { name: "own" });
    expect(ofType(plan, "aws:kms/key:Key")).toHaveLength(1);
    const topic = ofType(plan, "aws:sns/topic:Topic");
    expect(topic).toHaveLength(1);
    for (const alarm of ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm")) expect(alarm.propertyDependencies["alarmActions"], alarm.name).toContain(topic[0]!.urn);
  });

  it(`names params.${field}.emails when they come with an existing topic`, () =>
    expectRejected(blueprint, withParams(notifications({ emails: ["oncall@example.com"], existingTopicArn: TOPIC })), `params.${field}.emails`));
  it(`names params.${field}.existingTopicArn when it is not a topic`, () =>
    expectRejected(blueprint, withParams(notifications({ emails: [], existingTopicArn: "arn:aws:sqs:us-east-1:111122223333:q" })), `params.${field}.existingTopicArn`));
  it("names params.encryption.kmsKeyArn when it is an alias", () =>
    expectRejected(blueprint, withParams({ encryption: { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:alias/platform" } }), "params.encryption.kmsKeyArn"));
  it("documents the key policy a brought key needs, naming the blueprint's services", () => {
    const params = (requestJsonSchema(blueprint) as { properties: { params: { properties: Record<string, { properties: Record<string, { description?: string }> }> } } }).properties.params;
    const description = params.properties["encryption"]!.properties["kmsKeyArn"]!.description!;
    expect(description).toContain("Its key policy must allow");
    expect(description).toContain("kms:ViaService");
    expect(description).toMatch(new RegExp(`through [a-z0-9, -]*\\b${OWN_SERVICE[blueprint]}\\b`));
    expect(description).toContain("CloudWatch Logs (logs.<region>.amazonaws.com)");
  });
});
