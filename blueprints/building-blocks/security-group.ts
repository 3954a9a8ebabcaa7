import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A security group this deployment made, or one the caller runs (by id). */
export interface SecurityGroupRef {
  id: pulumi.Input<string>;
}

/**
 * A security group without any rule: every rule a deployment needs is added with
 * `allowTcp` (group to group, one port) or `allowHttpsToAwsApis`, so what a group admits is
 * exactly the sum of those calls. The inline `ingress`/`egress` blocks are not used — they
 * cannot name a group created after this one and they fight separate rule resources.
 */
export function securityGroup(
  name: string,
  args: { vpcId: pulumi.Input<string>; description: string; tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
  // The provider removes the default allow-all egress rule AWS adds to a new group.
  return new aws.ec2.SecurityGroup(name, { vpcId: args.vpcId, description: args.description, revokeRulesOnDelete: true, tags: args.tags }, opts);
}

/**
 * Lets `from` open TCP connections to `to` on one port: an egress rule on `from` and the
 * matching ingress rule on `to`, both naming the other group (never a CIDR).
 */
export function allowTcp(
  name: string,
  args: { from: SecurityGroupRef; to: SecurityGroupRef; port: number; description: string; tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): { ingress: aws.vpc.SecurityGroupIngressRule; egress: aws.vpc.SecurityGroupEgressRule } {
  if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) throw new Error(`${name}: \`port\` must be 1-65535, got ${args.port}`);
  const rule = { ipProtocol: "tcp", fromPort: args.port, toPort: args.port, description: args.description, tags: args.tags };
  return {
    ingress: new aws.vpc.SecurityGroupIngressRule(`${name}-in`, { ...rule, securityGroupId: args.to.id, referencedSecurityGroupId: args.from.id }, opts),
    egress: new aws.vpc.SecurityGroupEgressRule(`${name}-out`, { ...rule, securityGroupId: args.from.id, referencedSecurityGroupId: args.to.id }, opts),
  };
}

/**
 * HTTPS out of the VPC to AWS service endpoints (Firehose, Kinesis, STS, Lambda) through
 * the NAT gateway. Public service endpoints have no fixed addresses to name, so this one
 * egress rule is to any address, on 443 only; nothing is ever admitted from anywhere.
 */
export function allowHttpsToAwsApis(
  name: string,
  args: { group: SecurityGroupRef; tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): aws.vpc.SecurityGroupEgressRule {
  return new aws.vpc.SecurityGroupEgressRule(
    name,
    { securityGroupId: args.group.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS to AWS service endpoints", tags: args.tags },
    opts,
  );
}

/**
 * Lets members of one group reach each other on one port: a self-referencing ingress and
 * egress rule. Lambda's MSK event pollers run with the cluster's own subnets and security
 * groups (Lambda developer guide, "Configuring your Amazon MSK cluster and Amazon VPC network
 * for Lambda"; "Creating a Lambda event source mapping for an Amazon MSK event source": the
 * hyperplane ENI "uses the subnet and security group configuration of your MSK cluster"), so
 * the cluster's group must admit itself on the client port.
 */
export function allowSelf(
  name: string,
  args: { group: SecurityGroupRef; port: number; description: string; tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): { ingress: aws.vpc.SecurityGroupIngressRule; egress: aws.vpc.SecurityGroupEgressRule } {
  return allowTcp(name, { from: args.group, to: args.group, port: args.port, description: args.description, tags: args.tags }, opts);
}

/**
 * Admits the replies of `from` into `to` on every TCP port, for the one kind of interface
 * whose security group is not stateful: QuickSight's VPC connection. Its replies arrive on
 * random ports and are not admitted automatically, so the group "must allow all inbound TCP
 * traffic from the security group of the data destinations" (QuickSight user guide,
 * "Security groups: inbound and outbound rules",
 * https://docs.aws.amazon.com/quicksight/latest/user/vpc-security-groups.html). Still only
 * from that one group, never a CIDR.
 */
export function admitReturnTraffic(
  name: string,
  args: { from: SecurityGroupRef; to: SecurityGroupRef; description: string; tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): aws.vpc.SecurityGroupIngressRule {
  return new aws.vpc.SecurityGroupIngressRule(
    name,
    { securityGroupId: args.to.id, referencedSecurityGroupId: args.from.id, ipProtocol: "tcp", fromPort: 0, toPort: 65535, description: args.description, tags: args.tags },
    opts,
  );
}
