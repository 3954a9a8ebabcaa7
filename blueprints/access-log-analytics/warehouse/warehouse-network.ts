import * as pulumi from "@pulumi/pulumi";
import { Network } from "../../building-blocks/network";
import { allowHttpsToAwsApis, securityGroup } from "../../building-blocks/security-group";
import type { Environment } from "../../environment";

export interface WarehouseNetworkArgs {
  tags: Record<string, string>;
  environment: Environment;
  /** The caller's private subnets and groups; a new VPC when absent (the schema wants both or neither). */
  subnetIds?: string[] | undefined;
  securityGroupIds?: string[] | undefined;
}

/**
 * Where the Redshift Serverless workgroup runs (deploy-review m12: never the Region's default
 * VPC, which may be gone or public). The caller's subnets and groups, or a new three-zone VPC
 * (Redshift management guide, "Considerations when using Amazon Redshift Serverless": a
 * workgroup needs subnets in at least three Availability Zones) with a group that admits
 * nothing and may only reach AWS endpoints over HTTPS: with enhanced VPC routing, COPY reads
 * the archive through the VPC, here through its NAT gateway.
 */
export function warehouseNetwork(name: string, args: WarehouseNetworkArgs, opts: pulumi.ComponentResourceOptions): { subnetIds: pulumi.Input<string[]>; securityGroupIds: pulumi.Input<pulumi.Input<string>[]> } {
  if (args.subnetIds !== undefined && args.securityGroupIds !== undefined) return { subnetIds: args.subnetIds, securityGroupIds: args.securityGroupIds };
  if (args.subnetIds !== undefined || args.securityGroupIds !== undefined) {
    throw new Error(`${name}: \`subnetIds\` and \`securityGroupIds\` go together: name both, or neither for a new VPC`);
  }
  const network = new Network(
    `${name}-network`,
    { tags: args.tags, vpc: { args: { availabilityZones: 3, natGateways: args.environment === "prod" ? "OnePerAz" : "Single" } } },
    opts,
  );
  const group = securityGroup(`${name}-sg`, { vpcId: network.vpcId, description: `Redshift Serverless workgroup of ${name}`, tags: args.tags }, opts);
  allowHttpsToAwsApis(`${name}-to-aws`, { group, tags: args.tags }, opts);
  return { subnetIds: network.privateSubnetIds, securityGroupIds: [group.id] };
}
