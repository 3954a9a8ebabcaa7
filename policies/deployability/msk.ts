import { integerBetween, matches, oneOf } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { listAt, numberAt, stringAt, valueAt } from "../lib/property-values";

const CLUSTER_NAME = /^[0-9A-Za-z][0-9A-Za-z-]*$/;

/**
 * MSK provisioned clusters: 2 or 3 client subnets in distinct Availability Zones (3 for Express
 * brokers), brokers spread evenly over them (so a multiple of the subnet count), cluster names of
 * up to 64 letters, digits and hyphens, broker storage of 1–16,384 GiB, and MSK's instance
 * families and monitoring levels.
 */
export const mskClusterLimits = resourceRule({
  name: "msk-cluster-limits",
  description: "MSK clusters must have 2 or 3 client subnets (3 for Express brokers), a broker count that is a multiple of the subnet count, a valid name and 1-16384 GiB of storage per broker.",
  document: "https://docs.aws.amazon.com/msk/latest/developerguide/msk-create-cluster.html",
  remediation: "Use 2 or 3 client subnets in distinct zones and a numberOfBrokerNodes that is a multiple of their count.",
  types: ["aws:msk/cluster:Cluster"],
  checks: [
    physicalName({ path: "clusterName", min: 1, max: 64, pattern: CLUSTER_NAME, rule: "letters, digits and hyphens, a letter or digit first", autonamed: true }),
    matches("brokerNodeGroupInfo.instanceType", /^(kafka|express)\.[a-z0-9]+\.[a-z0-9]+$/, "an MSK broker type such as kafka.m7g.large or express.m7g.large"),
    integerBetween("brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize", 1, 16_384, "GiB"),
    oneOf("enhancedMonitoring", ["DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"]),
    oneOf("encryptionInfo.encryptionInTransit.clientBroker", ["TLS", "TLS_PLAINTEXT", "PLAINTEXT"]),
    (resource, report) => {
      const subnets = listAt(resource.props, "brokerNodeGroupInfo.clientSubnets");
      const brokers = numberAt(resource.props, "numberOfBrokerNodes");
      const type = stringAt(resource.props, "brokerNodeGroupInfo.instanceType");
      if (!Array.isArray(subnets)) return;
      const zones = subnets.length;
      const express = typeof type === "string" && type.startsWith("express.");
      if (express && zones !== 3) report("brokerNodeGroupInfo.clientSubnets", `${zones} subnets; Express brokers need 3 subnets in 3 Availability Zones.`);
      else if (zones !== 2 && zones !== 3) report("brokerNodeGroupInfo.clientSubnets", `${zones} subnets; MSK takes 2 or 3 subnets in distinct Availability Zones.`);
      if (typeof brokers === "number" && zones > 0 && brokers % zones !== 0) report("numberOfBrokerNodes", `${brokers} brokers over ${zones} subnets; MSK spreads brokers evenly, so the count must be a multiple of ${zones}.`);
    },
  ],
});

/** MSK Serverless: IAM authentication is the only client authentication; cluster names as for provisioned clusters. */
export const mskServerlessClusterLimits = resourceRule({
  name: "msk-serverless-cluster-limits",
  description: "MSK Serverless clusters must enable IAM client authentication and have a valid name.",
  document: "https://docs.aws.amazon.com/msk/latest/developerguide/serverless.html",
  remediation: "Set clientAuthentication.sasl.iam.enabled to true.",
  types: ["aws:msk/serverlessCluster:ServerlessCluster"],
  checks: [
    physicalName({ path: "clusterName", min: 1, max: 64, pattern: CLUSTER_NAME, rule: "letters, digits and hyphens, a letter or digit first", autonamed: true }),
    (resource, report) => {
      const iam = valueAt(resource.props, "clientAuthentication.sasl.iam.enabled");
      if (iam === false) report("clientAuthentication.sasl.iam.enabled", "false; MSK Serverless authenticates clients with IAM only.");
    },
  ],
});

/**
 * MSK configurations: names of letters, digits and hyphens, a letter or digit first (the API
 * reference gives the pattern but no maximum length, so none is checked).
 */
export const mskConfigurationName = resourceRule({
  name: "msk-configuration-name",
  description: "MSK configuration names must be letters, digits and hyphens, starting with a letter or digit.",
  document: "https://docs.aws.amazon.com/msk/1.0/apireference/configurations.html",
  remediation: "Rename the configuration (or its resource, when Pulumi names it) with letters, digits and hyphens only.",
  types: ["aws:msk/configuration:Configuration"],
  checks: [physicalName({ path: "name", min: 1, max: Number.MAX_SAFE_INTEGER, pattern: CLUSTER_NAME, rule: "letters, digits and hyphens, a letter or digit first", autonamed: true })],
});
