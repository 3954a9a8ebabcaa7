import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport } from "./iam";

export interface NotificationTopicArgs {
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  accountId: pulumi.Input<string>;
  /** Addresses subscribed by email; each must confirm the subscription AWS sends. */
  emails: readonly string[];
}

/**
 * The SNS topic a deployment's alarms notify: encrypted with the deployment key (SNS.1),
 * publishable by CloudWatch alarms of this account only, TLS-only.
 */
export class NotificationTopic extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: NotificationTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:NotificationTopic", name, {}, opts);
    const parent = { parent: this };
    this.topic = new aws.sns.Topic(name, { kmsMasterKeyId: args.kmsKeyArn, tags: args.tags }, parent);
    this.arn = this.topic.arn;

    new aws.sns.TopicPolicy(
      `${name}-policy`,
      {
        arn: this.arn,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            denyInsecureTransport(["sns:Publish"], [this.arn]),
            {
              Sid: "CloudWatchAlarmsPublish",
              Effect: "Allow",
              Principal: { Service: "cloudwatch.amazonaws.com" },
              Action: ["sns:Publish"],
              Resource: [this.arn],
              Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
            },
          ],
        }),
      },
      parent,
    );
    for (const email of new Set(args.emails)) {
      // Named by address, not position, so removing one subscriber leaves the others alone.
      const id = createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 8);
      new aws.sns.TopicSubscription(`${name}-email-${id}`, { topic: this.arn, protocol: "email", endpoint: email }, parent);
    }
    this.registerOutputs({ arn: this.arn });
  }
}
