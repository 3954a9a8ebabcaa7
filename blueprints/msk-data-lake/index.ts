import { defineBlueprint } from "../blueprint";
import { changelog } from "./changelog";
import { MSK_DATA_LAKE, MskDataLake } from "./component";
import { mskDataLakeRequest } from "./schema";

export const mskDataLake = defineBlueprint({
  id: MSK_DATA_LAKE,
  title: "Kafka into the data lake with MSK",
  pattern: "Stream data from diverse source systems into the data lake using MSK for near real-time reports",
  description:
    "Runs an Amazon MSK cluster (provisioned or Serverless) and a consumer Lambda that moves every requested topic through Firehose into an hourly-partitioned S3 raw zone; a scheduled Glue job curates it into Parquet, Redshift Serverless queries it through the Glue catalog, and QuickSight can report on it.",
  requestSchema: mskDataLakeRequest,
  outline: [
    "KMS customer-managed key (rotation on), or the request's own key",
    "Network: the caller's VPC and private subnets, or a new awsx VPC; security groups admitting only the MSK IAM port from the consumers' group",
    "MSK cluster (TLS only, IAM auth, KMS at rest, per-topic-per-broker monitoring, broker logs under /aws/vendedlogs/) with the requested topics created, or MSK Serverless (topics created by the caller: output topicsToCreate)",
    "Consumer Lambda in the VPC with an MSK event source and its own consumer group per topic (provisioned pollers, bisect, bounded retries, on-failure queue)",
    "Firehose (Direct PUT, SSE with the key) → S3 raw zone, hourly Hive partitions, GZIP",
    "Glue database and raw table (partition projection for Athena, an hourly crawler registering partitions for Redshift Spectrum); scheduled Glue ETL job (security configuration, bookmarks) writing Parquet to the curated zone",
    "Redshift Serverless namespace and workgroup (KMS, private, enhanced VPC routing, SSL) with the external schema `lake` over the Glue database created through the Redshift Data API",
    "Optional QuickSight data source over the warehouse through a VPC connection (its group admits Redshift's replies; QuickSight's Secrets Manager role may read and decrypt the admin secret)",
    "SNS topic (or the request's own) and CloudWatch alarms (consumer errors and offset lag, parked records, raw-zone freshness)",
  ],
  directory: __dirname,
  changelog,
  create: (name, request, opts) => new MskDataLake(name, request, opts),
});
