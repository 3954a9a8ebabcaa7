"""Streams the pipeline's Kinesis data stream into the data lake as Parquet.

A Glue streaming job (Spark Structured Streaming): reads the stream through its Glue catalog
table (JSON records, columns from the Slipstream request), and every window appends the
window's records as Snappy Parquet to the lake, partitioned by the day Kinesis received them. The
checkpoint keeps the stream position across restarts, so a restarted job resumes where it
stopped instead of re-reading the stream.

Job arguments (set by the Slipstream blueprint):
  --database          Glue database of the deployment
  --stream_table      catalog table over the Kinesis stream
  --lake_path         s3://<lake bucket>/parquet/
  --checkpoint_path   s3://<scripts bucket>/temporary/<job>/checkpoint/
  --window_seconds    how often a batch is written
"""
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

REQUIRED_ARGS = ["JOB_NAME", "database", "stream_table", "lake_path", "checkpoint_path", "window_seconds"]
PARTITION_KEYS = ["year", "month", "day"]
# With addRecordTimestamp the Kinesis source adds this column: the time the stream received the
# record (Glue developer guide, "Kinesis connections" → addRecordTimestamp, Glue 4.0 or later).
# The source emits no approximateArrivalTimestamp column.
SOURCE_TIMESTAMP = "__src_timestamp"


def with_arrival_partitions(batch: DataFrame) -> DataFrame:
    """Day partitions from the time Kinesis received each record; the processing time only if the column is missing."""
    arrival = F.col(SOURCE_TIMESTAMP) if SOURCE_TIMESTAMP in batch.columns else F.current_timestamp()
    return (
        batch.withColumn("year", F.date_format(arrival, "yyyy"))
        .withColumn("month", F.date_format(arrival, "MM"))
        .withColumn("day", F.date_format(arrival, "dd"))
    )


def main() -> None:
    args = getResolvedOptions(sys.argv, REQUIRED_ARGS)
    glue = GlueContext(SparkContext.getOrCreate())
    job = Job(glue)
    job.init(args["JOB_NAME"], args)

    stream = glue.create_data_frame.from_catalog(
        database=args["database"],
        table_name=args["stream_table"],
        transformation_ctx="kinesis_stream",
        additional_options={"startingPosition": "TRIM_HORIZON", "inferSchema": "false", "addRecordTimestamp": "true"},
    )

    def write_batch(batch: DataFrame, batch_id: int) -> None:
        if batch.rdd.isEmpty():
            return
        frame = DynamicFrame.fromDF(with_arrival_partitions(batch), glue, f"batch_{batch_id}")
        glue.write_dynamic_frame.from_options(
            frame=frame,
            connection_type="s3",
            connection_options={"path": args["lake_path"], "partitionKeys": PARTITION_KEYS},
            format="glueparquet",
            format_options={"compression": "snappy"},
            transformation_ctx=f"lake_{batch_id}",
        )

    glue.forEachBatch(
        frame=stream,
        batch_function=write_batch,
        options={"windowSize": f"{int(args['window_seconds'])} seconds", "checkpointLocation": args["checkpoint_path"]},
    )
    job.commit()


if __name__ == "__main__":
    main()
