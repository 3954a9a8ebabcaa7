import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AlarmArgs {
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  statistic: "Sum" | "Maximum" | "Average" | "Minimum";
  comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  threshold: number;
  /** Seconds per evaluation period; default 300. */
  period?: number;
  /** Default 1. */
  evaluationPeriods?: number;
  /** Missing data means nothing happened for most of these metrics. Default notBreaching. */
  treatMissingData?: "notBreaching" | "breaching" | "missing";
  topicArn: pulumi.Input<string>;
  tags: Record<string, string>;
}

/** A CloudWatch alarm that notifies the deployment's topic when it fires and when it clears. */
export function alarm(name: string, args: AlarmArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    name,
    {
      alarmDescription: args.description,
      namespace: args.namespace,
      metricName: args.metricName,
      dimensions: args.dimensions,
      statistic: args.statistic,
      comparisonOperator: args.comparison,
      threshold: args.threshold,
      period: args.period ?? 300,
      evaluationPeriods: args.evaluationPeriods ?? 1,
      treatMissingData: args.treatMissingData ?? "notBreaching",
      alarmActions: [args.topicArn],
      okActions: [args.topicArn],
      tags: args.tags,
    },
    opts,
  );
}
