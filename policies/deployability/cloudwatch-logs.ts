import { documentAtMost, lengthBetween, matches, numberOneOf, oneOf } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { valueAt } from "../lib/property-values";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

// PutRetentionPolicy's values; the provider takes 0 for "never expire".
const RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Log retention is one of the fixed values PutRetentionPolicy accepts (not any number of days). */
export const logGroupRetentionValue = resourceRule({
  name: "log-group-retention-value",
  description: "CloudWatch log group retention must be one of the values PutRetentionPolicy accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days, or 0 for never).",
  document: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
  remediation: "Round retentionInDays up to the next accepted value (for example 365, 731 or 1096).",
  types: [LOG_GROUP],
  checks: [numberOneOf("retentionInDays", RETENTION_DAYS, "days")],
});

/** CreateLogGroup's name rules: 1–512 characters of letters, digits and `. - _ / #` (autonamed when unset). */
export const logGroupName = resourceRule({
  name: "log-group-name",
  description: "CloudWatch log group names must have 1-512 characters of letters, digits and . - _ / #.",
  document: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
  remediation: "Use only letters, digits and . - _ / # in the log group's name (or its resource name when Pulumi names it).",
  types: [LOG_GROUP],
  checks: [
    physicalName({ path: "name", min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, rule: "letters, digits and . - _ / # only", autonamed: true, prefixPath: "namePrefix" }),
    oneOf("logGroupClass", ["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"]),
  ],
});

/** CreateLogStream's name rules: 1–512 characters, no `:` or `*`. */
export const logStreamName = resourceRule({
  name: "log-stream-name",
  description: "CloudWatch log stream names must have 1-512 characters and no : or *.",
  document: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html",
  remediation: "Drop ':' and '*' from the log stream's name and keep it within 512 characters.",
  types: ["aws:cloudwatch/logStream:LogStream"],
  checks: [lengthBetween("name", 1, 512), matches("name", /^[^:*]*$/, "no ':' or '*'")],
});

/**
 * An account holds at most 10 account-scoped CloudWatch Logs resource policies per Region, a
 * quota that cannot be raised (deploy-review M2): a stack that creates one per deployment stops
 * deploying at about the tenth. A resource-scoped policy (`resourceArn`, one per log group) does
 * not count against it. Each policy document holds at most 5,120 characters.
 */
export const logAccountResourcePolicy = resourceRule({
  name: "log-account-resource-policy",
  description: "Stacks must not create account-scoped CloudWatch Logs resource policies (no resourceArn): an account holds at most 10 per Region (a hard limit); documents hold at most 5120 characters.",
  document: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html",
  remediation: "Scope the policy to the log group (resourceArn instead of policyName), or rely on one shared policy for a /aws/vendedlogs/ prefix created once per account and Region.",
  types: ["aws:cloudwatch/logResourcePolicy:LogResourcePolicy"],
  checks: [
    (resource, report) => {
      // Unknown counts as set: a resource-scoped policy's log group ARN is often an output.
      if (valueAt(resource.props, "resourceArn") !== undefined) return;
      report("policyName", `${resource.name} adds an account-scoped resource policy (no resourceArn); an account holds at most 10 per Region (not adjustable), so deployments that each add one stop deploying at about the tenth.`);
    },
    documentAtMost("policyDocument", 5120, "policy document"),
  ],
});
