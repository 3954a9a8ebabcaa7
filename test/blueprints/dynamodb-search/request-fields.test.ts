import { describe, it } from "vitest";
import { exampleOf, expectRejected } from "../../support/blueprint-requests";

const BLUEPRINT = "dynamodb-search";
const { example, withParams } = exampleOf(BLUEPRINT);
const rejects = (request: unknown, field: string) => expectRejected(BLUEPRINT, request, field);

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const STREAM = "arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2024-05-11T21:21:33.291";
const existing = (fields: Record<string, unknown>) => withParams({ table: { existing: { name: "orders", streamArn: STREAM, ...fields } } });

// What AWS would refuse is refused before anything renders, naming the field.
describe("dynamodb-search refuses requests AWS would refuse, naming the field", () => {
  it("an existing table's stream must be a DynamoDB stream ARN of that table, in the deployment's Region", async () => {
    await rejects(existing({ streamArn: "arn:aws:dynamodb:us-east-1:111122223333:table/orders" }), "params.table.existing.streamArn");
    await rejects(existing({ streamArn: STREAM.replace("table/orders", "table/invoices") }), "params.table.existing.streamArn");
    await rejects(existing({ streamArn: STREAM.replace("us-east-1", "eu-west-1") }), "params.table.existing.streamArn");
    await rejects(existing({ name: "or" }), "params.table.existing.name");
  });

  it("key attributes: 1-255 characters, and the sort key named apart from the partition key", async () => {
    await rejects(withParams({ table: { partitionKey: { name: "k".repeat(256), type: "S" } } }), "params.table.partitionKey.name");
    await rejects(withParams({ table: { partitionKey: { name: "productId", type: "S" }, sortKey: { name: "productId", type: "N" } } }), "params.table.sortKey.name");
  });

  it("a brought key is a KMS key ARN in the deployment's Region; a brought topic a standard SNS topic", async () => {
    await rejects(withParams({ encryption: { kmsKeyArn: KEY.replace("us-east-1", "eu-west-1") } }), "params.encryption.kmsKeyArn");
    await rejects(withParams({ encryption: { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/h-vx-V" } }), "params.encryption.kmsKeyArn");
    await rejects(withParams({ notifications: { emails: [], existingTopicArn: "arn:aws:sns:us-east-1:111122223333:alerts.fifo" } }), "params.notifications.existingTopicArn");
    await rejects(withParams({ notifications: { emails: [], existingTopicArn: "arn:aws:sns:eu-west-1:111122223333:alerts" } }), "params.notifications.existingTopicArn");
  });

  it("the engine is an OpenSearch version the service creates domains with", async () => {
    await rejects(withParams({ search: { indexName: "products", engineVersion: "OpenSearch_99.9" } }), "params.search.engineVersion");
    await rejects(withParams({ search: { indexName: "products", engineVersion: "OpenSearch_2.4" } }), "params.search.engineVersion");
  });

  it("the administrator is an IAM role or user ARN with a well-formed path and name", async () => {
    await rejects(withParams({ search: { indexName: "products", masterUserArn: "arn:aws:iam::111122223333:role//admin" } }), "params.search.masterUserArn");
    await rejects(withParams({ search: { indexName: "products", masterUserArn: `arn:aws:iam::111122223333:role/${"a".repeat(65)}` } }), "params.search.masterUserArn");
  });

  it("required tags hold more than spaces (the required-tags policy reads a blank value as missing)", async () => {
    await rejects({ ...example, tags: { ...example.tags, "cost-center": "\u3000" } }, "tags.cost-center");
    await rejects({ ...example, tags: { ...example.tags, owner: "  " } }, "tags.owner");
  });

  it("a tag key AWS takes but the Pulumi runtime cannot carry is refused rather than failing the render", async () => {
    await rejects({ ...example, tags: { ...example.tags, toString: "x" } }, "tags.toString");
  });
});
