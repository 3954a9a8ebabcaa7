import { matches, numberOneOf, oneOf } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { entriesAt, numberAt, plainAt, stringAt, valueAt } from "../lib/property-values";
import type { Props } from "../lib/slipstream-policy";
import { SEARCH_INSTANCE_TYPES } from "../../blueprints/building-blocks/search-instance-types";

export const DOMAIN = "aws:opensearch/domain:Domain";

/** Domain names: 3–28 characters, a lowercase letter first, then lowercase letters, digits and hyphens. */
export const opensearchDomainName = resourceRule({
  name: "opensearch-domain-name",
  description: "OpenSearch domain names must have 3-28 characters: a lowercase letter, then lowercase letters, digits or hyphens; engine versions must name OpenSearch_X.Y or Elasticsearch_X.Y.",
  document: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createupdatedomains.html",
  remediation: "Use a domainName of 3-28 characters matching [a-z][a-z0-9-]+ (a resource name of at most 20 characters when Pulumi names the domain).",
  types: [DOMAIN],
  checks: [
    // The provider lowercases the resource name when it names the domain, as it does for buckets.
    physicalName({ path: "domainName", min: 3, max: 28, pattern: /^[a-z][a-z0-9-]+$/, rule: "a lowercase letter, then lowercase letters, digits and hyphens", autonamed: true, transform: (name) => name.toLowerCase() }),
    matches("engineVersion", /^(OpenSearch|Elasticsearch)_\d+\.\d+$/, "OpenSearch_X.Y or Elasticsearch_X.Y"),
  ],
});

/**
 * CreateDomain refuses dedicated master counts other than 3 or 5 ("greater than 2 and not 4";
 * the console offers 3 and 5), zone awareness over other than 2 or 3 zones, an odd number of
 * data nodes over 2 zones and fewer than 3 over 3 zones (deploy-review M8). Multi-AZ with
 * standby needs 3 zones, dedicated masters, a multiple of 3 data nodes and no T2/T3 types.
 * Over 3 zones without standby AWS recommends, but does not require, a multiple of 3.
 */
export const opensearchClusterTopology = resourceRule({
  name: "opensearch-cluster-topology",
  description: "OpenSearch node counts must fit the zones: 3 or 5 dedicated masters, 2 or 3 zones, an even number of data nodes over 2 zones, at least 3 over 3 zones, and multi-AZ with standby's requirements.",
  document: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html",
  remediation: "Use 3 (or 5) dedicated masters; with zone awareness over 2 zones an even instanceCount, over 3 zones at least 3 (a multiple of 3 with standby).",
  types: [DOMAIN],
  checks: [
    (resource, report) => {
      if (valueAt(resource.props, "clusterConfig.dedicatedMasterEnabled") !== true) return;
      const count = numberAt(resource.props, "clusterConfig.dedicatedMasterCount");
      if (typeof count === "number" && count !== 3 && count !== 5) report("clusterConfig.dedicatedMasterCount", `${count}; OpenSearch Service takes 3 or 5 dedicated master nodes.`);
    },
    numberOneOf("clusterConfig.zoneAwarenessConfig.availabilityZoneCount", [2, 3]),
    (resource, report) => {
      const count = numberAt(resource.props, "clusterConfig.instanceCount");
      if (typeof count === "number" && (count < 1 || !Number.isInteger(count))) report("clusterConfig.instanceCount", `${count}; a domain needs a whole number of data nodes, at least 1.`);
      if (valueAt(resource.props, "clusterConfig.zoneAwarenessEnabled") !== true || typeof count !== "number") return;
      const zones = numberAt(resource.props, "clusterConfig.zoneAwarenessConfig.availabilityZoneCount") ?? 2;
      if (zones === 2 && count % 2 !== 0) report("clusterConfig.instanceCount", `${count} data nodes over 2 Availability Zones; zone awareness over 2 zones needs an even number.`);
      if (zones === 3 && count < 3) report("clusterConfig.instanceCount", `${count} data nodes over 3 Availability Zones; 3 zones need at least 3 data nodes.`);
    },
    (resource, report) => {
      if (valueAt(resource.props, "clusterConfig.multiAzWithStandbyEnabled") !== true) return;
      const zones = numberAt(resource.props, "clusterConfig.zoneAwarenessConfig.availabilityZoneCount");
      const count = numberAt(resource.props, "clusterConfig.instanceCount");
      const type = stringAt(resource.props, "clusterConfig.instanceType");
      if (valueAt(resource.props, "clusterConfig.zoneAwarenessEnabled") !== true || (typeof zones === "number" && zones !== 3)) report("clusterConfig.multiAzWithStandbyEnabled", "standby needs zone awareness over 3 Availability Zones.");
      if (valueAt(resource.props, "clusterConfig.dedicatedMasterEnabled") === false) report("clusterConfig.multiAzWithStandbyEnabled", "standby needs dedicated master nodes.");
      if (typeof count === "number" && count % 3 !== 0) report("clusterConfig.instanceCount", `${count} data nodes; multi-AZ with standby needs a multiple of 3.`);
      if (typeof type === "string" && /^t[23]\./.test(type)) report("clusterConfig.instanceType", `${type}; multi-AZ with standby does not support T2 or T3 instances.`);
    },
    matches("clusterConfig.instanceType", /\.(search|elasticsearch)$/, "an OpenSearch Service instance type such as r6g.large.search"),
    matches("clusterConfig.dedicatedMasterType", /\.(search|elasticsearch)$/, "an OpenSearch Service instance type such as m6g.large.search"),
  ],
});

/**
 * The largest EBS volume AWS attaches to a data node of `instanceType`, when Slipstream's one
 * table of instance types knows it (OpenSearch quotas page, "EBS volume size quotas", gp3
 * maxima; gp2's are lower, so the check never refuses a size AWS accepts). The blueprints'
 * schemas read the same table; types not in it are only checked against the 10 GiB minimum.
 */
export function maxVolumeGiB(instanceType: string): number | undefined {
  return (SEARCH_INSTANCE_TYPES as Record<string, { maxVolumeGiB: number } | undefined>)[instanceType]?.maxVolumeGiB;
}

/** EBS volumes per data node: at least 10 GiB and at most the instance type's maximum (deploy-review M8). */
export const opensearchEbsVolumeSize = resourceRule({
  name: "opensearch-ebs-volume-size",
  description: "OpenSearch EBS volumes must be at least 10 GiB and at most the data node instance type's maximum.",
  document: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html#ebsresource",
  remediation: "Choose an ebsOptions.volumeSize within the instance type's range, or a larger instance type (or more data nodes).",
  types: [DOMAIN],
  checks: [
    oneOf("ebsOptions.volumeType", ["standard", "gp2", "gp3", "io1"]),
    (resource, report) => {
      if (valueAt(resource.props, "ebsOptions.ebsEnabled") !== true) return;
      const size = numberAt(resource.props, "ebsOptions.volumeSize");
      if (typeof size !== "number") return;
      if (size < 10) report("ebsOptions.volumeSize", `${size} GiB; OpenSearch Service volumes are at least 10 GiB.`);
      const type = stringAt(resource.props, "clusterConfig.instanceType");
      if (typeof type !== "string") return;
      const max = maxVolumeGiB(type);
      if (max !== undefined && size > max) report("ebsOptions.volumeSize", `${size} GiB; a ${type} data node takes at most ${max} GiB.`);
    },
  ],
});

/** A domain takes at most 10 tags (AddTags), not the 50 most services allow (deploy-review B5). */
export const opensearchTagLimit = resourceRule({
  name: "opensearch-tag-limit",
  description: "OpenSearch domains take at most 10 tags.",
  document: "https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_AddTags.html",
  remediation: "Keep at most 10 tags on the domain (the deployment's required and managed tags first).",
  types: [DOMAIN],
  checks: [
    (resource, report) => {
      const tags = entriesAt(resource.props, "tags");
      // Key and value rules are aws-tag-limits'; only the count differs.
      if (Array.isArray(tags) && tags.length > 10) report("tags", `${tags.length} tags; an OpenSearch domain takes at most 10.`);
    },
  ],
});

const isEnabled = (props: Props, path: string) => valueAt(props, path) === true;

/**
 * Fine-grained access control needs encryption at rest, node-to-node encryption and HTTPS;
 * audit logs need fine-grained access control; an IAM master user (masterUserArn) and the
 * internal user database's master name and password exclude each other.
 */
export const opensearchFineGrainedAccessPrerequisites = resourceRule({
  name: "opensearch-fine-grained-access-prerequisites",
  description: "OpenSearch fine-grained access control needs encryption at rest, node-to-node encryption and HTTPS; audit logs need fine-grained access control; the master user is either an IAM ARN or an internal user.",
  document: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html",
  remediation: "Enable encryptAtRest, nodeToNodeEncryption and domainEndpointOptions.enforceHttps with advancedSecurityOptions; publish AUDIT_LOGS only with it; set masterUserArn or masterUserName/masterUserPassword (with internalUserDatabaseEnabled), not both.",
  types: [DOMAIN],
  checks: [
    (resource, report) => {
      const props = resource.props;
      const fgac = valueAt(props, "advancedSecurityOptions.enabled");
      if (fgac === true) {
        for (const [path, what] of [
          ["encryptAtRest.enabled", "encryption at rest"],
          ["nodeToNodeEncryption.enabled", "node-to-node encryption"],
          ["domainEndpointOptions.enforceHttps", "HTTPS only"],
        ] as const) {
          const value = valueAt(props, path);
          if (value !== true && typeof value !== "symbol") report(path, `fine-grained access control requires ${what}.`);
        }
        const arn = valueAt(props, "advancedSecurityOptions.masterUserOptions.masterUserArn");
        const user = valueAt(props, "advancedSecurityOptions.masterUserOptions.masterUserName");
        if (typeof arn === "string" && user !== undefined) report("advancedSecurityOptions.masterUserOptions", "names both masterUserArn and masterUserName; the master user is an IAM ARN or an internal user, not both.");
        if (isEnabled(props, "advancedSecurityOptions.internalUserDatabaseEnabled") && typeof arn === "string") report("advancedSecurityOptions.masterUserOptions.masterUserArn", "with the internal user database the master user is a name and password, not an IAM ARN.");
      }
      const logs = plainAt(props, "logPublishingOptions");
      if (!Array.isArray(logs) || fgac === true || typeof fgac === "symbol") return;
      logs.forEach((option, i) => {
        if ((option as { logType?: unknown; enabled?: unknown })?.logType === "AUDIT_LOGS" && (option as { enabled?: unknown }).enabled !== false) {
          report(`logPublishingOptions[${i}]`, "AUDIT_LOGS need fine-grained access control (advancedSecurityOptions.enabled).");
        }
      });
    },
  ],
});
