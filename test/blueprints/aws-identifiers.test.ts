import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  dynamodbStreamArn,
  foreignRegionArns,
  iamPrincipalArn,
  kmsKeyArn,
  mskClusterArn,
  quicksightPrincipalArn,
  redshiftDatabaseName,
  redshiftTableName,
  s3BucketArn,
  s3BucketName,
  s3KeyPart,
  s3KeyPrefix,
  s3ObjectKey,
  snsTopicArn,
  subnetId,
  vpcCidrBlock,
} from "../../blueprints/aws-identifiers";

const accepts = (schema: z.ZodType, values: string[]) => expect(values.filter((v) => !schema.safeParse(v).success)).toEqual([]);
const refuses = (schema: z.ZodType, values: string[]) => expect(values.filter((v) => schema.safeParse(v).success)).toEqual([]);

describe("ARNs as each service writes them, in the aws partition", () => {
  it("KMS key ARNs: a UUID or multi-Region key id, never an alias or another service", () => {
    accepts(kmsKeyArn, ["arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"]);
    refuses(kmsKeyArn, [
      "arn:aws:kms:us-east-2:111122223333:alias/platform",
      "arn:aws:kms:us-east-2:111122223333:key/h-vx-V",
      "arn:awsum-le:kms:-treb-leng:663084117102:key/-",
      "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws:kms:us-east-2:11112222333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ]);
  });

  it("S3 bucket ARNs carry neither Region nor account and name a bucket S3 allows", () => {
    accepts(s3BucketArn, ["arn:aws:s3:::flink-artifacts", "arn:aws:s3:::my.bucket-1"]);
    refuses(s3BucketArn, ["arn:DS*ch(55NJ{c~V5Z7", "arn:aws:s3:us-east-1:111122223333:flink-artifacts", "arn:aws:s3:::Flink", "arn:aws:s3:::a..b", "arn:aws:s3:::xn--bucket"]);
  });

  it("SNS topic ARNs: standard topics only (alarms publish without a message group id)", () => {
    accepts(snsTopicArn, ["arn:aws:sns:us-east-1:111122223333:alerts", `arn:aws:sns:us-east-1:111122223333:${"a".repeat(256)}`]);
    refuses(snsTopicArn, ["arn:aws:sns:us-east-1:111122223333:alerts.fifo", `arn:aws:sns:us-east-1:111122223333:${"a".repeat(257)}`, "arn:aws:sqs:us-east-1:111122223333:q"]);
  });

  it("IAM role and user ARNs, with or without a path", () => {
    accepts(iamPrincipalArn, ["arn:aws:iam::111122223333:role/search-admin", "arn:aws:iam::111122223333:user/ops/alice", "arn:aws:iam::111122223333:role/service-role/a+b=c,d.e@f_g-h"]);
    refuses(iamPrincipalArn, ["arn:aws:iam::111122223333:group/admins", `arn:aws:iam::111122223333:role/${"r".repeat(65)}`, "arn:aws:iam:us-east-1:111122223333:role/x", "arn:aws:iam::111122223333:role//x"]);
  });

  it("MSK cluster, DynamoDB stream and QuickSight principal ARNs", () => {
    accepts(mskClusterArn, ["arn:aws:kafka:us-east-1:111122223333:cluster/demo-cluster-1/6357e0b2-0e6a-4b86-a0b4-70df934c2e31-5"]);
    refuses(mskClusterArn, ["arn:aws:kafka:us-east-1:111122223333:topic/demo/6357e0b2-0e6a-4b86-a0b4-70df934c2e31-5/orders", "arn:aws:kafka:us-east-1:111122223333:cluster/-bad/6357e0b2-0e6a-4b86-a0b4-70df934c2e31-5"]);
    accepts(dynamodbStreamArn, ["arn:aws:dynamodb:us-west-2:111122223333:table/TestTable/stream/2015-05-11T21:21:33.291"]);
    refuses(dynamodbStreamArn, ["arn:aws:dynamodb:us-west-2:111122223333:table/TestTable", "arn:aws:dynamodb:us-west-2:111122223333:table/T/stream/2015-05-11T21:21:33.291"]);
    accepts(quicksightPrincipalArn, ["arn:aws:quicksight:us-east-1:111122223333:user/default/analyst", "arn:aws:quicksight:us-east-1:111122223333:group/default/bi-readers"]);
    refuses(quicksightPrincipalArn, ["arn:aws:quicksight:us-east-1:111122223333:dashboard/abc", "arn:aws-bk-----:&"]);
  });

  it("names the field of every key, topic, stream and cluster outside the deployment's Region", () => {
    const params = { encryption: { kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab" }, topics: ["arn:aws:sns:us-east-1:111122223333:ok"], role: "arn:aws:iam::111122223333:role/r" };
    expect(foreignRegionArns(params, "us-east-1").map((i) => i.path.join("."))).toEqual(["encryption.kmsKeyArn"]);
  });
});

describe("S3 names and keys", () => {
  it("bucket names follow S3's general purpose naming rules", () => {
    accepts(s3BucketName, ["logs", "my.logs-2024", "1.-mbs1.-q-.z2"]);
    refuses(s3BucketName, ["ab", "Logs", "-logs", "logs-", "a..b", "192.168.5.4", "xn--logs", "sthree-logs", "amzn-s3-demo-logs", "logs-s3alias", "logs--ol-s3", "logs.mrap", "logs--x-s3", "logs--table-s3", "a".repeat(64)]);
  });

  it("object keys, prefixes and filters use S3's safe characters", () => {
    accepts(s3ObjectKey, ["flink/app-1.0.jar", "a!b_c.d*e'f(g)h-i"]);
    refuses(s3ObjectKey, ["", "/leading", "trailing/", "a//b", "with space.jar", "ctrl\u0001.jar", "x".repeat(1025)]);
    accepts(s3KeyPrefix, ["raw/", "a/b/"]);
    refuses(s3KeyPrefix, ["raw", "/raw/", "a//", "r#w/", `${"x".repeat(1024)}/`]);
    accepts(s3KeyPart, ["", "cloudfront/", ".gz", "AWSLogs/111122223333/"]);
    refuses(s3KeyPart, ["with space", "a?b", "ä", "a+b", "a,b"]);
  });
});

describe("Redshift names", () => {
  it("databases and tables: lowercase identifiers that are not reserved words", () => {
    accepts(redshiftDatabaseName, ["analytics", "_raw2"]);
    refuses(redshiftDatabaseName, ["user", "select", "Analytics", "1db", "a".repeat(65)]);
    accepts(redshiftTableName, ["access_logs", "logs.access_logs"]);
    refuses(redshiftTableName, ["table", "public.user", "logs.access-logs"]);
  });
});

describe("network identifiers", () => {
  it("EC2 ids have 8 or 17 hex digits", () => {
    accepts(subnetId, ["subnet-0a1b2c3d", "subnet-0aaaaaaaaaaaaaaa1"]);
    refuses(subnetId, ["subnet-0a1b2c3d4", "subnet-eob;", "subnet-0A1B2C3D"]);
  });

  it("VPC CIDR blocks: valid octets, the network's own address, /16 up to the blueprint's smallest", () => {
    accepts(vpcCidrBlock(), ["10.0.0.0/16", "172.31.255.240/28"]);
    accepts(vpcCidrBlock(24), ["10.1.2.0/24"]);
    refuses(vpcCidrBlock(24), ["63.4.92.467/18", "749.55.611.663/19", "10.0.0.0/15", "10.0.0.0/25", "10.0.0.1/16", "10.0.0.0"]);
  });
});
