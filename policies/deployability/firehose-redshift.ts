import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../lib/deployability";
import { stringAt, valueAt } from "../lib/property-values";
import { ofType } from "../lib/resource-relations";
import type { Props } from "../lib/slipstream-policy";
import { DELIVERY_STREAM } from "./firehose";

const WORKGROUP = "aws:redshiftserverless/workgroup:Workgroup";
const CLUSTER = "aws:redshift/cluster:Cluster";

// jdbc:redshift://<workgroup>.<account>.<region>.redshift-serverless.amazonaws.com:5439/db, or <cluster>.<id>.<region>.redshift.amazonaws.com
const endpointName = (url: string) => /^jdbc:redshift:\/\/([^.:/]+)/.exec(url)?.[1];

function ownName(resource: PolicyResource): string[] {
  return ["workgroupName", "clusterIdentifier", "name"].map((p) => stringAt(resource.props as Props, p)).filter((v): v is string => typeof v === "string");
}

function target(stream: PolicyResource, warehouses: PolicyResource[]): PolicyResource | undefined {
  const url = stringAt(stream.props as Props, "redshiftConfiguration.clusterJdbcurl");
  const name = typeof url === "string" ? endpointName(url) : undefined;
  const byName = name === undefined ? [] : warehouses.filter((w) => ownName(w).includes(name) || w.name === name);
  if (byName.length === 1) return byName[0];
  const dependencies = new Set((stream.propertyDependencies["redshiftConfiguration"] ?? []).map((d) => d.urn));
  const byDependency = warehouses.filter((w) => dependencies.has(w.urn));
  return byDependency.length === 1 ? byDependency[0] : undefined;
}

/**
 * Firehose delivers to Redshift from its own network: the cluster or Serverless workgroup must
 * be publicly accessible, with the Region's Firehose CIDR admitted by its security group
 * (deploy-review B3). A private workgroup fails every COPY and parks the data in the error
 * prefix. A target outside the stack is not checked.
 */
export const firehoseRedshiftPubliclyAccessible = stackRule({
  name: "firehose-redshift-publicly-accessible",
  description: "A Firehose delivery stream to Redshift must target a publicly accessible cluster or Serverless workgroup.",
  document: "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs",
  remediation: "Make the workgroup (or cluster) publicly accessible with only the Region's Firehose CIDR admitted, or load Redshift another way (COPY or Spectrum from the S3 archive).",
  validate: (resources, report) => {
    const warehouses = ofType(resources, WORKGROUP, CLUSTER);
    for (const stream of ofType(resources, DELIVERY_STREAM)) {
      if (stringAt(stream.props as Props, "destination") !== "redshift") continue;
      const warehouse = target(stream, warehouses);
      if (!warehouse) continue;
      const publicAccess = valueAt(warehouse.props as Props, "publiclyAccessible");
      if (publicAccess === true || typeof publicAccess === "symbol") continue;
      report(stream, "redshiftConfiguration.clusterJdbcurl", `targets ${warehouse.name}, which is not publicly accessible; Firehose reaches Redshift only through a public endpoint that admits the Region's Firehose CIDR, so every COPY would fail.`);
    }
  },
});
