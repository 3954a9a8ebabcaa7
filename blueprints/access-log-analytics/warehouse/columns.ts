import type { LogFormat } from "../functions/log-forwarder/config";

/**
 * One column of the Redshift table: its name, its Redshift type, and the key of the forwarder's
 * record it is loaded from. The keys are the parsers' own (`cs(User-Agent)`, `@timestamp`,
 * `log-status`): COPY's `JSON 'auto'` matches keys to column names and cannot load them, so the
 * load names each key in a JSONPaths file (load-sql.ts) and the column names are plain SQL.
 */
export interface WarehouseColumn {
  readonly name: string;
  readonly type: string;
  /** The record's key; loaded as `$['<key>']`. */
  readonly key: string;
}

const col = (name: string, type: string, key: string): WarehouseColumn => ({ name, type, key });

// Long free text (URLs, user agents, cookies): VARCHAR is at most 65535 bytes in Redshift; the
// load truncates anything longer (TRUNCATECOLUMNS) rather than losing the row.
const TEXT = "VARCHAR(65535)";
const IP = "VARCHAR(45)"; // an IPv6 address in full
const ARN = "VARCHAR(2048)";

/** Every table starts with the event time and the object the record came from. */
const COMMON: readonly WarehouseColumn[] = [
  col("event_time", "TIMESTAMPTZ", "@timestamp"),
  col("source_bucket", "VARCHAR(63)", "bucket"),
  col("source_key", "VARCHAR(1024)", "key"),
];

// CloudFront developer guide, "Standard log file fields" (the parser's CLOUDFRONT_FIELDS).
const CLOUDFRONT: readonly WarehouseColumn[] = [
  col("log_date", "DATE", "date"),
  col("log_time", "VARCHAR(8)", "time"),
  col("edge_location", "VARCHAR(32)", "x-edge-location"),
  col("sc_bytes", "BIGINT", "sc-bytes"),
  col("c_ip", IP, "c-ip"),
  col("cs_method", "VARCHAR(16)", "cs-method"),
  col("cs_host", "VARCHAR(255)", "cs(Host)"),
  col("cs_uri_stem", TEXT, "cs-uri-stem"),
  col("sc_status", "INTEGER", "sc-status"),
  col("cs_referer", TEXT, "cs(Referer)"),
  col("cs_user_agent", TEXT, "cs(User-Agent)"),
  col("cs_uri_query", TEXT, "cs-uri-query"),
  col("cs_cookie", TEXT, "cs(Cookie)"),
  col("edge_result_type", "VARCHAR(32)", "x-edge-result-type"),
  col("edge_request_id", "VARCHAR(128)", "x-edge-request-id"),
  col("host_header", "VARCHAR(255)", "x-host-header"),
  col("cs_protocol", "VARCHAR(8)", "cs-protocol"),
  col("cs_bytes", "BIGINT", "cs-bytes"),
  col("time_taken", "DOUBLE PRECISION", "time-taken"),
  col("forwarded_for", TEXT, "x-forwarded-for"),
  col("ssl_protocol", "VARCHAR(16)", "ssl-protocol"),
  col("ssl_cipher", "VARCHAR(64)", "ssl-cipher"),
  col("edge_response_result_type", "VARCHAR(32)", "x-edge-response-result-type"),
  col("cs_protocol_version", "VARCHAR(16)", "cs-protocol-version"),
  col("fle_status", "VARCHAR(64)", "fle-status"),
  col("fle_encrypted_fields", "VARCHAR(16)", "fle-encrypted-fields"),
  col("c_port", "INTEGER", "c-port"),
  col("time_to_first_byte", "DOUBLE PRECISION", "time-to-first-byte"),
  col("edge_detailed_result_type", "VARCHAR(64)", "x-edge-detailed-result-type"),
  col("sc_content_type", "VARCHAR(255)", "sc-content-type"),
  col("sc_content_len", "BIGINT", "sc-content-len"),
  col("sc_range_start", "BIGINT", "sc-range-start"),
  col("sc_range_end", "BIGINT", "sc-range-end"),
];

// Elastic Load Balancing guide, "Access log entries" (the parser's ALB_FIELDS, with client:port
// and target:port split and the request split into verb, URL and protocol).
const ALB: readonly WarehouseColumn[] = [
  col("type", "VARCHAR(8)", "type"),
  col("log_time", "VARCHAR(32)", "time"),
  col("elb", "VARCHAR(255)", "elb"),
  col("client_ip", IP, "client_ip"),
  col("client_port", "INTEGER", "client_port"),
  col("target_ip", IP, "target_ip"),
  col("target_port", "INTEGER", "target_port"),
  col("request_processing_time", "DOUBLE PRECISION", "request_processing_time"),
  col("target_processing_time", "DOUBLE PRECISION", "target_processing_time"),
  col("response_processing_time", "DOUBLE PRECISION", "response_processing_time"),
  col("elb_status_code", "INTEGER", "elb_status_code"),
  col("target_status_code", "INTEGER", "target_status_code"),
  col("received_bytes", "BIGINT", "received_bytes"),
  col("sent_bytes", "BIGINT", "sent_bytes"),
  col("request", TEXT, "request"),
  col("request_verb", "VARCHAR(16)", "request_verb"),
  col("request_url", TEXT, "request_url"),
  col("request_proto", "VARCHAR(16)", "request_proto"),
  col("user_agent", TEXT, "user_agent"),
  col("ssl_cipher", "VARCHAR(64)", "ssl_cipher"),
  col("ssl_protocol", "VARCHAR(16)", "ssl_protocol"),
  col("target_group_arn", ARN, "target_group_arn"),
  col("trace_id", "VARCHAR(128)", "trace_id"),
  col("domain_name", "VARCHAR(255)", "domain_name"),
  col("chosen_cert_arn", ARN, "chosen_cert_arn"),
  col("matched_rule_priority", "INTEGER", "matched_rule_priority"),
  col("request_creation_time", "VARCHAR(32)", "request_creation_time"),
  col("actions_executed", "VARCHAR(255)", "actions_executed"),
  col("redirect_url", TEXT, "redirect_url"),
  col("error_reason", "VARCHAR(64)", "error_reason"),
  col("target_port_list", TEXT, "target_port_list"),
  col("target_status_code_list", "VARCHAR(1024)", "target_status_code_list"),
  col("classification", "VARCHAR(64)", "classification"),
  col("classification_reason", "VARCHAR(64)", "classification_reason"),
  col("conn_trace_id", "VARCHAR(64)", "conn_trace_id"),
];

// VPC user guide, "Flow log records" → available fields, versions 2-8 (the parser's
// VPC_FLOW_KNOWN_FIELDS). A custom format logs a subset: absent keys load as NULL. `start` and
// `end` (END is a reserved word) are epoch seconds.
const VPC_FLOW: readonly WarehouseColumn[] = [
  col("version", "INTEGER", "version"),
  col("account_id", "VARCHAR(12)", "account-id"),
  col("interface_id", "VARCHAR(32)", "interface-id"),
  col("srcaddr", IP, "srcaddr"),
  col("dstaddr", IP, "dstaddr"),
  col("srcport", "INTEGER", "srcport"),
  col("dstport", "INTEGER", "dstport"),
  col("protocol", "INTEGER", "protocol"),
  col("packets", "BIGINT", "packets"),
  col("bytes", "BIGINT", "bytes"),
  col("start_time", "BIGINT", "start"),
  col("end_time", "BIGINT", "end"),
  col("action", "VARCHAR(8)", "action"),
  col("log_status", "VARCHAR(16)", "log-status"),
  col("vpc_id", "VARCHAR(32)", "vpc-id"),
  col("subnet_id", "VARCHAR(32)", "subnet-id"),
  col("instance_id", "VARCHAR(32)", "instance-id"),
  col("tcp_flags", "INTEGER", "tcp-flags"),
  col("traffic_type", "VARCHAR(8)", "type"),
  col("pkt_srcaddr", IP, "pkt-srcaddr"),
  col("pkt_dstaddr", IP, "pkt-dstaddr"),
  col("region", "VARCHAR(32)", "region"),
  col("az_id", "VARCHAR(16)", "az-id"),
  col("sublocation_type", "VARCHAR(16)", "sublocation-type"),
  col("sublocation_id", "VARCHAR(64)", "sublocation-id"),
  col("pkt_src_aws_service", "VARCHAR(64)", "pkt-src-aws-service"),
  col("pkt_dst_aws_service", "VARCHAR(64)", "pkt-dst-aws-service"),
  col("flow_direction", "VARCHAR(8)", "flow-direction"),
  col("traffic_path", "INTEGER", "traffic-path"),
  col("ecs_cluster_arn", ARN, "ecs-cluster-arn"),
  col("ecs_cluster_name", "VARCHAR(255)", "ecs-cluster-name"),
  col("ecs_container_instance_arn", ARN, "ecs-container-instance-arn"),
  col("ecs_container_instance_id", "VARCHAR(64)", "ecs-container-instance-id"),
  col("ecs_container_id", "VARCHAR(128)", "ecs-container-id"),
  col("ecs_second_container_id", "VARCHAR(128)", "ecs-second-container-id"),
  col("ecs_service_name", "VARCHAR(255)", "ecs-service-name"),
  col("ecs_task_definition_arn", ARN, "ecs-task-definition-arn"),
  col("ecs_task_arn", ARN, "ecs-task-arn"),
  col("ecs_task_id", "VARCHAR(64)", "ecs-task-id"),
  col("reject_reason", "VARCHAR(64)", "reject-reason"),
  col("resource_id", "VARCHAR(64)", "resource-id"),
  col("encryption_status", "INTEGER", "encryption-status"),
];

// Application logs have no fixed shape: the columns most JSON loggers share. Everything else
// stays queryable in the S3 archive (Spectrum or Athena).
const JSON_LINES: readonly WarehouseColumn[] = [col("level", "VARCHAR(16)", "level"), col("message", TEXT, "message")];

const BY_FORMAT: Readonly<Record<LogFormat, readonly WarehouseColumn[]>> = {
  cloudfront: CLOUDFRONT,
  alb: ALB,
  "vpc-flow": VPC_FLOW,
  "json-lines": JSON_LINES,
};

/** The table's columns for a log format, in load order. */
export function warehouseColumns(format: LogFormat): readonly WarehouseColumn[] {
  return [...COMMON, ...BY_FORMAT[format]];
}
