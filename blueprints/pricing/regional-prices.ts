import { PAGES, type PriceEntry, type PriceKey, type RegionPrices } from "./price-table";

/**
 * The figures, by Region. Read on PRICE_TABLE_DATE from stored copies of the AWS pricing pages
 * and from dated summaries that quote them (`readFrom`); the pricing pages themselves render
 * their tables in the browser, so most stored copies hold the prose but not the numbers.
 * Where no stored source gave a figure for the Region, the entry says so.
 */

const READ = "2026-12-02";

const notFound = (what: string, region: string): PriceEntry => ({ missing: `no published ${region} figure for ${what} was found in the sources available offline on ${READ}` });

/**
 * MSK Standard broker instance-hours. Read from AWS's own MSK sizing script, which states that all
 * its prices are us-east-1 on-demand rates from the MSK pricing page; kafka.t3.small is not in it.
 */
const MSK_SIZING_SCRIPT =
  "https://github.com/aws/agent-toolkit-for-aws/blob/d6ad2e44d5e3077b85b63f322e007c84f94f3a6c/skills/specialized-skills/analytics-skills/managing-amazon-msk/scripts/msk_sizing.py (AWS's MSK sizing script, last changed 2026-06-23: 'ALL PRICING IN THIS FILE IS BASED ON us-east-1 (N. Virginia) RATES')";

const mskBroker = (usd: number): PriceEntry => ({ usd, unit: "broker-hour", source: PAGES.msk, read: READ, readFrom: `${MSK_SIZING_SCRIPT} (price_per_hr ${usd})`, note: "Standard broker, on-demand" });

const US_EAST_1: Record<PriceKey, PriceEntry> = {
  "kinesis.onDemandStreamHour": {
    usd: 0.04,
    unit: "stream-hour",
    source: PAGES.kinesis,
    read: READ,
    readFrom: "https://code.seto.ovh/fd5ed7fd-0a12-4043-92e8-bfcc980b7771?page=3 (an estimate table quoting list prices: ON_DEMAND 730 hours, $29.20; the page names no Region, the estimator's default is us-east-1)",
  },
  "kinesis.onDemandIngestGb": notFound("Kinesis on-demand data ingested per GB (the summaries found disagree: $0.04 and $0.08)", "us-east-1"),
  "kinesis.shardHour": {
    usd: 0.015,
    unit: "shard-hour",
    source: PAGES.kinesis,
    read: READ,
    readFrom: "https://c3x.dev/resources/aws/aws_kinesis_stream (5 shards x $0.015/hour x 730); the same figure in https://kindatechnical.com/aws-kinesis/lesson-29-understanding-kinesis-pricing.html — neither names the Region",
  },
  "kinesis.putPayloadUnitsMillion": notFound("Kinesis provisioned-mode PUT payload units", "us-east-1"),
  "firehose.ingestGb": notFound("Firehose ingestion per GB", "us-east-1"),
  "msk.storageGbMonth": {
    usd: 0.1,
    unit: "GB-month",
    source: PAGES.msk,
    read: READ,
    readFrom: `${MSK_SIZING_SCRIPT} (EBS_COST_PER_GB_MONTH = 0.10)`,
    note: "Standard brokers' provisioned EBS storage",
  },
  "flink.kpuHour": {
    usd: 0.11,
    unit: "KPU-hour",
    source: PAGES.flink,
    read: READ,
    readFrom:
      "https://raw.githubusercontent.com/api-evangelist/kinesis/refs/heads/main/plans/kinesis-plans-pricing.yml (a transcription of the pricing page dated 2026-09-20: the page's US East (N. Virginia) pricing examples, $0.11 per KPU-hour); the same figure, marked us-east-1, in https://raw.githubusercontent.com/aws/agent-toolkit-for-aws/main/skills/specialized-skills/analytics-skills/developing-applications-on-managed-service-for-apache-flink/references/pricing-calculator.md",
    note: "streaming applications; one extra KPU per application for orchestration is billed at the same rate",
  },
  "flink.runningStorageGbMonth": {
    usd: 0.1,
    unit: "GB-month",
    source: PAGES.flink,
    read: READ,
    readFrom:
      "https://raw.githubusercontent.com/aws/agent-toolkit-for-aws/main/skills/specialized-skills/analytics-skills/developing-applications-on-managed-service-for-apache-flink/references/pricing-calculator.md (AWS's Managed Service for Apache Flink pricing calculator, us-east-1: $0.10 / GB-month); the same figure in https://raw.githubusercontent.com/api-evangelist/kinesis/refs/heads/main/plans/kinesis-plans-pricing.yml (transcription dated 2026-09-20)",
    note: "running application storage above the 50 GB per KPU that AWS's calculator says is included and not billed",
  },
  "glue.dpuHour": {
    usd: 0.44,
    unit: "DPU-hour",
    source: PAGES.glue,
    read: READ,
    readFrom: "https://aws.amazon.com/jp/glue/pricing/ (stored copy: ETL jobs and crawlers, USD 0.44 per DPU-hour, billed per second)",
    note: "Spark ETL jobs, streaming jobs and crawlers",
  },
  "lambda.requestsMillion": {
    usd: 0.2,
    unit: "million requests",
    source: PAGES.lambda,
    read: READ,
    readFrom: "https://cloudchipr.com/blog/aws-lambda-pricing (quotes the US East (N. Virginia) page, 2024)",
  },
  "lambda.gbSecondArm": {
    usd: 0.0000133334,
    unit: "GB-second",
    source: PAGES.lambda,
    read: READ,
    readFrom: "https://cloudchipr.com/blog/aws-lambda-pricing (quotes the US East (N. Virginia) page, 2024)",
    note: "Arm, first 7.5 billion GB-seconds a month",
  },
  "lambda.gbSecondX86": {
    usd: 0.0000166667,
    unit: "GB-second",
    source: PAGES.lambda,
    read: READ,
    readFrom: "https://cloudchipr.com/blog/aws-lambda-pricing (quotes the US East (N. Virginia) page, 2024)",
    note: "x86, first 6 billion GB-seconds a month",
  },
  "opensearch.gp3GbMonth": notFound("OpenSearch gp3 storage per GB-month", "us-east-1"),
  "redshift.rpuHour": {
    usd: 0.375,
    unit: "RPU-hour",
    source: PAGES.redshift,
    read: READ,
    readFrom:
      "https://raw.githubusercontent.com/api-evangelist/amazon-redshift/refs/heads/main/plans/amazon-redshift-plans-pricing.yml (a transcription of the pricing page dated 2026-10-07: 'Redshift Serverless RPU (US East N. Virginia example)', $0.375 per RPU-hour); within the $0.36-0.50 range https://awsnegotiations.com/redshift-serverless-pricing.html (May 2026) gives across Regions",
    note: "Serverless compute, billed per second with a 60-second minimum; managed storage is separate",
  },
  "dynamodb.writeRequestMillion": {
    usd: 0.625,
    unit: "million write request units",
    source: PAGES.dynamodb,
    read: READ,
    readFrom: "https://airbyte.com/data-engineering-resources/dynamodb-pricing (quotes US East on-demand, 2025)",
  },
  "dynamodb.readRequestMillion": {
    usd: 0.125,
    unit: "million read request units",
    source: PAGES.dynamodb,
    read: READ,
    readFrom: "https://airbyte.com/data-engineering-resources/dynamodb-pricing (quotes US East on-demand, 2025)",
  },
  "dynamodb.storageGbMonth": {
    usd: 0.25,
    unit: "GB-month",
    source: PAGES.dynamodb,
    read: READ,
    readFrom:
      "https://aws.amazon.com/dynamodb/pricing/ (stored copy, undated: 'The first 25 GB consumed per month is free, and prices start from $0.25 per GB-month thereafter'; the copy names no Region, 'start from' being the lowest Regional price)",
    note: "Standard table class; the first 25 GB a month per account and Region are free, which a per-table estimate does not subtract",
  },
  "s3.standardGbMonth": {
    usd: 0.023,
    unit: "GB-month",
    source: PAGES.s3,
    read: READ,
    readFrom: "https://cloudburn.io/blog/amazon-s3-pricing (US East (N. Virginia) as of March 2026)",
    note: "S3 Standard, first 50 TB a month",
  },
  "nat.hour": {
    usd: 0.045,
    unit: "NAT gateway-hour",
    source: PAGES.vpc,
    read: READ,
    readFrom: "https://basavytix.com/blog/aws-nat-gateway-pricing (us-east-1 rates)",
  },
  "nat.processedGb": {
    usd: 0.045,
    unit: "GB processed",
    source: PAGES.vpc,
    read: READ,
    readFrom: "https://basavytix.com/blog/aws-nat-gateway-pricing (us-east-1 rates)",
  },
};

const US_EAST_1_MSK_BROKERS: Record<string, PriceEntry> = {
  "kafka.t3.small": notFound("the kafka.t3.small broker-hour (AWS's sizing script lists M5 and M7g sizes only)", "us-east-1"),
  "kafka.m5.large": mskBroker(0.21),
  "kafka.m5.xlarge": mskBroker(0.42),
  "kafka.m5.2xlarge": mskBroker(0.84),
  "kafka.m5.4xlarge": mskBroker(1.68),
  "kafka.m5.8xlarge": mskBroker(3.36),
  "kafka.m5.12xlarge": mskBroker(5.04),
  "kafka.m5.16xlarge": mskBroker(6.72),
  "kafka.m5.24xlarge": mskBroker(10.08),
  "kafka.m7g.large": mskBroker(0.204),
  "kafka.m7g.xlarge": mskBroker(0.408),
  "kafka.m7g.2xlarge": mskBroker(0.816),
  "kafka.m7g.4xlarge": mskBroker(1.632),
  "kafka.m7g.8xlarge": mskBroker(3.264),
  "kafka.m7g.12xlarge": mskBroker(4.896),
  "kafka.m7g.16xlarge": mskBroker(6.528),
};

const EU_WEST_1: Record<PriceKey, PriceEntry> = Object.fromEntries(
  (Object.keys(US_EAST_1) as PriceKey[]).map((key) => [key, notFound(key, "eu-west-1")]),
) as Record<PriceKey, PriceEntry>;

export const REGIONAL_PRICES: Record<string, RegionPrices> = {
  "us-east-1": {
    prices: US_EAST_1,
    mskBrokerHour: US_EAST_1_MSK_BROKERS,
    opensearchInstanceHour: {},
  },
  "eu-west-1": {
    prices: EU_WEST_1,
    mskBrokerHour: {},
    opensearchInstanceHour: {},
  },
};
