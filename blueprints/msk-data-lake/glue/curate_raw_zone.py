"""Curates the MSK data lake's raw zone into Parquet.

Reads the JSON lines the MSK consumer wrote through Firehose (one Kafka record per line,
gzip'd, under raw/year=/month=/day=/hour=/), keeps each Kafka record once, types its
timestamp and writes Snappy Parquet partitioned by topic and day into the curated zone,
creating or updating the curated table in the Glue Data Catalog as it goes. Job bookmarks
make every run pick up only the objects that arrived since the last successful run.

Job arguments (set by the Slipstream blueprint):
  --raw_path        s3://<raw bucket>/<prefix>
  --curated_path    s3://<curated bucket>/curated/
  --database        Glue database of the deployment
  --curated_table   table the job keeps up to date
"""
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

REQUIRED_ARGS = ["JOB_NAME", "raw_path", "curated_path", "database", "curated_table"]
PARTITION_KEYS = ["topic", "year", "month", "day"]
# The columns the MSK consumer writes (RawKafkaRecord); anything else is ignored.
RAW_COLUMNS = ["topic", "kafka_partition", "kafka_offset", "kafka_timestamp", "timestamp_type", "key", "value", "encoding", "headers"]


def curate(raw: DataFrame) -> DataFrame:
    """Typed, de-duplicated records with day partitions taken from the Kafka timestamp."""
    present = [c for c in RAW_COLUMNS if c in raw.columns]
    timestamp = F.to_timestamp(F.col("kafka_timestamp"))
    return (
        raw.select(*present)
        # Firehose and Lambda retries deliver at least once: a record is its topic, partition and offset.
        .dropDuplicates(["topic", "kafka_partition", "kafka_offset"])
        .withColumn("kafka_partition", F.col("kafka_partition").cast("int"))
        .withColumn("kafka_offset", F.col("kafka_offset").cast("long"))
        .withColumn("kafka_timestamp", timestamp)
        .withColumn("year", F.date_format(timestamp, "yyyy"))
        .withColumn("month", F.date_format(timestamp, "MM"))
        .withColumn("day", F.date_format(timestamp, "dd"))
    )


def main() -> None:
    args = getResolvedOptions(sys.argv, REQUIRED_ARGS)
    glue = GlueContext(SparkContext.getOrCreate())
    job = Job(glue)
    job.init(args["JOB_NAME"], args)

    raw = glue.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [args["raw_path"]], "recurse": True, "groupFiles": "inPartition"},
        format="json",
        transformation_ctx="raw_zone",
    )
    if raw.count() == 0:
        # Nothing new since the last bookmark; committing keeps the bookmark where it is.
        job.commit()
        return

    curated = DynamicFrame.fromDF(curate(raw.toDF()), glue, "curated")
    sink = glue.getSink(
        connection_type="s3",
        path=args["curated_path"],
        enableUpdateCatalog=True,
        updateBehavior="UPDATE_IN_DATABASE",
        partitionKeys=PARTITION_KEYS,
        transformation_ctx="curated_zone",
    )
    sink.setFormat("glueparquet", compression="snappy")
    sink.setCatalogInfo(catalogDatabase=args["database"], catalogTableName=args["curated_table"])
    sink.writeFrame(curated)
    job.commit()


if __name__ == "__main__":
    main()
