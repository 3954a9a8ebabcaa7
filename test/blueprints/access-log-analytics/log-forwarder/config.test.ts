import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../../blueprints/access-log-analytics/functions/log-forwarder/config";

const VALID = { LOG_FORMAT: "alb", DELIVERY_STREAM_NAMES: "logs-to-search, logs-to-archive" };

describe("loadConfig", () => {
  it("reads the contract with its defaults", () => {
    expect(loadConfig(VALID)).toEqual({
      logFormat: "alb",
      deliveryStreamNames: ["logs-to-search", "logs-to-archive"],
      anomalyStreamName: undefined,
      maxAttempts: 5,
      concurrency: 4,
    });
  });

  it("takes the optional variables", () => {
    const config = loadConfig({ ...VALID, ANOMALY_STREAM_NAME: "anomalies", MAX_ATTEMPTS: "3" });
    expect(config.anomalyStreamName).toBe("anomalies");
    expect(config.maxAttempts).toBe(3);
  });

  it("treats an empty ANOMALY_STREAM_NAME as not set", () => {
    expect(loadConfig({ ...VALID, ANOMALY_STREAM_NAME: "" }).anomalyStreamName).toBeUndefined();
  });

  it.each([
    [{ DELIVERY_STREAM_NAMES: "a" }, "LOG_FORMAT is required: one of cloudfront, alb, vpc-flow, json-lines"],
    [{ ...VALID, LOG_FORMAT: "nginx" }, 'LOG_FORMAT must be one of cloudfront, alb, vpc-flow, json-lines, got "nginx"'],
    [{ LOG_FORMAT: "alb" }, "DELIVERY_STREAM_NAMES is required: a comma-separated list of Firehose delivery stream names"],
    [{ ...VALID, DELIVERY_STREAM_NAMES: " , " }, "DELIVERY_STREAM_NAMES is required: a comma-separated list of Firehose delivery stream names"],
    [{ ...VALID, DELIVERY_STREAM_NAMES: "ok,not ok" }, 'DELIVERY_STREAM_NAMES contains "not ok", which is not a delivery stream name (1-64 of a-z A-Z 0-9 _ . -)'],
    [{ ...VALID, DELIVERY_STREAM_NAMES: "a,a" }, "DELIVERY_STREAM_NAMES lists a delivery stream more than once"],
    [{ ...VALID, ANOMALY_STREAM_NAME: "arn:aws:kinesis:us-east-1:123456789012:stream/x" }, 'ANOMALY_STREAM_NAME "arn:aws:kinesis:us-east-1:123456789012:stream/x" is not a Kinesis stream name (1-128 of a-z A-Z 0-9 _ . -)'],
    [{ ...VALID, MAX_ATTEMPTS: "0" }, 'MAX_ATTEMPTS must be a whole number from 1 to 10, got "0"'],
    [{ ...VALID, MAX_ATTEMPTS: "2.5" }, 'MAX_ATTEMPTS must be a whole number from 1 to 10, got "2.5"'],
    [{ ...VALID, MAX_ATTEMPTS: "many" }, 'MAX_ATTEMPTS must be a whole number from 1 to 10, got "many"'],
  ])("rejects %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });
});
