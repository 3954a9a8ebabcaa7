import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SearchLogDeliveryArgs {
  /** The log group OpenSearch Service publishes into. */
  logGroup: aws.cloudwatch.LogGroup;
  /** The domain allowed to publish, by ARN (it need not exist yet). */
  domainArn: pulumi.Input<string>;
  accountId: pulumi.Input<string>;
}

/**
 * Lets one OpenSearch domain publish into one log group, with a resource policy scoped to that
 * log group (`resourceArn`) rather than an account-level one.
 *
 * Why: an account holds at most 10 account-level CloudWatch Logs resource policies per Region, a
 * quota that cannot be raised (deploy-review M2), so one per deployment stops deploying at about
 * the tenth. PutResourcePolicy (CloudWatch Logs API reference) also takes a `resourceArn`: "one
 * per LogGroup resourceARN", outside that quota, for service principals and only for
 * logs:PutLogEvents and logs:CreateLogStream — exactly what OpenSearch log publishing needs
 * ("Monitoring OpenSearch logs with Amazon CloudWatch Logs" grants es.amazonaws.com those two).
 * The policy lives and dies with the deployment's own log group: nothing shared to own.
 * `aws:SourceAccount`/`aws:SourceArn` confine it to this domain (confused-deputy guidance).
 */
export function searchLogDelivery(name: string, args: SearchLogDeliveryArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogResourcePolicy {
  return new aws.cloudwatch.LogResourcePolicy(
    name,
    {
      resourceArn: args.logGroup.arn,
      policyDocument: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "OpenSearchPublishesLogs",
            Effect: "Allow",
            Principal: { Service: "es.amazonaws.com" },
            Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
            Resource: [pulumi.interpolate`${args.logGroup.arn}:*`],
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId }, ArnLike: { "aws:SourceArn": args.domainArn } },
          },
        ],
      }),
    },
    opts,
  );
}
