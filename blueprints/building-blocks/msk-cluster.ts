import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import { MSK_DEFAULTS } from "./kafka-defaults";
import { secureLogGroup } from "./log-group";
import { physicalName } from "./naming";

/** MSK's port for clients authenticating with IAM (SASL/IAM over TLS). */
export const MSK_IAM_PORT = 9098;

export interface ProvisionedBrokers {
  instanceType: string;
  /** Brokers per client subnet; the cluster has this times the subnet count. */
  perSubnet: number;
  volumeGiB: number;
}

/** Broker sizing by environment: small for dev, memory-optimised Graviton for prod. */
export const MSK_BROKERS: Record<Environment, ProvisionedBrokers> = {
  dev: { instanceType: "kafka.t3.small", perSubnet: 1, volumeGiB: 100 },
  staging: { instanceType: "kafka.m7g.large", perSubnet: 1, volumeGiB: 500 },
  prod: { instanceType: "kafka.m7g.large", perSubnet: 2, volumeGiB: 1000 },
};

export interface MskClusterArgs {
  /** Deployment name; the cluster name derives from it (IAM policies name the cluster). */
  deployment: string;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  logRetentionDays: number;
  /** `provisioned` brokers (default) or MSK Serverless. */
  mode: "provisioned" | "serverless";
  /** Private subnets in distinct zones: 2 or 3 for a provisioned cluster. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  subnetCount: number;
  securityGroupIds: pulumi.Input<string>[];
  /** Provisioned only. Default `MSK_DEFAULTS.kafkaVersion`; 3.6.0 or later when `topics` are given. */
  kafkaVersion?: string;
  /** Provisioned only. */
  brokers?: ProvisionedBrokers;
  /**
   * Provisioned only: topics created with the cluster (MSK's topic APIs), each with this many
   * partitions (default `MSK_DEFAULTS.partitionsPerTopic`). Producers can then no longer create
   * topics by accident. MSK Serverless has no topic API and no auto-creation: its topics are
   * created by the caller with a Kafka admin client (`topicsToCreate` says which).
   */
  topics?: { names: readonly string[]; partitions?: number };
}

// Kafka's legal topic names: 1-249 of a-z A-Z 0-9 . _ -.
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

// MSK developer guide, "Best practices for Standard brokers" (right-size your cluster): the
// partitions, leader and follower replicas counted, a broker should hold. Above them an
// overloaded cluster can refuse configuration and version updates, which a deployment makes.
const RECOMMENDED_PARTITIONS_PER_BROKER: ReadonlyArray<[RegExp, number]> = [
  [/^kafka\.t3\.small$/, 300],
  [/^kafka\.(m5|m7g)\.(large|xlarge)$/, 1000],
  [/^kafka\.(m5|m7g)\.2xlarge$/, 2000],
  [/^kafka\.(m5|m7g)\.(4|8|12|16|24)xlarge$/, 4000],
];

/**
 * Why `topics × partitions` replicated `replicationFactor` times is too many for `brokers`
 * brokers of `instanceType`, or undefined when it fits (or the type is not in MSK's table).
 */
export function partitionLoadIssue(args: { instanceType: string; brokers: number; topics: number; partitions: number; replicationFactor: number }): string | undefined {
  const limit = RECOMMENDED_PARTITIONS_PER_BROKER.find(([type]) => type.test(args.instanceType))?.[1];
  if (limit === undefined) return undefined;
  const perBroker = Math.ceil((args.topics * args.partitions * args.replicationFactor) / args.brokers);
  if (perBroker <= limit) return undefined;
  return `${args.topics} topics of ${args.partitions} partitions, ${args.replicationFactor} replicas each, put ${perBroker} partitions on each of ${args.brokers} ${args.instanceType} brokers; MSK recommends at most ${limit}`;
}

/** Whether a Kafka version (like 3.8.x or 3.6.0) has MSK's topic APIs: 3.6.0 or later. */
export function hasTopicApis(kafkaVersion: string): boolean {
  const [major, minor] = kafkaVersion.split(".").map((part) => Number(part));
  return major !== undefined && minor !== undefined && (major > 3 || (major === 3 && minor >= 6));
}

/**
 * An Amazon MSK cluster with the catalogue's defaults (MSK.1, MSK.2, MSK.6): clients speak
 * TLS only and authenticate with IAM (unauthenticated access off), brokers talk TLS to each
 * other, data at rest is encrypted with the deployment key, per-topic-per-broker monitoring,
 * broker logs to an encrypted log group under /aws/vendedlogs/, private subnets only, and the
 * deployment's topics created with it. MSK Serverless takes none of these settings — it is
 * always TLS, IAM-only and encrypted at rest by the service, has no broker logs and no topic
 * API — a documented exception (controls.md, "Known exceptions").
 */
export class MskCluster extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly clusterName: string;
  readonly clusterUuid: pulumi.Output<string>;
  readonly bootstrapBrokersSaslIam: pulumi.Output<string>;
  readonly mode: "provisioned" | "serverless";
  /** Topics the caller must create before records flow (MSK Serverless only; empty otherwise). */
  readonly topicsToCreate: readonly string[];
  /** The topics created with a provisioned cluster, by name: consumers of a topic should wait for it. */
  readonly topics: Readonly<Record<string, aws.msk.Topic>> = {};

  constructor(name: string, args: MskClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:MskCluster", name, {}, opts);
    const parent = { parent: this };
    this.mode = args.mode;
    this.clusterName = physicalName(args.deployment, "kafka", 64);
    const topics = args.topics?.names ?? [];
    for (const topic of topics) if (!TOPIC_NAME.test(topic)) throw new Error(`MskCluster ${name}: topic "${topic}" is not a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)`);
    this.topicsToCreate = args.mode === "serverless" ? [...topics] : [];

    if (args.mode === "serverless") {
      const cluster = new aws.msk.ServerlessCluster(
        name,
        {
          clusterName: this.clusterName,
          clientAuthentication: { sasl: { iam: { enabled: true } } },
          vpcConfigs: [{ subnetIds: args.subnetIds, securityGroupIds: args.securityGroupIds }],
          tags: args.tags,
        },
        parent,
      );
      this.arn = cluster.arn;
      this.clusterUuid = cluster.clusterUuid;
      this.bootstrapBrokersSaslIam = cluster.bootstrapBrokersSaslIam;
    } else {
      if (args.subnetCount < 2 || args.subnetCount > 3) {
        throw new Error(`MskCluster ${name}: a provisioned cluster spans 2 or 3 subnets, got ${args.subnetCount}`);
      }
      const brokers = args.brokers ?? MSK_BROKERS.dev;
      if (!Number.isInteger(brokers.perSubnet) || brokers.perSubnet < 1) throw new Error(`MskCluster ${name}: \`brokers.perSubnet\` must be a positive integer`);
      const kafkaVersion = args.kafkaVersion ?? MSK_DEFAULTS.kafkaVersion;
      if (topics.length > 0 && !hasTopicApis(kafkaVersion)) {
        throw new Error(`MskCluster ${name}: creating topics needs Kafka 3.6.0 or later (MSK's topic APIs), got ${kafkaVersion}`);
      }
      const brokerCount = args.subnetCount * brokers.perSubnet;
      // MSK broker logs are "vended logs": CloudWatch Logs admits them through an account-wide
      // resource policy of at most 5,120 characters, which grows with every log group named in
      // it unless the group is under /aws/vendedlogs/ (CloudWatch Logs user guide, "Enabling
      // logging from AWS services", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html).
      const brokerLogs = secureLogGroup(
        `${name}-broker-logs`,
        { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags, logGroupName: `/aws/vendedlogs/slipstream/${this.clusterName}/broker-logs` },
        parent,
      );
      // Topics are replicated to every zone; a write is acknowledged once two replicas have it.
      // With the deployment's topics created here, auto-creation is off: a mistyped producer
      // topic fails instead of silently collecting records nothing reads (Apache Kafka broker
      // configs, auto.create.topics.enable; MSK developer guide, "Custom MSK configurations").
      const configuration = new aws.msk.Configuration(
        `${name}-configuration`,
        {
          kafkaVersions: [kafkaVersion],
          serverProperties: [
            `auto.create.topics.enable=${topics.length === 0}`,
            `default.replication.factor=${Math.min(3, brokerCount)}`,
            `min.insync.replicas=${Math.min(2, brokerCount)}`,
            "unclean.leader.election.enable=false",
          ].join("\n"),
        },
        parent,
      );
      const cluster = new aws.msk.Cluster(
        name,
        {
          clusterName: this.clusterName,
          kafkaVersion,
          numberOfBrokerNodes: brokerCount,
          brokerNodeGroupInfo: {
            instanceType: brokers.instanceType,
            clientSubnets: args.subnetIds,
            securityGroups: args.securityGroupIds,
            storageInfo: { ebsStorageInfo: { volumeSize: brokers.volumeGiB } },
          },
          configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
          encryptionInfo: { encryptionAtRestKmsKeyArn: args.kmsKeyArn, encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
          clientAuthentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
          enhancedMonitoring: "PER_TOPIC_PER_BROKER",
          loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: brokerLogs.name } } },
          tags: args.tags,
        },
        parent,
      );
      this.arn = cluster.arn;
      this.clusterUuid = cluster.clusterUuid;
      this.bootstrapBrokersSaslIam = cluster.bootstrapBrokersSaslIam;

      const partitions = args.topics?.partitions ?? MSK_DEFAULTS.partitionsPerTopic;
      // MSK CreateTopic (MSK developer guide, "Topic operations"): provisioned clusters on Kafka
      // 3.6.0+, PartitionCount and ReplicationFactor at least 1; the replication factor cannot
      // exceed the brokers.
      if (!Number.isInteger(partitions) || partitions < 1) throw new Error(`MskCluster ${name}: \`topics.partitions\` must be a positive integer, got ${partitions}`);
      const load = partitionLoadIssue({ instanceType: brokers.instanceType, brokers: brokerCount, topics: topics.length, partitions, replicationFactor: Math.min(3, brokerCount) });
      if (load !== undefined) throw new Error(`MskCluster ${name}: ${load}`);
      const created: Record<string, aws.msk.Topic> = {};
      for (const topic of topics) {
        created[topic] = new aws.msk.Topic(`${name}-topic-${topic}`, { clusterArn: cluster.arn, name: topic, partitionCount: partitions, replicationFactor: Math.min(3, brokerCount) }, parent);
      }
      this.topics = created;
    }
    this.registerOutputs({ arn: this.arn, bootstrapBrokersSaslIam: this.bootstrapBrokersSaslIam });
  }
}
