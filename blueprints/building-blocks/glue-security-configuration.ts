import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
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
