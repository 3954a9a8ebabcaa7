import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where a deployment runs: the account, region and partition that ARNs and key policies need. */
export interface AccountContext {
  accountId: pulumi.Output<string>;
  region: pulumi.Output<string>;
  partition: pulumi.Output<string>;
}

export function accountContext(parent: pulumi.Resource): AccountContext {
  const opts = { parent };
  return {
    accountId: aws.getCallerIdentityOutput({}, opts).accountId,
    region: aws.getRegionOutput({}, opts).region,
    partition: aws.getPartitionOutput({}, opts).partition,
  };
}
