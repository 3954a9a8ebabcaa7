import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

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
  args: { from: aws.ec2.SecurityGroup; to: aws.ec2.SecurityGroup; port: number; description: string; tags: Record<string, string> },
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
  args: { group: aws.ec2.SecurityGroup; tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): aws.vpc.SecurityGroupEgressRule {
  return new aws.vpc.SecurityGroupEgressRule(
    name,
    { securityGroupId: args.group.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS to AWS service endpoints", tags: args.tags },
    opts,
  );
}
