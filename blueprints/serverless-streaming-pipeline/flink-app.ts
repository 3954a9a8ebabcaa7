import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

// The pipeline's default Managed Flink application (flink/, PyFlink): its package and the
// runtime properties it reads. Python applications are a ZIP whose files the special property
// group `kinesis.analytics.flink.run.options` names: `python` (the entry file), `jarfile` (Java
// dependencies such as connectors) and `pyFiles` (MSF developer guide, "Create your Managed
// Service for Apache Flink Python application"; pip requirements are not supported, so
// everything ships in the ZIP).

export const FLINK_APP_DIR = path.join(__dirname, "flink");
const CODE_FILES = ["main.py", "aggregates.py"] as const;
/** The connector jar, built by flink/pom.xml (Maven Central): not in the repository. */
export const CONNECTOR_JAR = "lib/pyflink-dependencies.jar";

export const RUN_OPTIONS = "kinesis.analytics.flink.run.options";
/** Every group and key the application reads (the same table as CONTRACT in flink/aggregates.py; a test compares them). */
export const FLINK_PROPERTY_CONTRACT = {
  [RUN_OPTIONS]: { python: "required", jarfile: "required", pyFiles: "optional" },
  "slipstream.source": { "stream.arn": "required", "aws.region": "required", "initial.position": "optional" },
  "slipstream.records": { columns: "required", "group.by": "required", measures: "optional", "window.seconds": "required" },
  "slipstream.sink": {
    "table.name": "required",
    "aws.region": "required",
    "partition.key": "required",
    "partition.key.type": "required",
    "sort.key": "optional",
    "sort.key.type": "optional",
  },
} as const;

/** The one home of the default application's aggregation defaults (schema and blueprint read them). */
export const FLINK_AGGREGATION_DEFAULTS = { windowSeconds: 60, maxMeasures: 20, initialPosition: "TRIM_HORIZON" } as const;
export const NUMERIC_COLUMN = /^(int|bigint|double|float|decimal\(\d+,\d+\))$/;

export interface DefaultFlinkPackage {
  archive: pulumi.asset.AssetArchive;
  /** Content-addressed: new code is a new key, so Managed Flink sees an application update. */
  fileKey: string;
  connectorJarBundled: boolean;
}

let warned = false;

/** The ZIP Managed Flink runs: the Python files at its root and, when built, the connector jar under lib/. */
export function defaultFlinkPackage(): DefaultFlinkPackage {
  const hash = createHash("sha256");
  const assets: Record<string, pulumi.asset.Asset> = {};
  for (const file of CODE_FILES) {
    const text = fs.readFileSync(path.join(FLINK_APP_DIR, file), "utf8");
    hash.update(file).update(text);
    assets[file] = new pulumi.asset.StringAsset(text);
  }
  const jar = path.join(FLINK_APP_DIR, CONNECTOR_JAR);
  const connectorJarBundled = fs.existsSync(jar);
  if (connectorJarBundled) {
    hash.update(CONNECTOR_JAR).update(fs.readFileSync(jar));
    assets[CONNECTOR_JAR] = new pulumi.asset.FileAsset(jar);
  } else if (!warned) {
    warned = true;
    // Not an error here: offline plans and checks need no jar. The application refuses to
    // start without it, naming this build step (flink/main.py).
    void pulumi.log.warn(`the default Flink application's connector jar ${CONNECTOR_JAR} is not built: run \`mvn -f blueprints/serverless-streaming-pipeline/flink/pom.xml package\` before deploying (flink/README.md)`);
  }
  const digest = hash.digest("hex").slice(0, 16);
  return { archive: new pulumi.asset.AssetArchive(assets), fileKey: `flink/pipeline-aggregates-${digest}.zip`, connectorJarBundled };
}

export interface AggregationRequest {
  columns: { name: string; type: string }[];
  partitionKey: { name: string; type: string };
  sortKey?: { name: string; type: string } | undefined;
  groupBy?: string | undefined;
  measures?: string[] | undefined;
}

/**
 * What the default application aggregates: by the request's `groupBy`, else the serving
 * table's partition key when it is a record field, else the first field; over the request's
 * `measures`, else the numeric fields (at most `maxMeasures`).
 */
export function aggregationOf(request: AggregationRequest): { groupBy: string; measures: string[] } {
  const names = request.columns.map((c) => c.name);
  const groupBy = request.groupBy ?? (names.includes(request.partitionKey.name) ? request.partitionKey.name : names[0]!);
  const measures =
    request.measures ?? request.columns.filter((c) => c.name !== groupBy && NUMERIC_COLUMN.test(c.type)).slice(0, FLINK_AGGREGATION_DEFAULTS.maxMeasures).map((c) => c.name);
  return { groupBy, measures };
}

export interface DefaultFlinkPropertiesArgs extends AggregationRequest {
  streamArn: pulumi.Input<string>;
  region: pulumi.Input<string>;
  tableName: pulumi.Input<string>;
  windowSeconds: number;
  initialPosition: string;
}

/** Managed Flink's limit on a runtime property value (API reference, PropertyGroup: PropertyMap values of 1-2,048 characters). */
export const FLINK_PROPERTY_VALUE_MAX = 2048;

/** The runtime property groups the default application reads (FLINK_PROPERTY_CONTRACT). */
export function defaultFlinkProperties(args: DefaultFlinkPropertiesArgs): Record<string, Record<string, pulumi.Input<string>>> {
  const { groupBy, measures } = aggregationOf(args);
  const used = new Set([groupBy, ...measures]);
  return {
    [RUN_OPTIONS]: { python: "main.py", jarfile: CONNECTOR_JAR, pyFiles: "aggregates.py" },
    "slipstream.source": { "stream.arn": args.streamArn, "aws.region": args.region, "initial.position": args.initialPosition },
    "slipstream.records": {
      // Only the fields the job reads: the JSON format skips the others.
      columns: args.columns.filter((c) => used.has(c.name)).map((c) => `${c.name}:${c.type}`).join(";"),
      "group.by": groupBy,
      // Property values are 1-2,048 characters (PropertyGroup, PropertyMap): no measures, no key.
      ...(measures.length > 0 ? { measures: measures.join(",") } : {}),
      "window.seconds": String(args.windowSeconds),
    },
    "slipstream.sink": {
      "table.name": args.tableName,
      "aws.region": args.region,
      "partition.key": args.partitionKey.name,
      "partition.key.type": args.partitionKey.type,
      ...(args.sortKey ? { "sort.key": args.sortKey.name, "sort.key.type": args.sortKey.type } : {}),
    },
  };
}
