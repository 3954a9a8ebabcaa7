import { describe, it } from "vitest";
import { exampleOf, expectRejected } from "../../support/blueprint-requests";

const BLUEPRINT = "msk-data-lake";
const { example, withParams } = exampleOf(BLUEPRINT);
const rejects = (request: unknown, field: string) => expectRejected(BLUEPRINT, request, field);
const kafka = (fields: Record<string, unknown>) => withParams({ kafka: { ...example.params.kafka, ...fields } });

// What AWS would refuse is refused before anything renders, naming the field.
describe("msk-data-lake refuses requests AWS would refuse, naming the field", () => {
  it("Kafka versions MSK creates clusters with, Standard broker sizes, topics Lambda can read", async () => {
    await rejects(kafka({ kafkaVersion: "09.7.x" }), "params.kafka.kafkaVersion");
    // 3.6.0 has a published end of support: MSK phases out new clusters on it.
    await rejects(kafka({ kafkaVersion: "3.6.0" }), "params.kafka.kafkaVersion");
    await rejects(kafka({ brokerInstanceType: "kafka.wrhg*HHEuN9&z'#" }), "params.kafka.brokerInstanceType");
    await rejects(kafka({ brokerInstanceType: "kafka.m7g.24xlarge" }), "params.kafka.brokerInstanceType");
    await rejects(kafka({ topics: ["orders", ".h_AC"] }), "params.kafka.topics.1");
  });

  it("a new VPC's CIDR: valid octets, its network address, /16 to /24", async () => {
    await rejects(withParams({ network: { cidrBlock: "63.4.92.467/18" } }), "params.network.cidrBlock");
    await rejects(withParams({ network: { cidrBlock: "10.0.0.1/16" } }), "params.network.cidrBlock");
    await rejects(withParams({ network: { cidrBlock: "10.0.0.0/25" } }), "params.network.cidrBlock");
  });

  it("an existing VPC's ids have 8 or 17 hex digits", async () => {
    const subnets = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0ccccccccccccccc3"];
    await rejects(withParams({ network: { existing: { vpcId: "vpc-0a1b2c3d4e", privateSubnetIds: subnets } } }), "params.network.existing.vpcId");
    await rejects(withParams({ network: { existing: { vpcId: "vpc-0a1b2c3d", privateSubnetIds: [...subnets.slice(1), "subnet-123456789"] } } }), "params.network.existing.privateSubnetIds.2");
  });

  it("the curating job's schedule is a Glue cron expression running at most every 5 minutes", async () => {
    await rejects(withParams({ etl: { schedule: "cron(#[m~TA)" } }), "params.etl.schedule");
    await rejects(withParams({ etl: { schedule: "cron(0 10 * * * *)" } }), "params.etl.schedule");
    await rejects(withParams({ etl: { schedule: "cron(0/2 * * * ? *)" } }), "params.etl.schedule");
  });

  it("the raw prefix uses S3's safe key characters", async () => {
    await rejects(withParams({ rawZone: { prefix: "raw data/" } }), "params.rawZone.prefix");
    // Firehose takes 1,024 characters of prefix, the hourly partitions appended to it included.
    await rejects(withParams({ rawZone: { prefix: `${"r".repeat(1000)}/` } }), "params.rawZone.prefix");
  });

  it("QuickSight's principal is a QuickSight user or group ARN", async () => {
    await rejects(withParams({ quicksight: { enabled: true, principalArn: "arn:aws:iam::111122223333:user/analyst" } }), "params.quicksight.principalArn");
  });

  it("the warehouse database is not a Redshift reserved word (CreateNamespace refuses it)", async () => {
    await rejects(withParams({ warehouse: { database: "user" } }), "params.warehouse.database");
  });

  it("Redshift Serverless takes no @ in tag values, as in keys", async () => {
    await rejects({ ...example, tags: { ...example.tags, contact: "data@example.com" } }, "tags.contact");
  });
});
