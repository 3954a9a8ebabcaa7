import { describe, expect, it } from "vitest";
import { STREAM_EVENT_SOURCE_DEFAULTS } from "../../../blueprints/building-blocks/event-source";
import { LAMBDA_FUNCTION_DEFAULTS } from "../../../blueprints/building-blocks/lambda-function";
import { DynamodbSearch } from "../../../blueprints/dynamodb-search/component";
import { dynamodbSearchRequest } from "../../../blueprints/dynamodb-search/schema";
import { renderPlan, type Plan } from "../../../programs/offline-plan/render-plan";
import { exampleOf, expectRejected, renderSideBySide } from "../../support/blueprint-requests";
import { inputs, one, ofType, statementsOf, wiredTo } from "../../support/plan-queries";
import { expectCatalogueDefaults } from "../../support/secure-defaults";

const BLUEPRINT = "dynamodb-search";
const { example, withParams } = exampleOf(BLUEPRINT);

const TABLE = "aws:dynamodb/table:Table";
const FUNCTION = "aws:lambda/function:Function";
const MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const DOMAIN = "aws:opensearch/domain:Domain";
const QUEUE = "aws:sqs/queue:Queue";
const STREAM = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const INVOCATION = "aws:lambda/invocation:Invocation";

function expectBlueprintInvariants(plan: Plan, tags: Record<string, string>) {
  expectCatalogueDefaults(plan, tags);
}

describe("dynamodb-search with its example request", () => {
  let plan: Plan;
  it("renders every resource of the architecture", async () => {
    plan = await renderPlan(BLUEPRINT, example, { name: "products" });
    const types = new Set(plan.resources.map((r) => r.type));
    for (const type of [TABLE, FUNCTION, MAPPING, DOMAIN, QUEUE, "aws:kms/key:Key", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:cloudwatch/logGroup:LogGroup", "aws:sns/topic:Topic", "aws:cloudwatch/metricAlarm:MetricAlarm"]) {
      expect(types, type).toContain(type);
    }
    expect(ofType(plan, STREAM)).toHaveLength(0);
    expect(ofType(plan, FIREHOSE)).toHaveLength(0);
  });

  it("captures changes with DynamoDB Streams, new and old images", () => {
    expect(one(plan, TABLE).inputs).toMatchObject({ streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES", hashKey: "productId" });
  });

  it("wires table stream → indexer → OpenSearch by reference", () => {
    const table = one(plan, TABLE);
    const mapping = one(plan, MAPPING);
    const indexer = one(plan, FUNCTION, "indexer");
    const domain = one(plan, DOMAIN);
    const failures = one(plan, QUEUE, "indexer-failures");
    expect(wiredTo(mapping, "eventSourceArn", table)).toBe(true);
    expect(wiredTo(mapping, "functionName", indexer)).toBe(true);
    expect(wiredTo(mapping, "destinationConfig", failures)).toBe(true);
    expect(wiredTo(indexer, "environment", domain)).toBe(true);
    expect(indexer.inputs["environment"]).toEqual({ variables: { OPENSEARCH_ENDPOINT: expect.stringContaining(".es.amazonaws.com"), INDEX_NAME: "products" } });
    // The domain admits the indexer's role as a writer; its fine-grained master is the access function's role.
    const role = one(plan, "aws:iam/role:Role", "indexer-role");
    const master = one(plan, "aws:iam/role:Role", "search-access-role");
    expect(wiredTo(domain, "accessPolicies", role)).toBe(true);
    expect(wiredTo(domain, "advancedSecurityOptions", role)).toBe(false);
    expect(wiredTo(domain, "advancedSecurityOptions", master)).toBe(true);
    expect(wiredTo(indexer, "role", role)).toBe(true);
  });

  it("configures the stream source's failure handling", () => {
    expect(one(plan, MAPPING).inputs).toMatchObject({
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3600,
      functionResponseTypes: ["ReportBatchItemFailures"],
      startingPosition: "TRIM_HORIZON",
    });
  });

  it("grants the indexer exact actions on exact resources", () => {
    const indexerPolicy = one(plan, "aws:iam/rolePolicy:RolePolicy", "indexer-policy");
    const statements = statementsOf(indexerPolicy);
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["es:ESHttpPost"], Resource: [expect.stringMatching(/^arn:aws:es:us-east-1:000000000000:domain\/products-search\/_bulk$/)] }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"], Resource: [expect.stringContaining(":table/products-table/stream/")] }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ["sqs:SendMessage"], Resource: [expect.stringContaining(":products-indexer-failures")] }));
  });

  it("applies the secure defaults, tags and least privilege", () => expectBlueprintInvariants(plan, example.tags));

  it("maps the indexer inside the domain when the deployment runs (deploy-review B4)", () => {
    const { plan: access } = JSON.parse(inputs(one(plan, INVOCATION)).input);
    expect(access.mappings).toEqual({ slipstream_writer: { backend_roles: ["arn:aws:iam::000000000000:role/products-indexer-role"], users: [] } });
    expect(access.roles.slipstream_writer.index_permissions).toEqual([{ index_patterns: ["products*"], allowed_actions: ["create_index", "manage", "crud"] }]);
    // DynamoDB Streams deliver in order: no delete tombstones to keep.
    expect(access.indexSettings).toEqual([]);
  });

  it("sizes dev small, without deletion protection", () => {
    expect(one(plan, DOMAIN).inputs).toMatchObject({ clusterConfig: { instanceType: "t3.small.search", instanceCount: 1, zoneAwarenessEnabled: false, dedicatedMasterEnabled: false } });
    expect(one(plan, TABLE).inputs["deletionProtectionEnabled"]).toBe(false);
  });
});

describe("dynamodb-search options", () => {
  it("captures through a Kinesis streaming destination and backs changes up with Firehose", async () => {
    const request = withParams({ changeCapture: "kinesis", backup: { enabled: true } });
    const plan = await renderPlan(BLUEPRINT, request, { name: "orders" });
    const table = one(plan, TABLE);
    const stream = one(plan, STREAM);
    const destination = one(plan, "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination");
    expect(table.inputs["streamEnabled"]).toBe(false);
    expect(wiredTo(destination, "streamArn", stream)).toBe(true);
    expect(wiredTo(destination, "tableName", table)).toBe(true);
    expect(wiredTo(one(plan, MAPPING), "eventSourceArn", stream)).toBe(true);
    const firehose = one(plan, FIREHOSE);
    expect(wiredTo(firehose, "kinesisSourceConfiguration", stream)).toBe(true);
    const backup = one(plan, "aws:s3/bucket:Bucket", "backup");
    expect(wiredTo(firehose, "extendedS3Configuration", backup)).toBe(true);
    expect(firehose.inputs["serverSideEncryption"]).toBeUndefined();
    const indexerPolicy = statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "indexer-policy"));
    expect(indexerPolicy).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(["kinesis:GetRecords"]), Resource: [expect.stringContaining(":stream/orders-changes")] }));
    expectBlueprintInvariants(plan, example.tags);
  });

  it("indexes an existing table through its stream without creating one", async () => {
    const streamArn = "arn:aws:dynamodb:us-east-1:000000000000:table/legacy/stream/2025-01-01T00:00:00.000";
    const plan = await renderPlan(BLUEPRINT, withParams({ table: { existing: { name: "legacy", streamArn } } }), { name: "legacy-search" });
    expect(ofType(plan, TABLE)).toHaveLength(0);
    expect(one(plan, MAPPING).inputs["eventSourceArn"]).toBe(streamArn);
  });

  it("sizes prod for availability and protects the table", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({}, { environment: "prod" }), { name: "products-prod" });
    expect(one(plan, DOMAIN).inputs).toMatchObject({
      clusterConfig: { instanceCount: 3, zoneAwarenessEnabled: true, zoneAwarenessConfig: { availabilityZoneCount: 3 }, dedicatedMasterEnabled: true, dedicatedMasterCount: 3 },
    });
    expect(one(plan, TABLE).inputs["deletionProtectionEnabled"]).toBe(true);
    expect(one(plan, "aws:cloudwatch/logGroup:LogGroup", "indexer-logs").inputs["retentionInDays"]).toBe(731);
    expectBlueprintInvariants(plan, { ...example.tags, environment: "prod" });
  });

  it("keeps delete tombstones as long as a Kinesis record may arrive late (deploy-review M4)", async () => {
    const settingsOf = async (indexer: Record<string, unknown>) => {
      const plan = await renderPlan(BLUEPRINT, withParams({ changeCapture: "kinesis", indexer }), { name: "orders" });
      const access = JSON.parse(inputs(one(plan, INVOCATION)).input);
      return { settings: access.plan.indexSettings, statements: statementsOf(one(plan, "aws:iam/rolePolicy:RolePolicy", "search-access-function-policy")) };
    };
    const byDefault = await settingsOf({});
    expect(byDefault.settings).toEqual([{ index: "products", settings: { "index.gc_deletes": "3660s" } }]);
    expect(byDefault.statements).toContainEqual({
      Sid: "ApplyIndexSettings",
      Effect: "Allow",
      Action: ["es:ESHttpPut"],
      Resource: ["arn:aws:es:us-east-1:000000000000:domain/orders-search/products", "arn:aws:es:us-east-1:000000000000:domain/orders-search/products/_settings"],
    });
    expect((await settingsOf({ maximumRecordAgeSeconds: 600 })).settings).toEqual([{ index: "products", settings: { "index.gc_deletes": "660s" } }]);
  });

  it("passes the request's indexer settings to the event source", async () => {
    const plan = await renderPlan(BLUEPRINT, withParams({ indexer: { batchSize: 500, maximumRetryAttempts: 0, maximumRecordAgeSeconds: 600, parallelizationFactor: 4 } }), { name: "tuned" });
    expect(one(plan, MAPPING).inputs).toMatchObject({ batchSize: 500, maximumRetryAttempts: 0, maximumRecordAgeInSeconds: 600, parallelizationFactor: 4 });
  });

  it("defaults the indexer from the building blocks' own defaults: one home for each", async () => {
    const plan = await renderPlan(BLUEPRINT, example, { name: "defaults" });
    expect(one(plan, MAPPING).inputs).toMatchObject({
      batchSize: STREAM_EVENT_SOURCE_DEFAULTS.batchSize,
      parallelizationFactor: STREAM_EVENT_SOURCE_DEFAULTS.parallelizationFactor,
      maximumRetryAttempts: STREAM_EVENT_SOURCE_DEFAULTS.maximumRetryAttempts,
      maximumRecordAgeInSeconds: STREAM_EVENT_SOURCE_DEFAULTS.maximumRecordAgeSeconds,
    });
    expect(one(plan, FUNCTION, "indexer").inputs).toMatchObject({ memorySize: LAMBDA_FUNCTION_DEFAULTS.memoryMiB, timeout: LAMBDA_FUNCTION_DEFAULTS.timeoutSeconds });
  });
});

describe("two dynamodb-search deployments in one program", () => {
  it("do not collide", async () => {
    const request = dynamodbSearchRequest.parse(example);
    const resources = await renderSideBySide(() => {
      new DynamodbSearch("team-a", request);
      new DynamodbSearch("team-b", request);
    });
    const domains = ofType(resources, DOMAIN).map((d) => d.inputs["domainName"]);
    expect(domains).toEqual(["team-a-search", "team-b-search"]);
    const aliases = ofType(resources, "aws:kms/alias:Alias").map((a) => a.inputs["name"]);
    expect(new Set(aliases).size).toBe(2);
  });
});

describe("invalid dynamodb-search requests", () => {
  const rejects = (request: unknown, field: string, name?: string) => expectRejected(BLUEPRINT, request, field, name);

  it("names a missing required tag", () => rejects({ params: example.params, tags: { owner: "x", environment: "dev" } }, "tags.cost-center"));
  it("names an environment outside dev, staging, prod", () => rejects(withParams({}, { environment: "qa" }), "tags.environment"));
  it("names an unknown parameter", () => rejects(withParams({ shards: 2 }), "params"));
  it("names a backup without Kinesis capture", () => rejects(withParams({ backup: { enabled: true } }), "params.backup.enabled"));
  it("names a wrong type", () => rejects(withParams({ indexer: { batchSize: "many" } }), "params.indexer.batchSize"));
  it("names a retry count beyond the bound", () => rejects(withParams({ indexer: { maximumRetryAttempts: 10_000 } }), "params.indexer.maximumRetryAttempts"));
  it("names an existing table without its stream", () => rejects(withParams({ table: { existing: { name: "legacy" } } }), "params.table.existing.streamArn"));
  it("names a reserved tag key", () => rejects(withParams({}, { "managed-by": "me" }), "tags.managed-by"));
  it("names a hostile deployment name", () => rejects(example, "name", "../../etc"));
  it("names tags an OpenSearch domain cannot take (deploy-review B5)", () =>
    rejects(withParams({}, Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`team-${i}`, "x"]))), "tags"));
  it("names a data-node count two zones cannot split (deploy-review M8)", () => rejects(withParams({ search: { instanceCount: 3 } }, { environment: "staging" }), "params.search.instanceCount"));
  it("names a volume above the instance type's maximum", () => rejects(withParams({ search: { instanceType: "t3.small.search", volumeGiB: 101 } }), "params.search.volumeGiB"));
  it("names an instance type without gp3 volumes", () => rejects(withParams({ search: { instanceType: "r6gd.large.search" } }), "params.search.instanceType"));
  it("names an administrator that is not an IAM role or user", () => rejects(withParams({ search: { masterUserArn: "arn:aws:sts::111122223333:assumed-role/admin/alice" } }), "params.search.masterUserArn"));
});
