import { KEY_ARN, TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

export const logCases: ResourceRuleCase[] = [
  {
    rule: "log-group-retention-value",
    type: LOG_GROUP,
    compliant: { name: "/aws/lambda/forwarder", retentionInDays: 731, kmsKeyId: KEY_ARN, tags: TAGS },
    violations: [
      ["retentionInDays", 366, "retentionInDays", "366 days is not a value AWS accepts; use one of 0, 1, 3"],
      ["retentionInDays", 730, "retentionInDays", "730 days is not a value AWS accepts"],
    ],
    alsoCompliant: [
      ["retentionInDays", 0],
      ["retentionInDays", 3653],
    ],
  },
  {
    rule: "log-group-name",
    type: LOG_GROUP,
    compliant: { name: "/aws/vendedlogs/slipstream/orders#1", retentionInDays: 365, kmsKeyId: KEY_ARN, tags: TAGS },
    violations: [
      ["name", "orders logs", "name", "letters, digits and . - _ / # only"],
      ["name", "l".repeat(513), "name", "AWS takes 1 to 512"],
      ["logGroupClass", "ARCHIVE", "logGroupClass", '"ARCHIVE" is not a value AWS accepts'],
    ],
  },
  {
    // Pulumi names the log group after the resource, which here holds a character log groups refuse.
    rule: "log-group-name",
    type: LOG_GROUP,
    name: "orders:logs",
    compliant: { name: "orders-logs", retentionInDays: 365, tags: TAGS },
    violations: [["name", undefined, "name", 'unset, so Pulumi names it "orders:logs-<7 random characters>"']],
    unknown: [],
  },
  {
    rule: "log-stream-name",
    type: "aws:cloudwatch/logStream:LogStream",
    compliant: { logGroupName: "delivery-logs", name: "DestinationDelivery" },
    violations: [
      ["name", "Destination:Delivery", "name", "no ':' or '*'"],
      ["name", "", "name", "AWS takes 1 to 512"],
    ],
  },
  {
    rule: "log-account-resource-policy",
    type: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    compliant: {
      resourceArn: "arn:aws:logs:us-east-1:000000000000:log-group:search-errors",
      policyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "es.amazonaws.com" }, Action: ["logs:PutLogEvents", "logs:CreateLogStream"], Resource: "arn:aws:logs:us-east-1:000000000000:log-group:search-errors:*" }] }),
    },
    violations: [
      ["resourceArn", undefined, "policyName", "adds an account-scoped resource policy (no resourceArn); an account holds at most 10 per Region"],
      ["policyDocument", JSON.stringify({ Statement: [{ Sid: "x".repeat(5200) }] }), "policyDocument", "AWS allows at most 5120"],
    ],
    unknown: ["resourceArn", "policyDocument"],
  },
  {
    rule: "metric-alarm-limits",
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compliant: {
      alarmDescription: "Records were parked",
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      metricName: "ApproximateNumberOfMessagesVisible",
      namespace: "AWS/SQS",
      period: 300,
      statistic: "Maximum",
      threshold: 0,
      treatMissingData: "notBreaching",
      dimensions: { QueueName: "failures" },
      alarmActions: ["arn:aws:sns:us-east-1:000000000000:alerts"],
      okActions: ["arn:aws:sns:us-east-1:000000000000:alerts"],
      tags: TAGS,
    },
    violations: [
      ["period", 90, "period", "90 s; AWS takes 10, 20, 30 or a multiple of 60 seconds"],
      ["period", 45, "period", "AWS takes 10, 20, 30 or a multiple of 60"],
      ["evaluationPeriods", 0, "evaluationPeriods", "AWS takes a whole number of at least 1"],
      ["datapointsToAlarm", 4, "datapointsToAlarm", "4; it must be from 1 to evaluationPeriods (3)"],
      ["alarmActions", ["a", "b", "c", "d", "e", "f"], "alarmActions", "6 actions; AWS allows at most 5"],
      ["statistic", "p99", "statistic", '"p99" is not a value AWS accepts'],
      ["treatMissingData", "zero", "treatMissingData", '"zero" is not a value AWS accepts'],
      ["alarmDescription", "d".repeat(1025), "alarmDescription", "AWS takes 0 to 1024"],
    ],
    alsoCompliant: [
      ["period", 10],
      ["period", 3600],
    ],
  },
];
