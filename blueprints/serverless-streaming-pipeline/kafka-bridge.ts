import * as path from "node:path";
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "../building-blocks/account";
import { alarm } from "../building-blocks/alarms";
import { kmsUse } from "../building-blocks/iam";
import { KAFKA_EVENT_SOURCE_DEFAULTS } from "../building-blocks/kafka-defaults";
import { kafkaEventSource } from "../building-blocks/kafka-event-source";
import type { KeyRef } from "../building-blocks/kms-key";
import { SecureFunction } from "../building-blocks/lambda-function";
import { KAFKA_POLLER_NETWORK_STATEMENT, kafkaConsumerStatements } from "../building-blocks/msk-access";
import { MSK_IAM_PORT } from "../building-blocks/msk-cluster";
import { SecureQueue } from "../building-blocks/queue";
import { allowHttpsToAwsApis, allowSelf } from "../building-blocks/security-group";
import type { ServerlessStreamingPipelineParams } from "./schema";

const BRIDGE_ENTRY = path.join(__dirname, "functions", "kafka-bridge", "handler.ts");

/** What the caller's cluster must allow when the deployment is not given its security group to change. */
export const BRIDGE_CLUSTER_NETWORK_REQUIREMENT =
  `The MSK cluster's security group must admit itself on TCP ${MSK_IAM_PORT} (Lambda's event pollers use the cluster's subnets and security groups) ` +
  "and allow HTTPS out to STS and Lambda (a NAT gateway or VPC endpoints); give bridge.clusterSecurityGroupId to have the deployment add both rules.";

export interface KafkaBridgeArgs {
  bridge: ServerlessStreamingPipelineParams["bridge"];
  key: KeyRef;
  stream: aws.kinesis.Stream;
  tags: Record<string, string>;
  account: AccountContext;
  logRetentionDays: number;
  alarmArgs: { topicArn: pulumi.Output<string>; tags: Record<string, string> };
}

/**
 * The Kafka bridge: a Lambda with an MSK event source and its own consumer group per topic of
 * the caller's cluster, writing into the stream. The function runs outside any VPC — it only
 * calls Kinesis and SQS — because the mappings' event pollers, not the function, reach the
 * brokers, through the cluster's own subnets and security groups (Lambda developer guide,
 * "Configuring your Amazon MSK cluster and Amazon VPC network for Lambda"). When the cluster's
 * group is named, it is given the self-referencing rule on the IAM port and HTTPS egress the
 * pollers need; otherwise `BRIDGE_CLUSTER_NETWORK_REQUIREMENT` says what must already be there.
 */
export function kafkaBridge(name: string, args: KafkaBridgeArgs, opts: pulumi.CustomResourceOptions): SecureFunction {
  const { bridge, key, stream, tags, account } = args;
  if (bridge.clusterArn === undefined) throw new Error(`kafkaBridge ${name}: \`bridge.clusterArn\` is required`);
  const clusterArn = bridge.clusterArn;
  if (bridge.clusterSecurityGroupId !== undefined) {
    const group = { id: bridge.clusterSecurityGroupId };
    allowSelf(`${name}-bridge-pollers-to-kafka`, { group, port: MSK_IAM_PORT, description: `Lambda event pollers of ${name} to brokers (IAM auth)`, tags }, opts);
    allowHttpsToAwsApis(`${name}-bridge-pollers-to-aws`, { group, tags }, opts);
  }

  const consumerGroup = bridge.consumerGroupId ?? `slipstream-${name}-bridge`;
  const failures = new SecureQueue(`${name}-bridge-failures`, { kmsKeyArn: key.arn, tags }, opts);
  const fn = new SecureFunction(
    `${name}-bridge`,
    {
      entry: BRIDGE_ENTRY,
      description: `Bridges Kafka topics into ${name}'s Kinesis stream`,
      account,
      kmsKeyArn: key.arn,
      tags,
      logRetentionDays: args.logRetentionDays,
      memorySize: bridge.memoryMiB,
      timeout: bridge.timeoutSeconds,
      environment: { STREAM_NAME: stream.name },
      statements: [
        { Sid: "WriteStream", Effect: "Allow", Action: ["kinesis:PutRecords"], Resource: [stream.arn] },
        { Sid: "ParkFailedRecords", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [failures.arn] },
        kmsUse(key.arn, "both"),
        ...kafkaConsumerStatements({ arn: clusterArn }, bridge.topics, consumerGroup),
        KAFKA_POLLER_NETWORK_STATEMENT,
      ],
    },
    opts,
  );
  for (const topic of bridge.topics) {
    kafkaEventSource(
      `${name}-bridge-source-${topic}`,
      {
        function: fn,
        clusterArn,
        topic,
        consumerGroup,
        onFailureDestinationArn: failures.arn,
        tags,
        startingPosition: bridge.startingPosition,
        batchSize: bridge.batchSize,
        maximumRetryAttempts: bridge.maximumRetryAttempts,
        maximumRecordAgeInSeconds: bridge.maximumRecordAgeSeconds,
        pollers: { minimum: KAFKA_EVENT_SOURCE_DEFAULTS.minimumPollers, maximum: bridge.maximumPollers },
      },
      opts,
    );
  }
  alarm(`${name}-bridge-errors`, { ...args.alarmArgs, description: "The Kafka bridge failed invocations", namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: fn.name }, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0 }, opts);
  alarm(`${name}-bridge-parked`, { ...args.alarmArgs, description: "Kafka records were parked in the bridge's on-failure queue", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: failures.queue.name }, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 0 }, opts);
  return fn;
}
