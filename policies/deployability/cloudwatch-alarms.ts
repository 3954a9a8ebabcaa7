import { atMostItems, integerAtLeast, lengthBetween, oneOf } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { entriesAt, numberAt } from "../lib/property-values";

/**
 * PutMetricAlarm's rules: a period of 10, 20 or 30 s or a multiple of 60, at least one
 * evaluation period, datapoints to alarm not above the evaluation periods, at most 5 actions
 * per state, 30 dimensions, names of up to 255 and descriptions of up to 1,024 characters, and
 * its enums.
 */
export const metricAlarmLimits = resourceRule({
  name: "metric-alarm-limits",
  description: "CloudWatch metric alarms must use parameters PutMetricAlarm accepts: period, evaluation periods, datapoints, actions, dimensions, names and enums.",
  document: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
  remediation: "Use a period of 10, 20, 30 or a multiple of 60 seconds, datapointsToAlarm <= evaluationPeriods, and at most 5 actions per state.",
  types: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
  checks: [
    physicalName({ path: "name", min: 1, max: 255, autonamed: true }),
    lengthBetween("alarmDescription", 0, 1024),
    (resource, report) => {
      const period = numberAt(resource.props, "period");
      if (typeof period === "number" && ![10, 20, 30].includes(period) && (period < 60 || period % 60 !== 0)) report("period", `${period} s; AWS takes 10, 20, 30 or a multiple of 60 seconds.`);
    },
    integerAtLeast("evaluationPeriods", 1),
    (resource, report) => {
      const datapoints = numberAt(resource.props, "datapointsToAlarm");
      const periods = numberAt(resource.props, "evaluationPeriods");
      if (typeof datapoints === "number" && typeof periods === "number" && periods >= 1 && (datapoints < 1 || datapoints > periods)) report("datapointsToAlarm", `${datapoints}; it must be from 1 to evaluationPeriods (${periods}).`);
    },
    atMostItems("alarmActions", 5, "actions"),
    atMostItems("okActions", 5, "actions"),
    atMostItems("insufficientDataActions", 5, "actions"),
    (resource, report) => {
      const dimensions = entriesAt(resource.props, "dimensions");
      if (Array.isArray(dimensions) && dimensions.length > 30) report("dimensions", `${dimensions.length} dimensions; AWS allows at most 30.`);
    },
    oneOf("statistic", ["SampleCount", "Average", "Sum", "Minimum", "Maximum"]),
    oneOf("comparisonOperator", ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"]),
    oneOf("treatMissingData", ["breaching", "notBreaching", "ignore", "missing"]),
  ],
});
