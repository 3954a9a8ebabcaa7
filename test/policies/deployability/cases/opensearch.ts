import { KEY_ARN, TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const DOMAIN = "aws:opensearch/domain:Domain";
const ROLE = "arn:aws:iam::000000000000:role/writer";
const PROD_DOMAIN = {
  domainName: "orders-search",
  engineVersion: "OpenSearch_2.19",
  clusterConfig: {
    instanceType: "r6g.large.search",
    instanceCount: 3,
    zoneAwarenessEnabled: true,
    zoneAwarenessConfig: { availabilityZoneCount: 3 },
    dedicatedMasterEnabled: true,
    dedicatedMasterType: "m6g.large.search",
    dedicatedMasterCount: 3,
  },
  ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: 100 },
  encryptAtRest: { enabled: true, kmsKeyId: KEY_ARN },
  nodeToNodeEncryption: { enabled: true },
  domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
  advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: ROLE } },
  logPublishingOptions: [
    { logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:errors", enabled: true },
    { logType: "AUDIT_LOGS", cloudwatchLogGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:audit", enabled: true },
  ],
  tags: TAGS,
};
const TWO_ZONES = { ...PROD_DOMAIN.clusterConfig, instanceType: "m6g.large.search", instanceCount: 2, zoneAwarenessConfig: { availabilityZoneCount: 2 }, dedicatedMasterEnabled: false, dedicatedMasterCount: undefined, dedicatedMasterType: undefined };

export const opensearchCases: ResourceRuleCase[] = [
  {
    rule: "opensearch-domain-name",
    type: DOMAIN,
    compliant: PROD_DOMAIN,
    violations: [
      ["domainName", "Orders", "domainName", "a lowercase letter, then lowercase letters, digits and hyphens"],
      ["domainName", "o".repeat(29), "domainName", "has 29 characters; AWS takes 3 to 28"],
      ["domainName", "os", "domainName", "has 2 characters; AWS takes 3 to 28"],
      ["engineVersion", "2.19", "engineVersion", "OpenSearch_X.Y or Elasticsearch_X.Y"],
    ],
  },
  {
    // A domain Pulumi names: 21 characters of resource name + 8 overflow 28.
    rule: "opensearch-domain-name",
    type: DOMAIN,
    name: "deployment-name-search",
    compliant: PROD_DOMAIN,
    violations: [["domainName", undefined, "domainName", "30 characters, over AWS's maximum of 28"]],
    unknown: [],
  },
  {
    rule: "opensearch-cluster-topology",
    type: DOMAIN,
    compliant: PROD_DOMAIN,
    violations: [
      ["clusterConfig.dedicatedMasterCount", 4, "clusterConfig.dedicatedMasterCount", "4; OpenSearch Service takes 3 or 5 dedicated master nodes"],
      ["clusterConfig.dedicatedMasterCount", 2, "clusterConfig.dedicatedMasterCount", "takes 3 or 5"],
      ["clusterConfig.instanceCount", 2, "clusterConfig.instanceCount", "2 data nodes over 3 Availability Zones; 3 zones need at least 3 data nodes"],
      ["clusterConfig.zoneAwarenessConfig.availabilityZoneCount", 4, "clusterConfig.zoneAwarenessConfig.availabilityZoneCount", "use one of 2, 3"],
      ["clusterConfig.instanceType", "r6g.large", "clusterConfig.instanceType", "an OpenSearch Service instance type"],
    ],
    unknown: ["clusterConfig.instanceCount", "clusterConfig.dedicatedMasterCount", "clusterConfig"],
    alsoCompliant: [
      ["clusterConfig.dedicatedMasterCount", 5],
      ["clusterConfig.instanceCount", 4],
      ["clusterConfig.multiAzWithStandbyEnabled", true],
    ],
  },
  {
    rule: "opensearch-cluster-topology",
    type: DOMAIN,
    compliant: { ...PROD_DOMAIN, clusterConfig: TWO_ZONES },
    violations: [["clusterConfig.instanceCount", 3, "clusterConfig.instanceCount", "3 data nodes over 2 Availability Zones; zone awareness over 2 zones needs an even number"]],
    alsoCompliant: [["clusterConfig.instanceCount", 4]],
  },
  {
    rule: "opensearch-cluster-topology",
    type: DOMAIN,
    compliant: { ...PROD_DOMAIN, clusterConfig: { ...PROD_DOMAIN.clusterConfig, multiAzWithStandbyEnabled: true } },
    violations: [
      ["clusterConfig.instanceCount", 4, "clusterConfig.instanceCount", "4 data nodes; multi-AZ with standby needs a multiple of 3"],
      ["clusterConfig.instanceType", "t3.medium.search", "clusterConfig.instanceType", "multi-AZ with standby does not support T2 or T3 instances"],
      ["clusterConfig.dedicatedMasterEnabled", false, "clusterConfig.multiAzWithStandbyEnabled", "standby needs dedicated master nodes"],
    ],
  },
  {
    rule: "opensearch-ebs-volume-size",
    type: DOMAIN,
    compliant: PROD_DOMAIN,
    violations: [
      ["ebsOptions.volumeSize", 9, "ebsOptions.volumeSize", "9 GiB; OpenSearch Service volumes are at least 10 GiB"],
      ["ebsOptions.volumeSize", 2049, "ebsOptions.volumeSize", "2049 GiB; a r6g.large.search data node takes at most 2048 GiB"],
      ["ebsOptions.volumeType", "st1", "ebsOptions.volumeType", '"st1" is not a value AWS accepts'],
    ],
    unknown: ["ebsOptions.volumeSize", "clusterConfig.instanceType"],
    alsoCompliant: [
      ["ebsOptions.volumeSize", 2048],
      // Types the table does not know are only held to the minimum.
      ["clusterConfig.instanceType", "im4gn.large.search"],
    ],
  },
  {
    rule: "opensearch-ebs-volume-size",
    type: DOMAIN,
    compliant: { ...PROD_DOMAIN, clusterConfig: { instanceType: "t3.small.search", instanceCount: 1 }, ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: 10 } },
    violations: [["ebsOptions.volumeSize", 101, "ebsOptions.volumeSize", "101 GiB; a t3.small.search data node takes at most 100 GiB"]],
    alsoCompliant: [["ebsOptions.volumeSize", 100]],
  },
  {
    rule: "opensearch-tag-limit",
    type: DOMAIN,
    compliant: { ...PROD_DOMAIN, tags: { ...TAGS, a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7" } },
    violations: [["tags.h", "8", "tags", "11 tags; an OpenSearch domain takes at most 10"]],
    unknown: ["tags"],
  },
  {
    rule: "opensearch-fine-grained-access-prerequisites",
    type: DOMAIN,
    compliant: PROD_DOMAIN,
    violations: [
      ["encryptAtRest.enabled", false, "encryptAtRest.enabled", "fine-grained access control requires encryption at rest"],
      ["nodeToNodeEncryption.enabled", false, "nodeToNodeEncryption.enabled", "requires node-to-node encryption"],
      ["domainEndpointOptions.enforceHttps", false, "domainEndpointOptions.enforceHttps", "requires HTTPS only"],
      ["advancedSecurityOptions.enabled", false, "logPublishingOptions[1]", "AUDIT_LOGS need fine-grained access control"],
      ["advancedSecurityOptions.masterUserOptions.masterUserName", "admin", "advancedSecurityOptions.masterUserOptions", "names both masterUserArn and masterUserName"],
    ],
    unknown: ["encryptAtRest.enabled", "advancedSecurityOptions.enabled", "logPublishingOptions.1.logType"],
  },
];
