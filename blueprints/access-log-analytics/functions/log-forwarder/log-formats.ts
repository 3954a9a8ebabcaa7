import type { LogFormat } from "./config";
import type { LineParser } from "./log-record";
import { createAlbParser } from "./alb-parser";
import { createCloudFrontParser } from "./cloudfront-parser";
import { createJsonLinesParser } from "./json-lines-parser";
import { createVpcFlowParser } from "./vpc-flow-parser";

/** How one log format is read and how its records are spread over Kinesis shards. */
export interface LogFormatDefinition {
  /** A fresh parser per object: headers in one file must not leak into the next. */
  readonly createParser: () => LineParser;
  /**
   * Fields holding the client or source IP, tried in order, as the Kinesis partition key:
   * all records of one client land on one shard, in order, which is what per-client anomaly
   * detection in Flink keys by anyway.
   */
  readonly partitionKeyFields: readonly string[];
}

export const LOG_FORMAT_DEFINITIONS: Readonly<Record<LogFormat, LogFormatDefinition>> = {
  cloudfront: { createParser: createCloudFrontParser, partitionKeyFields: ["c-ip"] },
  alb: { createParser: createAlbParser, partitionKeyFields: ["client_ip"] },
  "vpc-flow": { createParser: createVpcFlowParser, partitionKeyFields: ["srcaddr", "pkt-srcaddr"] },
  "json-lines": {
    createParser: createJsonLinesParser,
    partitionKeyFields: ["c-ip", "client_ip", "clientIp", "sourceIPAddress", "source_ip", "sourceIp", "srcaddr", "remote_addr", "ip"],
  },
};
