"""The default Flink application's pure logic: the property contract and the SQL it runs.

Run by flink-app.test.ts with the application's folder on PYTHONPATH (no PyFlink needed).
"""
import json
import unittest

import aggregates as a


def groups(**overrides):
    base = {
        a.RUN_OPTIONS: {"python": "main.py", "jarfile": "lib/pyflink-dependencies.jar", "pyFiles": "aggregates.py"},
        a.SOURCE: {"stream.arn": "arn:aws:kinesis:eu-west-1:111122223333:stream/devices", "aws.region": "eu-west-1", "initial.position": "TRIM_HORIZON"},
        a.RECORDS: {"columns": "device_id:string;temperature:double;humidity:decimal(5,2)", "group.by": "device_id", "measures": "temperature,humidity", "window.seconds": "60"},
        a.SINK: {"table.name": "devices-serving", "aws.region": "eu-west-1", "partition.key": "device_id", "partition.key.type": "S", "sort.key": "window_start", "sort.key.type": "S"},
    }
    for group, values in overrides.items():
        base[getattr(a, group)] = {**base[getattr(a, group)], **values}
    return base


class PropertyGroups(unittest.TestCase):
    def test_reads_the_file_managed_flink_writes(self):
        document = [{"PropertyGroupId": "slipstream.sink", "PropertyMap": {"table.name": "t"}}, {"PropertyGroupId": "empty"}]
        self.assertEqual(a.property_groups(document), {"slipstream.sink": {"table.name": "t"}, "empty": {}})

    def test_contract_is_json(self):
        self.assertEqual(json.loads(a.contract_json()), a.CONTRACT)


class LoadConfig(unittest.TestCase):
    def test_reads_every_group(self):
        config = a.load_config(groups())
        self.assertEqual(config.stream_arn, "arn:aws:kinesis:eu-west-1:111122223333:stream/devices")
        self.assertEqual(config.group_by, "device_id")
        self.assertEqual(config.measures, ("temperature", "humidity"))
        self.assertEqual(config.window_seconds, 60)
        self.assertEqual((config.partition_key, config.sort_key, config.sort_key_type), ("device_id", "window_start", "S"))

    def test_defaults_the_initial_position_and_allows_no_sort_key_or_measures(self):
        config = a.load_config(groups(SOURCE={"initial.position": ""}, RECORDS={"measures": ""}, SINK={"sort.key": "", "sort.key.type": ""}))
        self.assertEqual((config.initial_position, config.measures, config.sort_key), ("TRIM_HORIZON", (), None))

    def assert_refused(self, message, **overrides):
        with self.assertRaises(a.ConfigError) as caught:
            a.load_config(groups(**overrides))
        self.assertIn(message, str(caught.exception))

    def test_names_a_missing_property(self):
        self.assert_refused("slipstream.sink / table.name is required", SINK={"table.name": " "})

    def test_refuses_a_group_by_that_is_not_a_column(self):
        self.assert_refused("group.by: site is not one of the columns", RECORDS={"group.by": "site"})

    def test_refuses_a_measure_that_is_not_numeric(self):
        self.assert_refused("measures: device_id is not a numeric column", RECORDS={"measures": "device_id"})

    def test_refuses_a_window_out_of_bounds(self):
        self.assert_refused("window.seconds must be 10-86400", RECORDS={"window.seconds": "5"})

    def test_refuses_an_unknown_key_type_and_position(self):
        self.assert_refused("partition.key.type must be S or N", SINK={"partition.key.type": "B"})
        self.assert_refused("initial.position must be one of", SOURCE={"initial.position": "AT_TIMESTAMP"})

    def test_refuses_malformed_and_repeated_columns(self):
        self.assert_refused("expected name:type", RECORDS={"columns": "device_id"})
        self.assert_refused("device_id appears twice", RECORDS={"columns": "device_id:string;device_id:int"})

    def test_refuses_items_whose_attributes_collide(self):
        self.assert_refused("would repeat the attribute(s) record_count", SINK={"sort.key": "record_count"})


class Sql(unittest.TestCase):
    def setUp(self):
        self.config = a.load_config(groups())

    def test_source_reads_only_the_fields_it_aggregates_from_the_stream(self):
        ddl = a.source_ddl(self.config)
        self.assertIn("`device_id` STRING", ddl)
        self.assertIn("`humidity` DECIMAL(5, 2)", ddl)
        self.assertIn("`proc_time` AS PROCTIME()", ddl)
        self.assertIn("'connector' = 'kinesis'", ddl)
        self.assertIn("'stream.arn' = 'arn:aws:kinesis:eu-west-1:111122223333:stream/devices'", ddl)
        self.assertIn("'source.init.position' = 'TRIM_HORIZON'", ddl)
        self.assertIn("'json.ignore-parse-errors' = 'true'", ddl)

    def test_sink_writes_the_serving_table_keyed_like_it(self):
        ddl = a.sink_ddl(self.config)
        self.assertIn("'connector' = 'dynamodb'", ddl)
        self.assertIn("'table-name' = 'devices-serving'", ddl)
        self.assertIn("PARTITIONED BY (`device_id`, `window_start`)", ddl)
        for column in ("`record_count` BIGINT", "`temperature_min` DOUBLE", "`humidity_avg` DOUBLE", "`window_start` STRING"):
            self.assertIn(column, ddl)

    def test_insert_counts_and_summarises_per_key_and_tumbling_window(self):
        sql = a.insert_sql(self.config)
        self.assertIn("TUMBLE(TABLE `records`, DESCRIPTOR(`proc_time`), INTERVAL '60' SECOND)", sql)
        self.assertIn("GROUP BY window_start, window_end, `device_id`", sql)
        self.assertIn("COUNT(*) AS `record_count`", sql)
        self.assertIn("AVG(CAST(`temperature` AS DOUBLE)) AS `temperature_avg`", sql)
        self.assertIn("DATE_FORMAT(window_start, 'yyyy-MM-dd''T''HH:mm:ss''Z''') AS `window_start`", sql)
        self.assertIn("WHERE `device_id` IS NOT NULL", sql)

    def test_numeric_keys_are_written_as_numbers(self):
        config = a.load_config(groups(RECORDS={"group.by": "temperature", "measures": ""}, SINK={"partition.key.type": "N", "sort.key.type": "N"}))
        self.assertIn("CAST(`temperature` AS DECIMAL(38, 10)) AS `device_id`", a.insert_sql(config))
        self.assertIn("UNIX_TIMESTAMP(DATE_FORMAT(window_start, 'yyyy-MM-dd HH:mm:ss')) * 1000 AS `window_start`", a.insert_sql(config))
        self.assertIn("`window_start` BIGINT", a.sink_ddl(config))

    def test_quotes_identifiers_and_literals(self):
        self.assertEqual(a.ident("odd`name"), "`odd``name`")
        self.assertEqual(a.literal("it's"), "'it''s'")
        config = a.load_config(groups(SINK={"partition.key": "Device Id", "table.name": "o'brien"}))
        self.assertIn("AS `Device Id`", a.insert_sql(config))
        self.assertIn("'table-name' = 'o''brien'", a.sink_ddl(config))

    def test_maps_glue_types_to_flink_types(self):
        self.assertEqual([a.flink_type(t) for t in ("string", "bigint", "decimal(10,3)", "timestamp", "array<string>")], ["STRING", "BIGINT", "DECIMAL(10, 3)", "STRING", "STRING"])


class MissingJar(unittest.TestCase):
    def test_says_how_to_build_it(self):
        message = a.missing_jar_message("lib/pyflink-dependencies.jar")
        self.assertIn("lib/pyflink-dependencies.jar", message)
        self.assertIn("mvn -f blueprints/serverless-streaming-pipeline/flink/pom.xml package", message)


if __name__ == "__main__":
    unittest.main()
