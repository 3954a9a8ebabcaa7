import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { secureLogGroup } from "./log-group";
import { physicalName } from "./naming";

/**
 * The Glue security configuration every Slipstream job runs with (CKV_AWS_99): data the job
 * writes to S3 is SSE-KMS, its CloudWatch logs and its job bookmarks are encrypted with the
 * deployment key. Glue has no autonaming for it and names are account-wide, so the name
 * derives from the deployment.
 */
export function glueSecurityConfiguration(
  name: string,
  args: { deployment: string; kmsKeyArn: pulumi.Input<string> },
  opts: pulumi.CustomResourceOptions,
): aws.glue.SecurityConfiguration {
  return new aws.glue.SecurityConfiguration(
    name,
    {
      name: physicalName(args.deployment, "glue", 128),
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: args.kmsKeyArn },
        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: args.kmsKeyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: args.kmsKeyArn },
      },
    },
    opts,
  );
}

/**
 * The CloudWatch log groups a Glue job run with a security configuration whose CloudWatch
 * encryption is on writes to, created up front with retention and the key (review item m13:
 * Glue would otherwise create them without retention). Names per the Glue developer guide,
 * "Logging for AWS Glue jobs" → "Security configuration with Amazon CloudWatch logging":
 * `/aws-glue/jobs/<security configuration>-role/<job role>/{error,output}` (driver and executor
 * logs; all 5.0 logs), and `/aws-glue/jobs/logs-v2-<security configuration>` where Glue 4.0's
 * continuous logging (`--enable-continuous-cloudwatch-log`) goes, the default group name with the
 * configuration's name appended. Slipstream runs one job per security configuration, so the
 * job's block owns the continuous group too.
 */
export function glueJobLogGroups(
  name: string,
  args: { securityConfiguration: pulumi.Input<string>; roleName: pulumi.Input<string>; kmsKeyArn: pulumi.Input<string>; retentionInDays: number; tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup[] {
  const group = (suffix: string, logGroupName: pulumi.Input<string>) =>
    secureLogGroup(`${name}-logs-${suffix}`, { logGroupName, kmsKeyArn: args.kmsKeyArn, retentionInDays: args.retentionInDays, tags: args.tags }, opts);
  return [
    group("error", pulumi.interpolate`/aws-glue/jobs/${args.securityConfiguration}-role/${args.roleName}/error`),
    group("output", pulumi.interpolate`/aws-glue/jobs/${args.securityConfiguration}-role/${args.roleName}/output`),
    group("continuous", pulumi.interpolate`/aws-glue/jobs/logs-v2-${args.securityConfiguration}`),
  ];
}
