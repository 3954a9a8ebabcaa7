"""The default Flink application of Slipstream's serverless streaming pipeline (PyFlink).

Reads the pipeline's Kinesis data stream and keeps, per key and tumbling window, the record
count and the minimum, maximum and average of each numeric field in the DynamoDB serving
table. What it reads and writes comes from the runtime properties the blueprint sets (see
aggregates.py for the contract and flink/README.md for the package).

Managed Service for Apache Flink runs this file as the `python` run option and writes the
runtime properties to /etc/flink/application_properties.json. Locally:
`python main.py --properties my-properties.json` with PyFlink installed.
"""
import json
import os
import sys

from aggregates import ConfigError, insert_sql, load_config, missing_jar_message, property_groups, sink_ddl, source_ddl

APPLICATION_PROPERTIES = "/etc/flink/application_properties.json"
PACKAGE_ROOT = os.path.dirname(os.path.abspath(__file__))


def read_properties(argv: list[str]) -> dict[str, dict[str, str]]:
    path = argv[argv.index("--properties") + 1] if "--properties" in argv else APPLICATION_PROPERTIES
    with open(path, encoding="utf-8") as handle:
        return property_groups(json.load(handle))


def main() -> None:
    try:
        config = load_config(read_properties(sys.argv))
    except ConfigError as error:
        raise SystemExit(f"slipstream flink application: {error}") from error
    jar = os.path.join(PACKAGE_ROOT, config.jarfile)
    if not os.path.isfile(jar):
        # Fail at start with the reason, not with a ClassNotFoundException deep in the job graph.
        raise SystemExit(f"slipstream flink application: {missing_jar_message(config.jarfile)}")

    from pyflink.table import EnvironmentSettings, TableEnvironment

    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    # Window bounds are written as UTC: the session time zone decides how TIMESTAMP_LTZ prints.
    env.get_config().set("table.local-time-zone", "UTC")
    if "--properties" in sys.argv:
        # Outside Managed Flink the connector jar is not on the classpath by itself.
        env.get_config().set("pipeline.jars", f"file://{jar}")
    env.execute_sql(source_ddl(config))
    env.execute_sql(sink_ddl(config))
    result = env.execute_sql(insert_sql(config))
    if "--properties" in sys.argv:
        # Managed Flink keeps the submitted job running; a local run waits for it.
        result.wait()


if __name__ == "__main__":
    main()
