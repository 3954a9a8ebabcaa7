import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { physicalName } from "./naming";

export interface ServerlessWarehouseArgs {
  /** Deployment name; namespace and workgroup names derive from it (Redshift has no autonaming). */
  deployment: string;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  database: string;
  /** Redshift Processing Units, 8-512 in steps of 8. */
  baseCapacity: number;
  /**
   * Private subnets, in at least three Availability Zones, and the workgroup's security groups.
   * Required (deploy-review m12): without them Redshift Serverless falls back to the Region's
   * default VPC, which an account may have deleted, and whose subnets are public.
   */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Roles Redshift may assume (COPY from S3, Glue catalog). */
  iamRoleArns?: pulumi.Input<string>[];
  /**
   * Sources allowed to create inbound integrations into the namespace (an S3 bucket ARN for
   * auto-copy), with the account that creates them. A namespace has one resource policy, so
   * the warehouse owns it.
   */
  inboundIntegrations?: { account: AccountContext; sourceArns: pulumi.Input<string>[] };
}

/**
 * A Redshift Serverless namespace and workgroup with the catalogue's defaults: encrypted
 * with the deployment key, the admin password generated and kept in Secrets Manager by
 * Redshift (encrypted with the same key) so no password passes through Pulumi state, not
 * publicly accessible, enhanced VPC routing, and SSL required for every connection.
 */
export class ServerlessWarehouse extends pulumi.ComponentResource {
  readonly namespace: aws.redshiftserverless.Namespace;
  readonly workgroup: aws.redshiftserverless.Workgroup;
  /** Secrets Manager secret with the admin credentials. */
  readonly adminSecretArn: pulumi.Output<string>;
  readonly jdbcUrl: pulumi.Output<string>;
  /** The namespace's resource policy, when it admits inbound integrations. */
  readonly integrationPolicy?: aws.redshift.ResourcePolicy;

  constructor(name: string, args: ServerlessWarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:ServerlessWarehouse", name, {}, opts);
    if (args.baseCapacity < 8 || args.baseCapacity > 512 || args.baseCapacity % 8 !== 0) {
      throw new Error(`ServerlessWarehouse ${name}: \`baseCapacity\` must be 8-512 in steps of 8, got ${args.baseCapacity}`);
    }
    const parent = { parent: this };
    this.namespace = new aws.redshiftserverless.Namespace(
      name,
      {
        namespaceName: physicalName(args.deployment, "warehouse", 64),
        dbName: args.database,
        adminUsername: "slipstream_admin",
        manageAdminPassword: true,
        adminPasswordSecretKmsKeyId: args.kmsKeyArn,
        kmsKeyId: args.kmsKeyArn,
        iamRoles: args.iamRoleArns,
        // Exported logs land in /aws/redshift/serverless/<log type> (Redshift management guide,
        // "Monitoring log events in CloudWatch"): one group per log type for the whole account
        // and Region, created by Redshift without retention when missing (review item m13). A
        // deployment cannot own them: a second warehouse in the account would collide with it,
        // and the group's key would be one deployment's key that its destroy schedules for
        // deletion. They are created once per account with retention and a long-lived key
        // (a first-deploy checklist item), not here.
        logExports: ["userlog", "connectionlog", "useractivitylog"],
        tags: args.tags,
      },
      parent,
    );
    this.workgroup = new aws.redshiftserverless.Workgroup(
      `${name}-workgroup`,
      {
        namespaceName: this.namespace.namespaceName,
        workgroupName: physicalName(args.deployment, "warehouse", 64),
        baseCapacity: args.baseCapacity,
        publiclyAccessible: false,
        enhancedVpcRouting: true,
        subnetIds: args.subnetIds,
        securityGroupIds: args.securityGroupIds,
        configParameters: [
          { parameterKey: "require_ssl", parameterValue: "true" },
          { parameterKey: "enable_user_activity_logging", parameterValue: "true" },
        ],
        tags: args.tags,
      },
      parent,
    );
    if (args.inboundIntegrations !== undefined) {
      this.integrationPolicy = integrationPolicy(`${name}-integration-policy`, this.namespace.arn, args.inboundIntegrations, parent);
    }
    this.adminSecretArn = this.namespace.adminPasswordSecretArn;
    this.jdbcUrl = pulumi.interpolate`jdbc:redshift://${this.workgroup.endpoints.apply((e) => e[0]?.address ?? "")}:${this.workgroup.endpoints.apply((e) => e[0]?.port ?? 5439)}/${args.database}`;
    this.registerOutputs({ jdbcUrl: this.jdbcUrl, adminSecretArn: this.adminSecretArn });
  }
}

/**
 * The namespace's resource policy for inbound integrations (Redshift database developer guide,
 * "Create an S3 event integration to automatically copy files from Amazon S3 buckets" →
 * prerequisites; Redshift API reference, PutResourcePolicy): Redshift itself may authorize an
 * integration from exactly these sources, and only this account may create one.
 */
function integrationPolicy(
  name: string,
  namespaceArn: pulumi.Output<string>,
  integrations: { account: AccountContext; sourceArns: pulumi.Input<string>[] },
  opts: pulumi.CustomResourceOptions,
): aws.redshift.ResourcePolicy {
  const { partition, accountId } = integrations.account;
  if (integrations.sourceArns.length === 0) throw new Error(`${name}: \`inboundIntegrations.sourceArns\` must name at least one source`);
  return new aws.redshift.ResourcePolicy(
    name,
    {
      resourceArn: namespaceArn,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "RedshiftAuthorizesIntegrations",
            Effect: "Allow",
            Principal: { Service: "redshift.amazonaws.com" },
            Action: "redshift:AuthorizeInboundIntegration",
            Resource: namespaceArn,
            Condition: { StringEquals: { "aws:SourceArn": integrations.sourceArns } },
          },
          {
            Sid: "AccountCreatesIntegrations",
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
            Action: "redshift:CreateInboundIntegration",
            Resource: namespaceArn,
          },
        ],
      }),
    },
    opts,
  );
}
