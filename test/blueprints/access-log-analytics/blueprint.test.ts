import { describe, expect, it } from "vitest";
import { AccessLogAnalytics } from "../../../blueprints/access-log-analytics/component";
import { accessLogAnalyticsRequest } from "../../../blueprints/access-log-analytics/schema";
import { renderPlan, type Plan } from "../../../programs/offline-plan/render-plan";
import { exampleOf, expectRejected, renderSideBySide } from "../../support/blueprint-requests";
import { one, ofType, statementsOf, wiredTo } from "../../support/plan-queries";
import { expectCatalogueDefaults } from "../../support/secure-defaults";

const BLUEPRINT = "access-log-analytics";
const { example, withParams } = exampleOf(BLUEPRINT);
const ARTIFACT = { bucketArn: "arn:aws:s3:::example-artifacts", fileKey: "flink/anomaly-detector-1.0.jar" };

const BUCKET = "aws:s3/bucket:Bucket";
const QUEUE = "aws:sqs/queue:Queue";
const FUNCTION = "aws:lambda/function:Function";
const MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const DOMAIN = "aws:opensearch/domain:Domain";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const FLINK = "aws:kinesisanalyticsv2/application:Application";
const STREAM = "aws:kinesis/stream:Stream";

function expectBlueprintInvariants(plan: Plan, tags: Record<string, string> = example.tags) {
  expectCatalogueDefaults(plan, tags);
}

describe("access-log-analytics with its example request", () => {
  let plan: Plan;
  it("renders every resource of the architecture", async () => {
    plan = await renderPlan(BLUEPRINT, example, { name: "cdn" });
    const types = new Set(plan.resources.map((r) => r.type));
    for (const type of [BUCKET, NOTIFICATION, QUEUE, "aws:sqs/queuePolicy:QueuePolicy", FUNCTION, MAPPING, FIREHOSE, DOMAIN, TOPIC, "aws:sns/topicSubscription:TopicSubscription", ALARM, "aws:kms/key:Key"]) {
      expect(types, type).toContain(type);
    }
    expect(ofType(plan, FIREHOSE)).toHaveLength(2);
    expect(ofType(plan, FLINK)).toHaveLength(0);
    expect(ofType(plan, "aws:redshiftserverless/workgroup:Workgroup")).toHaveLength(0);
  });

  it("wires S3 notification → queue → forwarder by reference", () => {
    const logBucket = one(plan, BUCKET, "cdn-logs");
    const queue = one(plan, QUEUE, "object-events");
    const notification = one(plan, NOTIFICATION);
    expect(wiredTo(notification, "bucket", logBucket)).toBe(true);
    expect(wiredTo(notification, "queues", queue)).toBe(true);
    expect(notification.inputs["queues"]).toEqual([expect.objectContaining({ events: ["s3:ObjectCreated:*"], filterPrefix: "cloudfront/", filterSuffix: ".gz" })]);
    // S3 can only deliver once the queue policy admits it.
    const queuePolicy = one(plan, "aws:sqs/queuePolicy:QueuePolicy", "object-events-policy");
    expect(notification.dependencies).toContain(queuePolicy.urn);
    const admits = statementsOf(queuePolicy).find((s) => s.Sid === "S3SendsObjectEvents");
    expect(admits).toMatchObject({ Principal: { Service: "s3.amazonaws.com" }, Action: ["sqs:SendMessage"], Condition: { ArnEquals: { "aws:SourceArn": logBucket.inputs["arn"] ?? expect.stringContaining("cdn-logs") } } });
    const mapping = one(plan, MAPPING);
    expect(wiredTo(mapping, "eventSourceArn", queue)).toBe(true);
    expect(wiredTo(mapping, "functionName", one(plan, FUNCTION, "forwarder"))).toBe(true);
    expect(mapping.inputs["functionResponseTypes"]).toEqual(["ReportBatchItemFailures"]);
  });

  it("wires the forwarder to both Firehose streams, and them to OpenSearch and the archive", () => {
    const forwarder = one(plan, FUNCTION, "forwarder");
    const search = one(plan, FIREHOSE, "search-delivery");
    const archive = one(plan, FIREHOSE, "archive-delivery");
    expect(wiredTo(forwarder, "environment", search)).toBe(true);
    expect(wiredTo(forwarder, "environment", archive)).toBe(true);
    expect(forwarder.inputs["environment"]).toEqual({ variables: { LOG_FORMAT: "cloudfront", DELIVERY_STREAM_NAMES: "cdn-search-delivery,cdn-archive-delivery" } });
    const archiveBucket = one(plan, BUCKET, "cdn-archive");
    expect(wiredTo(search, "opensearchConfiguration", one(plan, DOMAIN))).toBe(true);
    expect(wiredTo(search, "opensearchConfiguration", archiveBucket)).toBe(true);
    expect(search.inputs["opensearchConfiguration"]).toMatchObject({ indexName: "cdn-logs", indexRotationPeriod: "OneDay", s3BackupMode: "FailedDocumentsOnly" });
    expect(wiredTo(archive, "extendedS3Configuration", archiveBucket)).toBe(true);
    expect(archive.inputs["extendedS3Configuration"]).toMatchObject({ compressionFormat: "GZIP", prefix: "logs/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/" });
    // The forwarder may put records into exactly these two streams.
    const sends = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "forwarder-policy")).find((s) => s.Sid === "SendRecords");
    expect(sends).toEqual(expect.objectContaining({ Action: ["firehose:PutRecordBatch"], Resource: [expect.stringContaining("cdn-search-delivery"), expect.stringContaining("cdn-archive-delivery")] }));
  });

  it("sizes the queue's visibility timeout from the forwarder's timeout and batching window, with a dead-letter queue", () => {
    const queue = one(plan, QUEUE, "object-events");
    const dlq = one(plan, QUEUE, "object-events-dlq");
    // Lambda's guidance, plus the window a message waits before the function starts (m6).
    const window = one(plan, MAPPING).inputs["maximumBatchingWindowInSeconds"] as number;
    expect(queue.inputs["visibilityTimeoutSeconds"]).toBe(6 * (one(plan, FUNCTION, "forwarder").inputs["timeout"] as number) + window);
    expect(queue.inputs["visibilityTimeoutSeconds"]).toBe(725);
    expect(wiredTo(queue, "redrivePolicy", dlq)).toBe(true);
    expect(JSON.parse(queue.inputs["redrivePolicy"] as string)).toMatchObject({ maxReceiveCount: 5 });
  });

  it("alarms notify the topic", () => {
    const topic = one(plan, TOPIC);
    const alarms = ofType(plan, ALARM);
    expect(alarms.map((a) => a.name).sort()).toEqual(["cdn-archive-freshness", "cdn-dead-letters", "cdn-forwarder-errors", "cdn-search-freshness", "cdn-search-red"]);
    for (const alarm of alarms) expect(wiredTo(alarm, "alarmActions", topic), alarm.name).toBe(true);
    expect(wiredTo(one(plan, ALARM, "dead-letters"), "dimensions", one(plan, QUEUE, "object-events-dlq"))).toBe(true);
  });

  it("applies the secure defaults, tags and least privilege", () => expectBlueprintInvariants(plan));
});

describe("access-log-analytics options", () => {
  it("adds anomaly detection: the forwarder feeds a Kinesis stream a Flink application reads", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ anomalyDetection: { enabled: true, artifact: ARTIFACT, parallelism: 2 } }), { name: "edge" });
    const stream = one(plan, STREAM);
    const flink = one(plan, FLINK);
    const forwarder = one(plan, FUNCTION, "forwarder");
    expect(wiredTo(forwarder, "environment", stream)).toBe(true);
    expect((forwarder.inputs["environment"] as { variables: Record<string, string> }).variables["ANOMALY_STREAM_NAME"]).toBe("edge-anomaly-input");
    expect(wiredTo(flink, "applicationConfiguration", stream)).toBe(true);
    expect(flink.inputs).toMatchObject({
      runtimeEnvironment: "FLINK-1_20",
      applicationConfiguration: {
        applicationCodeConfiguration: { codeContent: { s3ContentLocation: ARTIFACT } },
        flinkApplicationConfiguration: { parallelismConfiguration: { parallelism: 2 } },
      },
    });
    expect(one(plan, ALARM, "anomaly-detector-down").inputs["namespace"]).toBe("AWS/KinesisAnalytics");
    const flinkPolicy = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "anomaly-detector-policy"));
    expect(flinkPolicy).toContainEqual(expect.objectContaining({ Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: ["arn:aws:s3:::example-artifacts/flink/anomaly-detector-1.0.jar"] }));
    expectBlueprintInvariants(plan);
  });

  it("adds a Redshift Serverless warehouse that loads the archive itself: no Firehose stream into Redshift", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ redshift: { enabled: true, baseCapacity: 16 } }), { name: "summaries" });
    const namespace = one(plan, "aws:redshiftserverless/namespace:Namespace");
    const workgroup = one(plan, "aws:redshiftserverless/workgroup:Workgroup");
    expect(wiredTo(workgroup, "namespaceName", namespace)).toBe(true);
    expect(namespace.inputs).toMatchObject({ manageAdminPassword: true, dbName: "analytics" });
    expect(workgroup.inputs).toMatchObject({ baseCapacity: 16, publiclyAccessible: false });
    // Firehose's Redshift destination needs a public endpoint (B3); auto-copy loads the archive instead (redshift-load.test.ts).
    expect(ofType(plan, FIREHOSE)).toHaveLength(2);
    expect(ofType(plan, FIREHOSE).map((f) => f.inputs["destination"])).not.toContain("redshift");
    expect(one(plan, FUNCTION, "forwarder").inputs["environment"]).toMatchObject({ variables: { DELIVERY_STREAM_NAMES: "summaries-search-delivery,summaries-archive-delivery" } });
    expectBlueprintInvariants(plan);
  });

  it("reads an existing bucket: no log bucket is created, its notifications are left alone, the grants name it", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ source: { existing: { bucketName: "corp-cdn-logs", kmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/0c0e0a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b" }, prefix: "" } }), { name: "corp" });
    expect(ofType(plan, BUCKET).map((b) => b.name).sort()).toEqual(["corp-access-logs", "corp-archive"]);
    // M7: the caller's notification configuration is never written (log-sources.test.ts covers the EventBridge rule).
    expect(ofType(plan, NOTIFICATION)).toHaveLength(0);
    const statements = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "forwarder-policy"));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: ["arn:aws:s3:::corp-cdn-logs/*"] }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["kms:Decrypt"], Resource: ["arn:aws:kms:us-east-1:000000000000:key/0c0e0a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b"] }));
    expectBlueprintInvariants(plan);
  });

  it("sizes prod for availability and keeps its buckets on destroy", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({}, { environment: "prod" }), { name: "cdn-prod" });
    expect(one(plan, DOMAIN).inputs).toMatchObject({ clusterConfig: { instanceCount: 3, zoneAwarenessEnabled: true, dedicatedMasterEnabled: true } });
    for (const bucket of ofType(plan, BUCKET)) expect(bucket.inputs["forceDestroy"], bucket.name).toBe(false);
    expectBlueprintInvariants(plan, { ...example.tags, environment: "prod" });
  });
});

describe("two access-log-analytics deployments in one program", () => {
  it("do not collide", async () => {
    const request = accessLogAnalyticsRequest.parse(example);
    const resources = await renderSideBySide(() => {
      new AccessLogAnalytics("site-a", request);
      new AccessLogAnalytics("site-b", request);
    });
    expect(ofType(resources, DOMAIN).map((d) => d.inputs["domainName"])).toEqual(["site-a-logs", "site-b-logs"]);
    // Log delivery is granted on each deployment's own log groups, not by account-level policies.
    const policies = ofType(resources, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy");
    expect(policies.map((p) => p.inputs["policyName"])).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(policies.map((p) => p.inputs["resourceArn"])).size).toBe(4);
  });
});

describe("invalid access-log-analytics requests", () => {
  const rejects = (request: unknown, field: string) => expectRejected(BLUEPRINT, request, field);

  it("names an unknown log format", () => rejects(withParams({ logFormat: "nginx" }), "params.logFormat"));
  it("names anomaly detection without an artifact", () => rejects(withParams({ anomalyDetection: { enabled: true } }), "params.anomalyDetection.artifact"));
  it("names a forwarder timeout over Lambda's limit", () => rejects(withParams({ forwarder: { timeoutSeconds: 1000 } }), "params.forwarder.timeoutSeconds"));
  it("names an invalid email", () => rejects(withParams({ notifications: { emails: ["not-an-address"] } }), "params.notifications.emails.0"));
  it("names a Redshift capacity off the 8-RPU steps", () => rejects(withParams({ redshift: { enabled: true, baseCapacity: 12 } }), "params.redshift.baseCapacity"));
  it("names an invalid existing bucket", () => rejects(withParams({ source: { existing: { bucketName: "Not_A_Bucket" } } }), "params.source.existing.bucketName"));
  it("names missing tags", () => rejects({ params: example.params }, "tags"));
});
