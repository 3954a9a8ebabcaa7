import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
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
  /** Provisioned only. Default 3.8.x (the version MSK recommends). */
  kafkaVersion?: string;
  /** Provisioned only. */
  brokers?: ProvisionedBrokers;
}

/**
 * An Amazon MSK cluster with the catalogue's defaults (MSK.1, MSK.2, MSK.6): clients speak
 * TLS only and authenticate with IAM (unauthenticated access off), brokers talk TLS to each
 * other, data at rest is encrypted with the deployment key, per-topic-per-broker monitoring,
 * broker logs to an encrypted log group, private subnets only. MSK Serverless takes none of
 * these settings — it is always TLS, IAM-only and encrypted at rest by the service, and has
 * no broker logs — a documented exception (controls.md, "Known exceptions").
 */
export class MskCluster extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly clusterName: string;
  readonly clusterUuid: pulumi.Output<string>;
  readonly bootstrapBrokersSaslIam: pulumi.Output<string>;
  readonly mode: "provisioned" | "serverless";

  constructor(name: string, args: MskClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:MskCluster", name, {}, opts);
    const parent = { parent: this };
    this.mode = args.mode;
    this.clusterName = physicalName(args.deployment, "kafka", 64);

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
      const kafkaVersion = args.kafkaVersion ?? "3.8.x";
      const brokerLogs = secureLogGroup(`${name}-broker-logs`, { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags }, parent);
      // Topics are created by producers on first use, replicated to every zone; a write
      // is acknowledged once two replicas have it.
      const configuration = new aws.msk.Configuration(
        `${name}-configuration`,
        {
          kafkaVersions: [kafkaVersion],
          serverProperties: [
            "auto.create.topics.enable=true",
            `default.replication.factor=${Math.min(3, args.subnetCount * brokers.perSubnet)}`,
            `min.insync.replicas=${Math.min(2, args.subnetCount * brokers.perSubnet)}`,
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
          numberOfBrokerNodes: args.subnetCount * brokers.perSubnet,
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
    }
    this.registerOutputs({ arn: this.arn, bootstrapBrokersSaslIam: this.bootstrapBrokersSaslIam });
  }
}
