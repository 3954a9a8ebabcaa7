import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SecureLogGroupArgs {
  kmsKeyArn: pulumi.Input<string>;
  /** At least 365 days (CloudWatch.16). */
  retentionInDays: number;
  tags: Record<string, string>;
  /** A fixed name where a service insists on one (e.g. `/aws/vendedlogs/...`); autonamed otherwise. */
  logGroupName?: pulumi.Input<string>;
}

export const MIN_LOG_RETENTION_DAYS = 365;

/** A CloudWatch log group encrypted with the deployment key and kept at least a year. */
export function secureLogGroup(name: string, args: SecureLogGroupArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogGroup {
  if (args.retentionInDays < MIN_LOG_RETENTION_DAYS) {
    throw new Error(`log retention for ${name} must be at least ${MIN_LOG_RETENTION_DAYS} days (CloudWatch.16), got ${args.retentionInDays}`);
  }
  return new aws.cloudwatch.LogGroup(
    name,
    {
      name: args.logGroupName,
      kmsKeyId: args.kmsKeyArn,
      retentionInDays: args.retentionInDays,
      tags: args.tags,
    },
    opts,
  );
}
