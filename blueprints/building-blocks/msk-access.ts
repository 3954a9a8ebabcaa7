import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "./iam";

/** What IAM needs to know of an MSK cluster to name its topics and groups. */
export interface KafkaClusterRef {
  arn: pulumi.Input<string>;
}

// arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid> → arn:aws:kafka:…:<kind>/<name>/<uuid>/<resource>
function clusterResourceArn(cluster: KafkaClusterRef, kind: "topic" | "group", resource: string): pulumi.Output<string> {
  return pulumi.output(cluster.arn).apply((arn) => `${arn.replace(":cluster/", `:${kind}/`)}/${resource}`);
}

/**
 * What a Lambda event source mapping reading `topics` as `consumerGroupId` needs with IAM
 * auth (the mapping uses the function's role): connect, read the topics, commit offsets in
 * its own group — and find the brokers. Exact actions on the cluster's own ARNs only.
 */
export function kafkaConsumerStatements(cluster: KafkaClusterRef, topics: readonly string[], consumerGroupId: string): PolicyStatement[] {
  return [
    {
      Sid: "FindBrokers",
      Effect: "Allow",
      Action: ["kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"],
      Resource: [cluster.arn],
    },
    {
      Sid: "ConnectToCluster",
      Effect: "Allow",
      Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeClusterDynamicConfiguration"],
      Resource: [cluster.arn],
    },
    {
      Sid: "ReadTopics",
      Effect: "Allow",
      Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
      Resource: topics.map((topic) => clusterResourceArn(cluster, "topic", topic)),
    },
    {
      Sid: "CommitOffsets",
      Effect: "Allow",
      Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
      Resource: [clusterResourceArn(cluster, "group", consumerGroupId)],
    },
  ];
}

/**
 * What the mapping's pollers need to place their network interfaces in the cluster's VPC.
 * EC2's Describe actions offer no resource-level permissions, so they can only name `*`;
 * they are read-only.
 */
export const KAFKA_POLLER_NETWORK_STATEMENT: PolicyStatement = {
  Sid: "DescribeClusterNetwork",
  Effect: "Allow",
  Action: ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
  Resource: ["*"],
};
