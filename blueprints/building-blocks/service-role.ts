import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { assumeRolePolicy } from "./iam";

/**
 * An IAM role a service assumes, confined to this account, with no permissions yet: its
 * policy is attached by the building block that knows what the role does. Created on its
 * own where another resource must name the role before that block exists (an OpenSearch
 * access policy naming the Lambda that writes to it).
 */
export function serviceRole(
  name: string,
  args: { service: string; description: string; account: AccountContext; tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
  return new aws.iam.Role(name, { description: args.description, assumeRolePolicy: assumeRolePolicy(args.service, args.account.accountId), tags: args.tags }, opts);
}
