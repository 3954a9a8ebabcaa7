// The ec2 module alone: the package index also loads awsx's classic components and the Docker
// provider (over a hundred modules in every plan thread), none of which a blueprint uses.
import * as awsxEc2 from "@pulumi/awsx/ec2";
import * as pulumi from "@pulumi/pulumi";
import { resolveOptional, type OptionalResource } from "./optional-resource";

/** A VPC the caller already runs, with the private subnets a deployment may use. */
export interface ExistingNetwork {
  vpcId: string;
  /** Private subnets in distinct availability zones. */
  privateSubnetIds: string[];
}

/** A new VPC made with awsx; every value has a default. */
export interface NewNetworkArgs {
  /** Default 10.0.0.0/16. */
  cidrBlock?: string;
  /** Availability zones, each with a public and a private subnet. Default 3. */
  availabilityZones?: number;
  /** `Single` (cheap, dev) or `OnePerAz` (no zone is a single point of failure). Default `Single`. */
  natGateways?: "Single" | "OnePerAz";
}

export interface NetworkArgs {
  tags: Record<string, string>;
  /** `existing` runs in the caller's VPC, `args` (or nothing) creates one. `skip` is refused: the blueprints need a network. */
  vpc?: OptionalResource<ExistingNetwork, NewNetworkArgs>;
}

/**
 * Where a deployment's VPC-bound services (MSK, Lambda functions that reach it, Redshift)
 * run: the caller's VPC and private subnets, or a new awsx VPC with private subnets behind
 * NAT gateways in every zone. awsx v3's Vpc is a remote component: previews and the mock
 * runtime see one `awsx:ec2:Vpc` resource whose outputs are the ids read here.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** How many private subnets there are, known while the program runs (MSK sizes brokers by it). */
  readonly privateSubnetCount: number;
  readonly vpc?: awsxEc2.Vpc;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:Network", name, {}, opts);
    const resolved = resolveOptional("vpc", args.vpc);
    switch (resolved.kind) {
      case "skip":
        throw new Error(`Network ${name}: \`vpc.skip\` is not supported; pass \`vpc.existing\` or \`vpc.args\``);
      case "existing": {
        const { vpcId, privateSubnetIds } = resolved.existing;
        if (privateSubnetIds.length === 0) throw new Error(`Network ${name}: \`vpc.existing.privateSubnetIds\` must not be empty`);
        this.vpcId = pulumi.output(vpcId);
        this.privateSubnetIds = pulumi.output(privateSubnetIds);
        this.privateSubnetCount = privateSubnetIds.length;
        break;
      }
      case "create": {
        const zones = resolved.args?.availabilityZones ?? 3;
        if (!Number.isInteger(zones) || zones < 2 || zones > 6) throw new Error(`Network ${name}: \`vpc.args.availabilityZones\` must be 2-6, got ${zones}`);
        this.vpc = new awsxEc2.Vpc(
          name,
          {
            cidrBlock: resolved.args?.cidrBlock ?? "10.0.0.0/16",
            numberOfAvailabilityZones: zones,
            natGateways: { strategy: resolved.args?.natGateways ?? "Single" },
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: args.tags,
          },
          { parent: this },
        );
        this.vpcId = this.vpc.vpcId;
        this.privateSubnetIds = this.vpc.privateSubnetIds;
        this.privateSubnetCount = zones;
        break;
      }
    }
    this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds });
  }
}
