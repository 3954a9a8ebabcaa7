import { describe, expect, it } from "vitest";
import { createAlbParser, tokenize } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/alb-parser";
import { createCloudFrontParser } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/cloudfront-parser";
import { createJsonLinesParser } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/json-lines-parser";
import type { LineParser, LogRecord } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/log-record";
import { createVpcFlowParser } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/vpc-flow-parser";
import {
  ALB_HTTPS_LINE,
  ALB_HTTP_LINE,
  ALB_LAMBDA_LINE_WITH_EXTRA_FIELDS,
  CLOUDFRONT_LOG,
  DECODED_UA,
  JSON_LINES_LOG,
  VPC_FLOW_CUSTOM_LOG,
  VPC_FLOW_LOG,
} from "./sample-logs";

function parseAll(parser: LineParser, text: string) {
  const records: LogRecord[] = [];
  let skipped = 0;
  const invalid: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const result = parser.parseLine(line);
    if (result.kind === "record") records.push(result.record);
    else if (result.kind === "skip") skipped += 1;
    else invalid.push(result.reason);
  }
  return { records, skipped, invalid };
}

describe("CloudFront parser", () => {
  it("reads the documented example file: headers skipped, numbers, @timestamp, decoded user agent", () => {
    const { records, skipped, invalid } = parseAll(createCloudFrontParser(), CLOUDFRONT_LOG);
    expect(invalid).toEqual([]);
    expect(skipped).toBe(3); // #Version, #Fields, trailing empty line
    expect(records).toHaveLength(4);
    expect(records[0]).toEqual({
      "@timestamp": "2019-12-04T21:02:31.000Z",
      date: "2019-12-04",
      time: "21:02:31",
      "x-edge-location": "LAX1",
      "sc-bytes": 392,
      "c-ip": "192.0.2.100",
      "cs-method": "GET",
      "cs(Host)": "d111111abcdef8.cloudfront.net",
      "cs-uri-stem": "/index.html",
      "sc-status": 200,
      "cs(User-Agent)": DECODED_UA,
      "x-edge-result-type": "Hit",
      "x-edge-request-id": "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==",
      "x-host-header": "d111111abcdef8.cloudfront.net",
      "cs-protocol": "https",
      "cs-bytes": 23,
      "time-taken": 0.001,
      "ssl-protocol": "TLSv1.2",
      "ssl-cipher": "ECDHE-RSA-AES128-GCM-SHA256",
      "x-edge-response-result-type": "Hit",
      "cs-protocol-version": "HTTP/2.0",
      "c-port": 11040,
      "time-to-first-byte": 0.001,
      "x-edge-detailed-result-type": "Hit",
      "sc-content-type": "text/html",
      "sc-content-len": 78,
    });
    expect(records[3]).toMatchObject({ "sc-status": 502, "cs(Referer)": "http://www.example.com/", "x-edge-detailed-result-type": "OriginDnsError" });
    expect(records[3]).not.toHaveProperty("ssl-protocol");
  });

  it("follows a #Fields header that names fewer fields", () => {
    const parser = createCloudFrontParser();
    expect(parser.parseLine("#Fields: date time c-ip sc-status")).toEqual({ kind: "skip" });
    const result = parser.parseLine("2024-05-01\t10:00:00\t203.0.113.5\t404");
    expect(result).toEqual({ kind: "record", record: { "@timestamp": "2024-05-01T10:00:00.000Z", date: "2024-05-01", time: "10:00:00", "c-ip": "203.0.113.5", "sc-status": 404 } });
  });

  it("assumes the documented 33 fields without a header", () => {
    const line = CLOUDFRONT_LOG.split("\n")[2] ?? "";
    const result = createCloudFrontParser().parseLine(line);
    expect(result.kind === "record" && result.record["c-port"]).toBe(11040);
  });
});

describe("ALB parser", () => {
  it("reads the documented HTTPS entry", () => {
    const result = createAlbParser().parseLine(ALB_HTTPS_LINE);
    expect(result).toEqual({
      kind: "record",
      record: {
        "@timestamp": "2018-07-02T22:23:00.186Z",
        type: "https",
        time: "2018-07-02T22:23:00.186641Z",
        elb: "app/my-loadbalancer/50dc6c495c0c9188",
        client_ip: "192.168.131.39",
        client_port: 2817,
        target_ip: "10.0.0.1",
        target_port: 80,
        request_processing_time: 0.086,
        target_processing_time: 0.048,
        response_processing_time: 0.037,
        elb_status_code: 200,
        target_status_code: 200,
        received_bytes: 0,
        sent_bytes: 57,
        request: "GET https://www.example.com:443/ HTTP/1.1",
        request_verb: "GET",
        request_url: "https://www.example.com:443/",
        request_proto: "HTTP/1.1",
        user_agent: "curl/7.46.0",
        ssl_cipher: "ECDHE-RSA-AES128-GCM-SHA256",
        ssl_protocol: "TLSv1.2",
        target_group_arn: "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
        trace_id: "Root=1-58337281-1d84f3d73c47ec4e58577259",
        domain_name: "www.example.com",
        chosen_cert_arn: "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012",
        matched_rule_priority: 1,
        request_creation_time: "2018-07-02T22:22:48.364000Z",
        actions_executed: "authenticate,forward",
        target_port_list: "10.0.0.1:80",
        target_status_code_list: "200",
        conn_trace_id: "TID_1234abcd5678ef90",
      },
    });
  });

  it("leaves out absent fields and tolerates trailing fields it does not know", () => {
    const http = createAlbParser().parseLine(ALB_HTTP_LINE);
    expect(http.kind === "record" && http.record).not.toHaveProperty("ssl_cipher");
    const lambda = createAlbParser().parseLine(ALB_LAMBDA_LINE_WITH_EXTRA_FIELDS);
    expect(lambda.kind).toBe("record");
    if (lambda.kind !== "record") return;
    expect(lambda.record).not.toHaveProperty("target_ip");
    expect(lambda.record.conn_trace_id).toBe("TID_1234abcd5678ef90");
    expect(Object.keys(lambda.record)).not.toContain("undefined");
  });

  it("keeps quoted fields whole, even with a quote inside", () => {
    expect(tokenize('a "b c" "say "hi"" d')).toEqual(["a", "b c", 'say "hi"', "d"]);
    expect(tokenize('a "unterminated')).toBeUndefined();
  });

  it("counts a line that is not an ALB entry as invalid", () => {
    expect(createAlbParser().parseLine("hello world").kind).toBe("invalid");
  });
});

describe("VPC Flow Logs parser", () => {
  it("reads the default format with its header line, - as absent and numbers as numbers", () => {
    const { records, skipped, invalid } = parseAll(createVpcFlowParser(), VPC_FLOW_LOG);
    expect(invalid).toEqual([]);
    expect(skipped).toBe(2); // header, trailing empty line
    expect(records[0]).toEqual({
      "@timestamp": "2014-12-14T04:06:50.000Z",
      version: 2,
      "account-id": "123456789010",
      "interface-id": "eni-1235b8ca123456789",
      srcaddr: "172.31.16.139",
      dstaddr: "172.31.16.21",
      srcport: 20641,
      dstport: 22,
      protocol: 6,
      packets: 20,
      bytes: 4249,
      start: 1418530010,
      end: 1418530070,
      action: "ACCEPT",
      "log-status": "OK",
    });
    expect(records[2]).toEqual({
      "@timestamp": "2015-05-10T18:01:16.000Z",
      version: 2,
      "account-id": "123456789010",
      "interface-id": "eni-1235b8ca123456789",
      start: 1431280876,
      end: 1431280934,
      "log-status": "NODATA",
    });
  });

  it("reads a custom format named by its header", () => {
    const { records, invalid } = parseAll(createVpcFlowParser(), VPC_FLOW_CUSTOM_LOG);
    expect(invalid).toEqual([]);
    expect(records[0]).toMatchObject({ version: 3, "vpc-id": "vpc-abcdefab012345678", type: "IPv4", "pkt-srcaddr": "52.213.180.42", "tcp-flags": 2, bytes: 568, packets: 8 });
  });

  it("counts a line with the wrong number of fields as invalid", () => {
    expect(createVpcFlowParser().parseLine("2 123456789010 eni-1 ACCEPT")).toEqual({ kind: "invalid", reason: "4 fields, the format has 14" });
  });
});

describe("JSON lines parser", () => {
  it("passes objects on, normalises @timestamp, counts bad lines", () => {
    const { records, skipped, invalid } = parseAll(createJsonLinesParser(), JSON_LINES_LOG);
    expect(invalid).toEqual(["not JSON"]);
    expect(skipped).toBe(2);
    expect(records).toEqual([
      { "@timestamp": "2024-05-01T12:00:00.000Z", timestamp: "2024-05-01T12:00:00.000Z", level: "info", path: "/checkout", status: 200, client_ip: "198.51.100.7", latency_ms: 41 },
      { "@timestamp": "2024-05-01T12:00:00.000Z", time: 1714564800, level: "warn", path: "/cart", status: 429, client_ip: "198.51.100.8" },
      { level: "debug", message: "no time, no client" },
    ]);
  });

  it("rejects JSON that is not an object", () => {
    expect(createJsonLinesParser().parseLine("[1,2]")).toEqual({ kind: "invalid", reason: "not a JSON object" });
  });
});
