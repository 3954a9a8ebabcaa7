import { describe, it } from "vitest";
import { exampleOf, expectRejected } from "../../support/blueprint-requests";

const BLUEPRINT = "access-log-analytics";
const { example, withParams } = exampleOf(BLUEPRINT);
const rejects = (request: unknown, field: string) => expectRejected(BLUEPRINT, request, field);
const source = (fields: Record<string, unknown>) => withParams({ source: { ...example.params.source, ...fields } });

// What AWS would refuse is refused before anything renders, naming the field.
describe("access-log-analytics refuses requests AWS would refuse, naming the field", () => {
  it("an existing bucket has a name S3 allows and a KMS key ARN in the deployment's Region", async () => {
    await rejects(source({ existing: { bucketName: "xn--logs" } }), "params.source.existing.bucketName");
    await rejects(source({ existing: { bucketName: "10.0.0.1" } }), "params.source.existing.bucketName");
    await rejects(source({ existing: { bucketName: "logs", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab" } }), "params.source.existing.kmsKeyArn");
  });

  it("key filters and the archive prefix use S3's safe key characters", async () => {
    await rejects(source({ prefix: "cdn logs/" }), "params.source.prefix");
    await rejects(source({ suffix: ".gz\u0000" }), "params.source.suffix");
    await rejects(withParams({ archive: { prefix: "logs?/" } }), "params.archive.prefix");
    // Firehose takes 1,024 characters of prefix, the date partitions appended to it included.
    await rejects(withParams({ archive: { prefix: `${"l".repeat(1000)}/` } }), "params.archive.prefix");
  });

  it("the index name fits Firehose's 80 characters", async () => {
    await rejects(withParams({ search: { indexName: "a".repeat(81) } }), "params.search.indexName");
  });

  it("the Redshift database and table are not reserved words (the load's SQL names them unquoted)", async () => {
    await rejects(withParams({ redshift: { enabled: true, database: "table" } }), "params.redshift.database");
    await rejects(withParams({ redshift: { enabled: true, table: "logs.select" } }), "params.redshift.table");
  });

  it("Redshift's subnets and security groups are EC2 ids", async () => {
    const redshift = { enabled: true, subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-eob;"], securityGroupIds: ["sg-0a1b2c3d"] };
    await rejects(withParams({ redshift }), "params.redshift.subnetIds.2");
    await rejects(withParams({ redshift: { ...redshift, subnetIds: redshift.subnetIds.slice(0, 2).concat("subnet-0ccccccccccccccc3"), securityGroupIds: ["sg-bON_g,]**wM"] } }), "params.redshift.securityGroupIds.0");
  });
});
