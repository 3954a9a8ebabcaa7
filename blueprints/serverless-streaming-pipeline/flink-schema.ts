import { z } from "zod";
import { FLINK_DEFAULTS } from "../building-blocks/flink-application";
import { publish } from "../json-schema/published-rules";
import { aggregationOf, defaultFlinkProperties, FLINK_AGGREGATION_DEFAULTS, FLINK_PROPERTY_VALUE_MAX, NUMERIC_COLUMN } from "./flink-app";

const columnName = z.string().regex(/^[a-z_][a-z0-9_]{0,254}$/, "a record column name");

/** What the default Flink application computes (flink/README.md); ignored with your own artifact. */
export const flinkAggregation = z
  .object({
    groupBy: columnName
      .optional()
      .describe("The record field results are kept per; default: the serving table's partition key when it is a record field, else the first field")
      .apply(publish, { serverChecks: "that it is one of records.columns (with the default application)" }),
    measures: z
      .array(columnName)
      .max(FLINK_AGGREGATION_DEFAULTS.maxMeasures)
      .optional()
      .describe(`Numeric fields whose minimum, maximum and average are kept; default: the numeric fields (at most ${FLINK_AGGREGATION_DEFAULTS.maxMeasures})`)
      .apply(publish, { serverChecks: "that each is a numeric field of records.columns (with the default application)" }),
    windowSeconds: z.number().int().min(10).max(86_400).default(FLINK_AGGREGATION_DEFAULTS.windowSeconds).describe("Length of the tumbling (processing-time) window"),
    initialPosition: z.enum(["TRIM_HORIZON", "LATEST"]).default(FLINK_AGGREGATION_DEFAULTS.initialPosition).describe("Where a first start reads the stream from; later starts resume from the snapshot"),
  })
  .strict();

const RESERVED = ["window_start_utc", "window_end_utc", "record_count"];

interface Params {
  flink: { enabled: boolean; artifact?: unknown; runtime: string; aggregation: z.output<typeof flinkAggregation> };
  records: { columns: { name: string; type: string }[] };
  servingTable: { partitionKey: { name: string; type: string }; sortKey?: { name: string; type: string } | undefined };
}

/**
 * What the default application needs of a request (it runs when Flink is on and no artifact
 * is given): fields that exist and are numeric where they must be, keys it can write (S or N;
 * an N partition key needs a numeric field), and item attributes that do not collide.
 */
export function checkDefaultFlinkApp(p: Params, ctx: z.RefinementCtx): void {
  if (!p.flink.enabled || p.flink.artifact !== undefined) return;
  // Its connector jar is built for one Flink version (flink/pom.xml, flink.version).
  if (p.flink.runtime !== FLINK_DEFAULTS.runtime) {
    ctx.addIssue({ code: "custom", message: `the default application runs on ${FLINK_DEFAULTS.runtime}, the Flink its connector jar is built for; give your own artifact for ${p.flink.runtime}`, path: ["flink", "runtime"] });
  }
  const types = new Map(p.records.columns.map((c) => [c.name, c.type]));
  const { aggregation } = p.flink;
  if (aggregation.groupBy !== undefined && !types.has(aggregation.groupBy)) {
    ctx.addIssue({ code: "custom", message: `${aggregation.groupBy} is not one of records.columns`, path: ["flink", "aggregation", "groupBy"] });
    return;
  }
  (aggregation.measures ?? []).forEach((m, i) => {
    if (!NUMERIC_COLUMN.test(types.get(m) ?? "")) ctx.addIssue({ code: "custom", message: `${m} is not a numeric column of records.columns`, path: ["flink", "aggregation", "measures", i] });
  });
  const { partitionKey, sortKey } = p.servingTable;
  const { groupBy, measures } = aggregationOf({ columns: p.records.columns, partitionKey, sortKey, groupBy: aggregation.groupBy, measures: aggregation.measures });
  if (partitionKey.type === "B") ctx.addIssue({ code: "custom", message: "the default Flink application writes S or N keys", path: ["servingTable", "partitionKey", "type"] });
  if (partitionKey.type === "N" && !NUMERIC_COLUMN.test(types.get(groupBy) ?? "")) {
    ctx.addIssue({ code: "custom", message: `an N partition key needs a numeric groupBy field; ${groupBy} is ${types.get(groupBy) ?? "missing"}`, path: ["servingTable", "partitionKey", "type"] });
  }
  if (sortKey?.type === "B") ctx.addIssue({ code: "custom", message: "the default Flink application writes the window start as an S (ISO-8601) or N (epoch milliseconds) sort key", path: ["servingTable", "sortKey", "type"] });
  const attributes = [partitionKey.name, ...(sortKey ? [sortKey.name] : []), ...RESERVED, ...measures.flatMap((m) => [`${m}_min`, `${m}_max`, `${m}_avg`])];
  const repeated = [...new Set(attributes.filter((a, i) => attributes.indexOf(a) !== i))];
  if (repeated.length > 0) {
    ctx.addIssue({ code: "custom", message: `the serving table's items would repeat ${repeated.join(", ")}: rename the key`, path: ["servingTable"] });
  }
  // The record fields the application reads travel as one runtime property each (columns, measures).
  const records = defaultFlinkProperties({ streamArn: "-", region: "-", tableName: "-", windowSeconds: aggregation.windowSeconds, initialPosition: aggregation.initialPosition, columns: p.records.columns, partitionKey, sortKey, groupBy: aggregation.groupBy, measures: aggregation.measures })["slipstream.records"]!;
  for (const [key, value] of Object.entries(records)) {
    if (typeof value === "string" && value.length > FLINK_PROPERTY_VALUE_MAX) {
      ctx.addIssue({ code: "custom", message: `the default application receives the fields it reads as the runtime property ${key}, ${value.length} characters here; Managed Flink takes at most ${FLINK_PROPERTY_VALUE_MAX}: use fewer or shorter fields`, path: ["records", "columns"] });
    }
  }
}
