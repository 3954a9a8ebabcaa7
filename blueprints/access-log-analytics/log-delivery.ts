import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "../building-blocks/account";
import type { PolicyStatement } from "../building-blocks/iam";
import type { KeyService } from "../building-blocks/kms-key";
import type { LogFormat } from "./functions/log-forwarder/config";

/** How CloudFront writes standard logs: v2 (CloudWatch vended-log delivery) or the legacy ACL-based one. */
export type CloudFrontLogging = "v2" | "legacy";

/**
 * What the log bucket a deployment creates must allow so that the AWS service producing the
 * chosen log format can deliver into it (deploy-review B6). Applications writing JSON lines
 * use their own credentials and need nothing here.
 */
export interface LogProducer {
  /** Who writes the logs, for docs and messages. */
  readonly producer: string;
  /** Set when the producer only delivers into SSE-S3 buckets: the documented exception. */
  readonly sseS3Reason?: string;
  /** Set when the producer still writes through ACLs. */
  readonly objectOwnership?: "BucketOwnerPreferred";
  /** What the deployment key must admit for the producer to write SSE-KMS objects. */
  readonly keyServices: readonly KeyService[];
  /** Statements for the bucket policy. */
  statements(bucketArn: pulumi.Output<string>, where: { account: AccountContext; prefix: string }): pulumi.Input<PolicyStatement[]>;
}

/**
 * Elastic Load Balancing's log-delivery accounts in the Regions that existed before August 2022
 * (Elastic Load Balancing user guide for Application Load Balancers, "Enable access logs" →
 * "Attach a policy to your S3 bucket"). Later Regions know only the service principal
 * `logdelivery.elasticloadbalancing.amazonaws.com`, which the policy names everywhere.
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
};

/**
 * Why an ALB log bucket is SSE-S3 (ALB user guide, "Enable access logs" → bucket requirements:
 * "The only server-side encryption option that's supported is Amazon S3-managed keys (SSE-S3)").
 * The bucket is recognisable by its policy: it grants s3:PutObject to
 * logdelivery.elasticloadbalancing.amazonaws.com.
 */
export const ALB_LOG_BUCKET_REASON = "Application Load Balancer access logs deliver only into SSE-S3 buckets";

const ALB: LogProducer = {
  producer: "Elastic Load Balancing (ALB access logs)",
  sseS3Reason: ALB_LOG_BUCKET_REASON,
  keyServices: [],
  statements: (bucketArn, { account, prefix }) => {
    const objects = pulumi.interpolate`${bucketArn}/${prefix}AWSLogs/${account.accountId}/*`;
    // Same guide, "Attach a policy to your S3 bucket": s3:PutObject on
    // <bucket>/<prefix>/AWSLogs/<account>/* for the service principal, and for the Region's ELB
    // account where the Region predates August 2022.
    return pulumi.all([account.region, account.partition]).apply(([region, partition]) => {
      const statements: PolicyStatement[] = [
        { Sid: "ElbLogDelivery", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: ["s3:PutObject"], Resource: [objects] },
      ];
      const elbAccount = ELB_LOG_DELIVERY_ACCOUNTS[region];
      if (elbAccount !== undefined) {
        statements.push({ Sid: "ElbRegionalLogDelivery", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${elbAccount}:root` }, Action: ["s3:PutObject"], Resource: [objects] });
      }
      return statements;
    });
  },
};

/**
 * AWS's log delivery service (delivery.logs.amazonaws.com) writing vended logs for this
 * account: CloudWatch Logs user guide, "Logs sent to Amazon S3" (V1: VPC Flow Logs) and its V2
 * counterpart (CloudFront standard logging v2). Both want s3:PutObject with the
 * bucket-owner-full-control ACL, s3:GetBucketAcl and s3:ListBucket on the bucket, each confined
 * by aws:SourceAccount and an aws:SourceArn of the account's log resources. The Region of the
 * source ARN is a wildcard: CloudFront's delivery sources live in us-east-1 whatever the
 * bucket's Region.
 */
function vendedLogDelivery(objectPath: (prefix: string, accountId: pulumi.Output<string>) => pulumi.Output<string> | string) {
  return (bucketArn: pulumi.Output<string>, { account, prefix }: { account: AccountContext; prefix: string }): PolicyStatement[] => {
    const source = { "aws:SourceAccount": account.accountId };
    const sourceArn = { "aws:SourceArn": pulumi.interpolate`arn:${account.partition}:logs:*:${account.accountId}:*` };
    return [
      {
        Sid: "AWSLogDeliveryAclCheck",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["s3:GetBucketAcl", "s3:ListBucket"],
        Resource: [bucketArn],
        Condition: { StringEquals: source, ArnLike: sourceArn },
      },
      {
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["s3:PutObject"],
        Resource: [pulumi.interpolate`${bucketArn}/${objectPath(prefix, account.accountId)}`],
        Condition: { StringEquals: { ...source, "s3:x-amz-acl": "bucket-owner-full-control" }, ArnLike: sourceArn },
      },
    ];
  };
}

const VPC_FLOW: LogProducer = {
  producer: "VPC Flow Logs (delivered by delivery.logs.amazonaws.com)",
  keyServices: ["delivery-logs"],
  // VPC user guide, "Flow log files" / "Permissions for IAM principals that publish flow logs to
  // Amazon S3": objects land under <prefix>/AWSLogs/<account>/vpcflowlogs/...
  statements: vendedLogDelivery((prefix, accountId) => pulumi.interpolate`${prefix}AWSLogs/${accountId}/*`),
};

const CLOUDFRONT_V2: LogProducer = {
  producer: "CloudFront standard logging v2 (delivered by delivery.logs.amazonaws.com)",
  keyServices: ["delivery-logs"],
  // The S3 path is the delivery destination's (and its suffix) choice, so the whole prefix.
  statements: vendedLogDelivery((prefix) => `${prefix}*`),
};

const CLOUDFRONT_LEGACY: LogProducer = {
  producer: "CloudFront standard logging (legacy)",
  // CloudFront developer guide, "Configure standard logging (legacy)": "Your bucket must have
  // access control list (ACL) enabled ... Don't choose an Amazon S3 bucket with S3 Object
  // Ownership set to bucket owner enforced". CloudFront grants its awslogsdelivery account
  // FULL_CONTROL in the bucket ACL itself when logging is enabled; no bucket policy is involved.
  // With SSE-KMS, the key must admit delivery.logs.amazonaws.com (same guide, its encryption note).
  objectOwnership: "BucketOwnerPreferred",
  keyServices: ["delivery-logs"],
  statements: () => [],
};

const APPLICATION: LogProducer = { producer: "your applications (with their own credentials)", keyServices: [], statements: () => [] };

/** The producer a log format comes from, and what its delivery needs from the bucket. */
export function logProducer(format: LogFormat, cloudFrontLogging: CloudFrontLogging): LogProducer {
  switch (format) {
    case "alb":
      return ALB;
    case "vpc-flow":
      return VPC_FLOW;
    case "cloudfront":
      return cloudFrontLogging === "legacy" ? CLOUDFRONT_LEGACY : CLOUDFRONT_V2;
    case "json-lines":
      return APPLICATION;
  }
}
