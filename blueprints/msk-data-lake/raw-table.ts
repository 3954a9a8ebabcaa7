/**
 * The raw zone's Glue table: the columns of `RawKafkaRecord` (functions/msk-consumer/
 * raw-record.ts), which the consumer writes one JSON object per line. Hourly partitions are
 * projected from the Firehose prefix for Athena, which reads projection parameters; Redshift
 * Spectrum does not (it lists the partitions the catalog holds), so a crawler registers each
 * hour as well (raw-partitions.ts). Projection stays: Athena then never waits for the crawler.
 */
export const RAW_TABLE_NAME = "raw_kafka_records";
export const CURATED_TABLE_NAME = "curated_kafka_records";

export const RAW_TABLE_COLUMNS = [
  { name: "topic", type: "string" },
  { name: "kafka_partition", type: "int" },
  { name: "kafka_offset", type: "bigint" },
  { name: "kafka_timestamp", type: "string", comment: "ISO 8601 UTC" },
  { name: "timestamp_type", type: "string" },
  { name: "key", type: "string" },
  { name: "value", type: "string" },
  { name: "encoding", type: "string", comment: "utf8, or base64 for binary keys and values" },
  { name: "headers", type: "map<string,string>" },
];

export const RAW_PARTITIONS = ["year", "month", "day", "hour"] as const;

/** Firehose prefix for the raw zone: Hive-style hourly partitions under `prefix`. */
export function rawZonePrefix(prefix: string): string {
  return `${prefix}year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`;
}

/** Partition projection parameters matching `rawZonePrefix` (Athena user guide, "Partition projection with Amazon Athena"). */
export function projectionParameters(location: string): Record<string, string> {
  return {
    "projection.enabled": "true",
    "projection.year.type": "integer",
    "projection.year.range": "2024,2099",
    "projection.month.type": "integer",
    "projection.month.range": "1,12",
    "projection.month.digits": "2",
    "projection.day.type": "integer",
    "projection.day.range": "1,31",
    "projection.day.digits": "2",
    "projection.hour.type": "integer",
    "projection.hour.range": "0,23",
    "projection.hour.digits": "2",
    "storage.location.template": `${location}year=\${year}/month=\${month}/day=\${day}/hour=\${hour}/`,
  };
}
