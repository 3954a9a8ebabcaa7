import { convertNumbers, toIsoTimestamp, withTimestamp, zipFields, type LineParser, type ParsedLine } from "./log-record";

/** The default (version 2) flow log record format. */
export const VPC_FLOW_DEFAULT_FIELDS = [
  "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets",
  "bytes", "start", "end", "action", "log-status",
] as const;

// Every field a custom format may use (VPC user guide, "Available fields", versions 2-8). A header
// line is recognised by consisting of these names only, which no data line can.
export const VPC_FLOW_KNOWN_FIELDS: ReadonlySet<string> = new Set([
  ...VPC_FLOW_DEFAULT_FIELDS, "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
  "region", "az-id", "sublocation-type", "sublocation-id", "pkt-src-aws-service", "pkt-dst-aws-service",
  "flow-direction", "traffic-path", "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
  "ecs-container-instance-id", "ecs-container-id", "ecs-second-container-id", "ecs-service-name",
  "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id", "reject-reason", "resource-id", "encryption-status",
]);

// `account-id` stays a string: account ids have leading zeros.
const NUMERIC_FIELDS: ReadonlySet<string> = new Set([
  "version", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "tcp-flags", "traffic-path",
  "encryption-status",
]);

/**
 * Parses VPC Flow Log text records. Flow logs delivered to S3 start with a line naming the
 * fields, which is how a custom format is read; without one the default format is assumed.
 * `@timestamp` is the start of the aggregation window.
 */
export function createVpcFlowParser(): LineParser {
  let fields: readonly string[] = VPC_FLOW_DEFAULT_FIELDS;
  return {
    parseLine(line: string): ParsedLine {
      const trimmed = line.trim();
      if (trimmed === "" || trimmed.startsWith("#")) return { kind: "skip" };
      const values = trimmed.split(/\s+/);
      if (values.every((value) => VPC_FLOW_KNOWN_FIELDS.has(value))) {
        fields = values;
        return { kind: "skip" };
      }
      if (values.length !== fields.length) {
        return { kind: "invalid", reason: `${values.length} fields, the format has ${fields.length}` };
      }
      const record = zipFields(fields, values);
      convertNumbers(record, NUMERIC_FIELDS);
      const start = record.start;
      const timestamp = typeof start === "number" ? toIsoTimestamp(start * 1000) : undefined;
      return { kind: "record", record: withTimestamp(record, timestamp) };
    },
  };
}
