import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport } from "./iam";
import { resolveOptional, type OptionalResource } from "./optional-resource";

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

/** An SNS topic the caller already runs (e.g. one team-wide on-call topic). */
export interface ExistingTopic {
  arn: string;
}

/**
 * The topic a deployment's alarms notify, in the catalogue's optional-child shape:
 * `existing` points the alarms at the caller's topic (nothing is created: its policy must let
 * cloudwatch.amazonaws.com publish, and its key, if any, let CloudWatch use it), `args`
 * creates a `NotificationTopic`. `skip` is refused: alarms need somewhere to go.
 */
export function alarmTopic(name: string, topic: OptionalResource<ExistingTopic, NotificationTopicArgs>, opts?: pulumi.ComponentResourceOptions): { arn: pulumi.Output<string> } {
  const resolved = resolveOptional("topic", topic);
  switch (resolved.kind) {
    case "skip":
      throw new Error(`alarmTopic ${name}: \`topic.skip\` is not supported; pass \`topic.existing\` or \`topic.args\``);
    case "existing":
      if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]{1,256}(\.fifo)?$/.test(resolved.existing.arn)) {
        throw new Error(`alarmTopic ${name}: \`topic.existing.arn\` must be an SNS topic ARN, got "${resolved.existing.arn}"`);
      }
      return { arn: pulumi.output(resolved.existing.arn) };
    case "create":
      if (resolved.args === undefined) throw new Error(`alarmTopic ${name}: \`topic.args\` is required to create a topic`);
      return new NotificationTopic(name, resolved.args, opts);
  }
}

/** The request's notification settings as the topic's optional-child shape. */
export function requestedTopic(
  notifications: { emails: readonly string[]; existingTopicArn?: string },
  args: Omit<NotificationTopicArgs, "emails">,
): OptionalResource<ExistingTopic, NotificationTopicArgs> {
  if (notifications.existingTopicArn === undefined) return { args: { ...args, emails: notifications.emails } };
  // The schema refuses this combination; a component built without it must not lose the addresses silently.
  if (notifications.emails.length > 0) throw new Error("`emails` cannot be subscribed to an existing topic; subscribe them to it directly");
  return { existing: { arn: notifications.existingTopicArn } };
}
