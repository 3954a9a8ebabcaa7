"""Windowed aggregates of the pipeline's stream: the pure part of the default Flink application.

Reads the runtime properties Managed Service for Apache Flink hands the application (the
property contract below, which the Slipstream blueprint sets), validates them, and builds the
Flink SQL the application runs: a Kinesis source table, a DynamoDB sink table and one INSERT
that counts the records of each key per tumbling window and keeps the minimum, maximum and
average of each numeric field. Nothing here imports PyFlink, so it is tested with plain
unittest; main.py hands the statements to a TableEnvironment.

Property contract (group id -> keys). Keep in step with flink-app.ts in the blueprint; a
test compares the two.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

RUN_OPTIONS = "kinesis.analytics.flink.run.options"
SOURCE = "slipstream.source"
RECORDS = "slipstream.records"
SINK = "slipstream.sink"

#: Every group and key the application reads; optional keys may be absent or empty.
CONTRACT: dict[str, dict[str, str]] = {
    RUN_OPTIONS: {"python": "required", "jarfile": "required", "pyFiles": "optional"},
    SOURCE: {"stream.arn": "required", "aws.region": "required", "initial.position": "optional"},
    RECORDS: {"columns": "required", "group.by": "required", "measures": "optional", "window.seconds": "required"},
    SINK: {
        "table.name": "required",
        "aws.region": "required",
        "partition.key": "required",
        "partition.key.type": "required",
        "sort.key": "optional",
        "sort.key.type": "optional",
    },
}

INITIAL_POSITIONS = ("TRIM_HORIZON", "LATEST")
KEY_TYPES = ("S", "N")
WINDOW_SECONDS = (10, 86_400)
NUMERIC = re.compile(r"^(int|bigint|double|float|decimal\(\d+,\d+\))$")
GLUE_TO_FLINK = {"string": "STRING", "int": "INT", "bigint": "BIGINT", "double": "DOUBLE", "float": "FLOAT", "boolean": "BOOLEAN", "date": "STRING", "timestamp": "STRING"}


class ConfigError(ValueError):
    """A runtime property is missing or invalid; the message names the group and key."""


@dataclass(frozen=True)
class Config:
    stream_arn: str
    source_region: str
    initial_position: str
    columns: dict[str, str]
    group_by: str
    measures: tuple[str, ...]
    window_seconds: int
    table_name: str
    sink_region: str
    partition_key: str
    partition_key_type: str
    sort_key: str | None
    sort_key_type: str | None
    jarfile: str


def property_groups(document: list[dict]) -> dict[str, dict[str, str]]:
    """The property groups of MSF's application_properties.json ([{PropertyGroupId, PropertyMap}])."""
    groups: dict[str, dict[str, str]] = {}
    for group in document:
        groups[group["PropertyGroupId"]] = {str(k): str(v) for k, v in group.get("PropertyMap", {}).items()}
    return groups


def _get(groups: dict[str, dict[str, str]], group: str, key: str, required: bool = True) -> str | None:
    value = groups.get(group, {}).get(key, "").strip()
    if value == "":
        if required:
            raise ConfigError(f"runtime property {group} / {key} is required")
        return None
    return value


def parse_columns(text: str) -> dict[str, str]:
    """`name:type;name:type` (the Glue column types of the request; `;` since decimal(p,s) holds a comma) -> {name: type}."""
    columns: dict[str, str] = {}
    for item in text.split(";"):
        name, sep, glue_type = item.strip().partition(":")
        if not sep or not re.match(r"^[a-z_][a-z0-9_]*$", name) or not glue_type:
            raise ConfigError(f"runtime property {RECORDS} / columns: expected name:type, got {item.strip()!r}")
        if name in columns:
            raise ConfigError(f"runtime property {RECORDS} / columns: {name} appears twice")
        columns[name] = glue_type
    return columns


def flink_type(glue_type: str) -> str:
    """The Flink SQL type a JSON field of this Glue type is read as."""
    decimal = re.match(r"^decimal\((\d+),(\d+)\)$", glue_type)
    if decimal:
        return f"DECIMAL({decimal.group(1)}, {decimal.group(2)})"
    # Nested types are read as their JSON text: the aggregates never look inside them.
    return GLUE_TO_FLINK.get(glue_type, "STRING")


def load_config(groups: dict[str, dict[str, str]]) -> Config:
    columns = parse_columns(_get(groups, RECORDS, "columns") or "")
    group_by = _get(groups, RECORDS, "group.by") or ""
    if group_by not in columns:
        raise ConfigError(f"runtime property {RECORDS} / group.by: {group_by} is not one of the columns")
    measures = tuple(m.strip() for m in (_get(groups, RECORDS, "measures", required=False) or "").split(",") if m.strip())
    for measure in measures:
        if measure not in columns or not NUMERIC.match(columns[measure]):
            raise ConfigError(f"runtime property {RECORDS} / measures: {measure} is not a numeric column")
    window = _get(groups, RECORDS, "window.seconds") or ""
    if not window.isdigit() or not WINDOW_SECONDS[0] <= int(window) <= WINDOW_SECONDS[1]:
        raise ConfigError(f"runtime property {RECORDS} / window.seconds must be {WINDOW_SECONDS[0]}-{WINDOW_SECONDS[1]}, got {window!r}")
    position = _get(groups, SOURCE, "initial.position", required=False) or "TRIM_HORIZON"
    if position not in INITIAL_POSITIONS:
        raise ConfigError(f"runtime property {SOURCE} / initial.position must be one of {', '.join(INITIAL_POSITIONS)}, got {position!r}")
    key_type = _get(groups, SINK, "partition.key.type") or ""
    sort_key = _get(groups, SINK, "sort.key", required=False)
    sort_key_type = _get(groups, SINK, "sort.key.type", required=sort_key is not None) if sort_key else None
    for name, value in (("partition.key.type", key_type), ("sort.key.type", sort_key_type)):
        if value is not None and value not in KEY_TYPES:
            raise ConfigError(f"runtime property {SINK} / {name} must be S or N, got {value!r}")
    config = Config(
        stream_arn=_get(groups, SOURCE, "stream.arn") or "",
        source_region=_get(groups, SOURCE, "aws.region") or "",
        initial_position=position,
        columns=columns,
        group_by=group_by,
        measures=measures,
        window_seconds=int(window),
        table_name=_get(groups, SINK, "table.name") or "",
        sink_region=_get(groups, SINK, "aws.region") or "",
        partition_key=_get(groups, SINK, "partition.key") or "",
        partition_key_type=key_type,
        sort_key=sort_key,
        sort_key_type=sort_key_type,
        jarfile=_get(groups, RUN_OPTIONS, "jarfile") or "",
    )
    names = output_columns(config)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"the serving table's item would repeat the attribute(s) {', '.join(duplicates)}: rename the key or the column")
    return config


def output_columns(config: Config) -> list[str]:
    """The attributes of each item written to the serving table, keys first."""
    names = [config.partition_key]
    if config.sort_key is not None:
        names.append(config.sort_key)
    names += ["window_start_utc", "window_end_utc", "record_count"]
    for measure in config.measures:
        names += [f"{measure}_min", f"{measure}_max", f"{measure}_avg"]
    return names


def ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _key_type(key_type: str) -> str:
    return "STRING" if key_type == "S" else "DECIMAL(38, 10)"


ISO_UTC = literal("yyyy-MM-dd'T'HH:mm:ss'Z'")


def source_ddl(config: Config) -> str:
    # Only the fields the aggregates read are declared; the JSON format skips the rest, and a
    # record that does not parse is dropped rather than failing the job.
    fields = [config.group_by, *[m for m in config.measures if m != config.group_by]]
    columns = [f"  {ident(f)} {flink_type(config.columns[f])}" for f in fields]
    columns.append("  `proc_time` AS PROCTIME()")
    options = {
        "connector": "kinesis",
        "stream.arn": config.stream_arn,
        "aws.region": config.source_region,
        "source.init.position": config.initial_position,
        "format": "json",
        "json.ignore-parse-errors": "true",
        "json.fail-on-missing-field": "false",
    }
    return "CREATE TABLE `records` (\n" + ",\n".join(columns) + "\n) WITH (\n" + _options(options) + "\n)"


def sink_ddl(config: Config) -> str:
    columns = [f"  {ident(config.partition_key)} {_key_type(config.partition_key_type)}"]
    keys = [config.partition_key]
    if config.sort_key is not None:
        columns.append(f"  {ident(config.sort_key)} {'STRING' if config.sort_key_type == 'S' else 'BIGINT'}")
        keys.append(config.sort_key)
    columns += ["  `window_start_utc` STRING", "  `window_end_utc` STRING", "  `record_count` BIGINT"]
    for measure in config.measures:
        columns += [f"  {ident(measure + suffix)} DOUBLE" for suffix in ("_min", "_max", "_avg")]
    options = {"connector": "dynamodb", "table-name": config.table_name, "aws.region": config.sink_region}
    # The DynamoDB sink deduplicates a batch on the PARTITIONED BY keys: the table's own keys.
    return (
        "CREATE TABLE `serving` (\n" + ",\n".join(columns) + "\n) PARTITIONED BY (" + ", ".join(ident(k) for k in keys) + ") WITH (\n" + _options(options) + "\n)"
    )


def insert_sql(config: Config) -> str:
    key = ident(config.group_by)
    select = [f"  CAST({key} AS {_key_type(config.partition_key_type)}) AS {ident(config.partition_key)}"]
    if config.sort_key is not None:
        start = f"DATE_FORMAT(window_start, {ISO_UTC})" if config.sort_key_type == "S" else "UNIX_TIMESTAMP(DATE_FORMAT(window_start, 'yyyy-MM-dd HH:mm:ss')) * 1000"
        select.append(f"  {start} AS {ident(config.sort_key)}")
    select += [
        f"  DATE_FORMAT(window_start, {ISO_UTC}) AS `window_start_utc`",
        f"  DATE_FORMAT(window_end, {ISO_UTC}) AS `window_end_utc`",
        "  COUNT(*) AS `record_count`",
    ]
    for measure in config.measures:
        value = f"CAST({ident(measure)} AS DOUBLE)"
        select += [f"  MIN({value}) AS {ident(measure + '_min')}", f"  MAX({value}) AS {ident(measure + '_max')}", f"  AVG({value}) AS {ident(measure + '_avg')}"]
    return (
        "INSERT INTO `serving`\nSELECT\n"
        + ",\n".join(select)
        + f"\nFROM TABLE(TUMBLE(TABLE `records`, DESCRIPTOR(`proc_time`), INTERVAL '{config.window_seconds}' SECOND))\n"
        + f"WHERE {key} IS NOT NULL\n"
        + f"GROUP BY window_start, window_end, {key}"
    )


def _options(options: dict[str, str]) -> str:
    return ",\n".join(f"  {literal(k)} = {literal(v)}" for k, v in options.items())


def missing_jar_message(jarfile: str) -> str:
    return (
        f"the connector jar {jarfile} is not in the application package. The default Slipstream Flink application reads Kinesis "
        "and writes DynamoDB through Flink's SQL connectors, which ship as one jar: build it with "
        "`mvn -f blueprints/serverless-streaming-pipeline/flink/pom.xml package` (see flink/README.md) and deploy again, "
        "or give the request your own flink.artifact."
    )


def contract_json() -> str:
    """The contract as JSON, for the blueprint's test that compares it with flink-app.ts."""
    return json.dumps(CONTRACT, sort_keys=True)
