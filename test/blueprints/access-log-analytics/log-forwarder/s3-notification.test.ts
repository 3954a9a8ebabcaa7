import { describe, expect, it } from "vitest";
import { MalformedMessageError, parseS3Notification } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/s3-notification";
import { objectCreatedBody, objectCreatedEventBridgeBody, testEventBody } from "./sqs-events";

describe("parseS3Notification", () => {
  it("decodes the key: + is a space, %2B a plus", () => {
    expect(parseS3Notification(objectCreatedBody("raw-logs", "AWSLogs/cf/my dist+1.gz", 10))).toEqual({
      kind: "objects",
      objects: [{ bucket: "raw-logs", key: "AWSLogs/cf/my dist+1.gz", size: 10, versionId: undefined }],
      ignoredRecords: 0,
    });
  });

  it("reads the version id of a versioned bucket", () => {
    const body = JSON.parse(objectCreatedBody("raw-logs", "a.log", 1)) as { Records: Array<{ s3: { object: Record<string, unknown> } }> };
    const first = body.Records[0];
    if (first) first.s3.object.versionId = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY";
    const parsed = parseS3Notification(JSON.stringify(body));
    expect(parsed.kind === "objects" && parsed.objects[0]?.versionId).toBe("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
  });

  it("recognises the s3:TestEvent", () => {
    expect(parseS3Notification(testEventBody("raw-logs"))).toEqual({ kind: "test-event" });
  });

  it("unwraps an SNS envelope", () => {
    const envelope = JSON.stringify({ Type: "Notification", MessageId: "m", TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Message: objectCreatedBody("raw-logs", "a.log", 1) });
    const parsed = parseS3Notification(envelope);
    expect(parsed.kind === "objects" && parsed.objects[0]?.key).toBe("a.log");
  });

  it("skips records that are not ObjectCreated", () => {
    const body = JSON.stringify({ Records: [{ eventName: "ObjectRemoved:Delete", s3: { bucket: { name: "b" }, object: { key: "k" } } }] });
    expect(parseS3Notification(body)).toEqual({ kind: "objects", objects: [], ignoredRecords: 1 });
  });

  it("reads an EventBridge Object Created event (a caller's bucket through a rule), its key as written", () => {
    expect(parseS3Notification(objectCreatedEventBridgeBody("corp-logs", "AWSLogs/cf/my dist+1:2.gz", 10, "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e"))).toEqual({
      kind: "objects",
      objects: [{ bucket: "corp-logs", key: "AWSLogs/cf/my dist+1:2.gz", size: 10, versionId: "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e" }],
      ignoredRecords: 0,
    });
  });

  it("skips other S3 events from EventBridge", () => {
    const deleted = JSON.stringify({ ...JSON.parse(objectCreatedEventBridgeBody("corp-logs", "k", 1)), "detail-type": "Object Deleted" });
    expect(parseS3Notification(deleted)).toEqual({ kind: "objects", objects: [], ignoredRecords: 1 });
  });

  it.each([
    ['{"source":"aws.s3","detail-type":"Object Created","detail":{"object":{"key":"k"}}}', "the EventBridge event has no detail.bucket.name"],
    ['{"source":"aws.s3","detail-type":"Object Created","detail":{"bucket":{"name":"b"},"object":{}}}', "the EventBridge event has no detail.object.key"],
    ["not json", "the message body is not JSON"],
    ["[]", "the message body is not a JSON object"],
    ['{"hello":"world"}', "no Records array: not an S3 event notification"],
    ['{"Records":[{}]}', "Records[0] has no eventName"],
    ['{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"k"}}}]}', "Records[0] has no s3.bucket.name"],
    ['{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"%E0%A4%A"}}}]}', "Records[0] has an s3.object.key that is not URL-encoded"],
  ])("rejects %s", (body, message) => {
    expect(() => parseS3Notification(body)).toThrow(new MalformedMessageError(message));
  });
});
