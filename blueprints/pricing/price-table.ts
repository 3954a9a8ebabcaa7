/**
 * The offline price table: on-demand list prices in USD for the billable resources the
 * blueprints create, in the Regions the table covers. There is no network at plan time, so
 * the figures are written down here, each with the AWS pricing page it belongs to, the date
 * it was read, and — where the figure was read from a copy or a summary of that page rather
 * than the page itself — where it was read (`readFrom`). A price that could not be found is
 * recorded as missing with the reason, never guessed: an estimate lists its resources under
 * `notPriced` instead of pricing them at zero.
 */

export interface Price {
  /** USD per `unit`. */
  usd: number;
  unit: string;
  /** The AWS pricing page the figure is published on. */
  source: string;
  /** The date the figure was read (ISO 8601). */
  read: string;
  /** Where the figure was read, when not on `source` itself (a stored copy or a dated summary of it). */
  readFrom?: string;
  /** What the figure covers, when the page qualifies it (a tier, an architecture). */
  note?: string;
}

export interface MissingPrice {
  missing: string;
}

export type PriceEntry = Price | MissingPrice;

export type PriceKey =
  | "kinesis.onDemandStreamHour"
  | "kinesis.onDemandIngestGb"
  | "kinesis.shardHour"
  | "kinesis.putPayloadUnitsMillion"
  | "firehose.ingestGb"
  | "msk.storageGbMonth"
  | "flink.kpuHour"
  | "flink.runningStorageGbMonth"
  | "glue.dpuHour"
  | "lambda.requestsMillion"
  | "lambda.gbSecondArm"
  | "lambda.gbSecondX86"
  | "opensearch.gp3GbMonth"
  | "redshift.rpuHour"
  | "dynamodb.writeRequestMillion"
  | "dynamodb.readRequestMillion"
  | "dynamodb.storageGbMonth"
  | "s3.standardGbMonth"
  | "nat.hour"
  | "nat.processedGb";

export interface RegionPrices {
  prices: Record<PriceKey, PriceEntry>;
  /** Instance-hour prices by instance type (MSK brokers, OpenSearch data nodes). */
  mskBrokerHour: Record<string, PriceEntry>;
  opensearchInstanceHour: Record<string, PriceEntry>;
}

export const PRICE_TABLE_DATE = "2026-12-02";
export const CURRENCY = "USD";

export const PAGES = {
  kinesis: "https://aws.amazon.com/kinesis/data-streams/pricing/",
  firehose: "https://aws.amazon.com/firehose/pricing/",
  msk: "https://aws.amazon.com/msk/pricing/",
  flink: "https://aws.amazon.com/managed-service-apache-flink/pricing/",
  glue: "https://aws.amazon.com/glue/pricing/",
  lambda: "https://aws.amazon.com/lambda/pricing/",
  opensearch: "https://aws.amazon.com/opensearch-service/pricing/",
  redshift: "https://aws.amazon.com/redshift/pricing/",
  dynamodb: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
  s3: "https://aws.amazon.com/s3/pricing/",
  vpc: "https://aws.amazon.com/vpc/pricing/",
} as const;

export function isPrice(entry: PriceEntry | undefined): entry is Price {
  return entry !== undefined && "usd" in entry;
}
