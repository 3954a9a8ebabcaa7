import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "./iam";
import { consumerGroupIdFor } from "./kafka-consumer-group";

/** What IAM needs to know of an MSK cluster to name its topics and groups. */
export interface KafkaClusterRef {
  arn: pulumi.Input<string>;
}

// MSK developer guide, "IAM access control" resources: arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>
// → arn:aws:kafka:…:<topic|group>/<name>/<uuid>/<resource>.
function clusterResourceArn(cluster: KafkaClusterRef, kind: "topic" | "group", resource: string): pulumi.Output<string> {
  return pulumi.output(cluster.arn).apply((arn) => `${arn.replace(":cluster/", `:${kind}/`)}/${resource}`);
}

/**
 * What the Lambda event source mappings reading `topics` need with IAM auth (the mappings use
 * the function's role; Lambda developer guide, "Configuring Lambda permissions for Amazon MSK
 * event source mappings"): find the brokers, connect, read each topic, and describe and commit
 * offsets in each mapping's own group (`<consumerGroup>-<topic>`, `consumerGroupIdFor`).
 * Exact actions on the cluster's own ARNs only.
 */
export function kafkaConsumerStatements(cluster: KafkaClusterRef, topics: readonly string[], consumerGroup: string): PolicyStatement[] {
  return [
    {
      Sid: "FindBrokers",
      Effect: "Allow",
      // kafka:DescribeClusterV2 is the one that also works for MSK Serverless.
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
      Resource: topics.map((topic) => clusterResourceArn(cluster, "group", consumerGroupIdFor(consumerGroup, topic))),
    },
  ];
}

/**
 * What the mapping's pollers need to place their network interfaces in the cluster's subnets
 * (Lambda developer guide, "Configuring Lambda permissions for Amazon MSK event source
 * mappings", VPC permissions; the AWSLambdaMSKExecutionRole managed policy): needed in the
 * function's role whether or not the function itself runs in a VPC. EC2 offers no
 * resource-level permissions for these, so they can only name `*`.
 */
export const KAFKA_POLLER_NETWORK_STATEMENT: PolicyStatement = {
  Sid: "ManageClusterNetworkInterfaces",
  Effect: "Allow",
  Action: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
  Resource: ["*"],
};
