import { describe, expect, it } from "vitest";
import { accountContext } from "../../../blueprints/building-blocks/account";
import { deploymentKey, keyPolicyRequirements, requestedKey, type DeploymentKeyArgs } from "../../../blueprints/building-blocks/kms-key";
import { alarmTopic, requestedTopic } from "../../../blueprints/building-blocks/topic";
import { failsInHost, renderInHost, type Host } from "../../support/component-host";
import { inputs, ofType, one } from "../../support/plan-queries";

// The deployment key and the alarm topic in the optional-child shape: defaults, the caller's
// own resource, and each invalid combination with its message.

const TAGS = { owner: "o", "cost-center": "c", environment: "dev" };
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:oncall";
const keyArgs = (host: Host): DeploymentKeyArgs => ({ account: accountContext(host), services: ["logs", "sqs", "cloudwatch"], tags: TAGS });

describe("deploymentKey", () => {
  it("creates a rotating key and its alias from args", async () => {
    const resources = await renderInHost((host) => deploymentKey("d-key", { args: keyArgs(host) }, { parent: host }));
    expect(inputs(one(resources, "aws:kms/key:Key"))).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30, tags: TAGS });
    expect(inputs(one(resources, "aws:kms/alias:Alias")).name).toBe("alias/slipstream/d-key");
  });
  it("uses an existing key without creating anything, answering its ARN", async () => {
    let arn: string | undefined;
    const resources = await renderInHost((host) => deploymentKey("d-key", { existing: { arn: KEY } }, { parent: host }).arn.apply((a) => (arn = a)));
    expect(ofType(resources, "aws:kms/key:Key")).toHaveLength(0);
    expect(ofType(resources, "aws:kms/alias:Alias")).toHaveLength(0);
    expect(arn).toBe(KEY);
  });
  it("turns the request's encryption into the shape", () => {
    const args = { account: undefined as never, services: [], tags: TAGS };
    expect(requestedKey({ kmsKeyArn: KEY }, args)).toEqual({ existing: { arn: KEY } });
    expect(requestedKey({}, args)).toEqual({ args });
  });
  it("refuses skip, two choices at once, no args and an alias", async () => {
    await failsInHost((host) => deploymentKey("d-key", { skip: true }, { parent: host }), "`key.skip` is not supported");
    await failsInHost((host) => deploymentKey("d-key", { existing: { arn: KEY }, args: keyArgs(host) }, { parent: host }), "only one of `skip`, `existing` and `args` may be set on `key` (got existing, args)");
    await failsInHost((host) => deploymentKey("d-key", {}, { parent: host }), "`key.args` is required to create a key");
    await failsInHost((host) => deploymentKey("d-key", { existing: { arn: "arn:aws:kms:eu-west-1:111122223333:alias/mine" } }, { parent: host }), "`key.existing.arn` must be a KMS key ARN (not an alias)");
  });
  it("says what a brought key's policy must allow, as the created key's policy does", () => {
    const needs = keyPolicyRequirements(["logs", "s3", "sqs", "cloudwatch", "sqs"]);
    expect(needs).toContain("through s3, sqs (kms:ViaService");
    expect(needs).toContain("CloudWatch Logs (logs.<region>.amazonaws.com)");
    expect(needs).toContain("S3 (s3.amazonaws.com) sending event notifications");
    expect(needs).toContain("CloudWatch alarms (cloudwatch.amazonaws.com)");
    expect(keyPolicyRequirements(["kinesis"])).toBe("use by the account's principals through kinesis (kms:ViaService <service>.<region>.amazonaws.com)");
  });
});

describe("alarmTopic", () => {
  const topicArgs = (host: Host) => ({ kmsKeyArn: KEY, tags: TAGS, accountId: accountContext(host).accountId });
  it("creates an encrypted topic with a subscription per address from args", async () => {
    const resources = await renderInHost((host) => alarmTopic("alerts", requestedTopic({ emails: ["a@example.com", "b@example.com"] }, topicArgs(host)), { parent: host }));
    expect(inputs(one(resources, "aws:sns/topic:Topic")).kmsMasterKeyId).toBe(KEY);
    expect(ofType(resources, "aws:sns/topicSubscription:TopicSubscription").map((s) => inputs(s).endpoint)).toEqual(["a@example.com", "b@example.com"]);
  });
  it("uses an existing topic without creating a topic, policy or subscription", async () => {
    let arn: string | undefined;
    const resources = await renderInHost((host) => alarmTopic("alerts", requestedTopic({ emails: [], existingTopicArn: TOPIC }, topicArgs(host)), { parent: host }).arn.apply((a) => (arn = a)));
    expect(resources.filter((r) => r.type.startsWith("aws:sns/"))).toEqual([]);
    expect(arn).toBe(TOPIC);
  });
  it("refuses skip, two choices at once, a malformed ARN, and emails with an existing topic", async () => {
    await failsInHost((host) => alarmTopic("alerts", { skip: true }, { parent: host }), "`topic.skip` is not supported");
    await failsInHost((host) => alarmTopic("alerts", { existing: { arn: TOPIC }, args: { ...topicArgs(host), emails: [] } }, { parent: host }), "only one of `skip`, `existing` and `args` may be set on `topic`");
    await failsInHost((host) => alarmTopic("alerts", { existing: { arn: "arn:aws:sqs:eu-west-1:111122223333:q" } }, { parent: host }), "`topic.existing.arn` must be an SNS topic ARN");
    expect(() => requestedTopic({ emails: ["a@example.com"], existingTopicArn: TOPIC }, { kmsKeyArn: KEY, tags: TAGS, accountId: "111122223333" })).toThrow(
      "`emails` cannot be subscribed to an existing topic; subscribe them to it directly",
    );
  });
});
