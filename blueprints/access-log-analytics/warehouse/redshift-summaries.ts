import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "../../building-blocks/account";
import type { SecureBucket } from "../../building-blocks/bucket";
import { ServerlessWarehouse } from "../../building-blocks/serverless-warehouse";
import type { Environment } from "../../environment";
import type { LogFormat } from "../functions/log-forwarder/config";
import { archiveLoad, copyRole } from "./archive-load";
import { warehouseNetwork } from "./warehouse-network";

export interface RedshiftSummariesArgs {
  account: AccountContext;
  tags: Record<string, string>;
  environment: Environment;
  kmsKeyArn: pulumi.Input<string>;
  logFormat: LogFormat;
  archive: SecureBucket;
  /** The archive delivery stream's prefix (the schema makes it non-empty, ending in `/`). */
  archivePrefix: string;
  redshift: { database: string; table: string; baseCapacity: number; subnetIds?: string[] | undefined; securityGroupIds?: string[] | undefined };
}

/** What a deployment reports about its Redshift load. */
export interface RedshiftSummaries {
  readonly jdbcUrl: pulumi.Output<string>;
  readonly adminSecretArn: pulumi.Output<string>;
  /** The auto-copy job's name (SYS_COPY_JOB, COPY JOB SHOW). */
  readonly copyJobName: pulumi.Output<string>;
}

/**
 * The optional Redshift leg of the blueprint: a private Redshift Serverless workgroup in its own
 * or the caller's network, loading the S3 archive with auto-copy (archive-load.ts). Children are
 * named `<name>-...` where `name` is `<deployment>-warehouse`.
 */
export function redshiftSummaries(name: string, deployment: string, args: RedshiftSummariesArgs, parent: pulumi.Resource): RedshiftSummaries {
  const opts = { parent };
  const { account, tags } = args;
  const network = warehouseNetwork(
    name,
    { tags, environment: args.environment, subnetIds: args.redshift.subnetIds, securityGroupIds: args.redshift.securityGroupIds },
    opts,
  );
  const role = copyRole(name, { account, tags, kmsKeyArn: args.kmsKeyArn, archive: args.archive, archivePrefix: args.archivePrefix }, opts);
  const warehouse = new ServerlessWarehouse(
    name,
    {
      deployment,
      kmsKeyArn: args.kmsKeyArn,
      tags,
      database: args.redshift.database,
      baseCapacity: args.redshift.baseCapacity,
      subnetIds: network.subnetIds,
      securityGroupIds: network.securityGroupIds,
      iamRoleArns: [role.role.arn],
      inboundIntegrations: { account, sourceArns: [args.archive.arn] },
    },
    // Redshift checks that it can assume the role when the namespace names it.
    { parent, dependsOn: [role.policy] },
  );
  const load = archiveLoad(
    name,
    {
      tags,
      kmsKeyArn: args.kmsKeyArn,
      logFormat: args.logFormat,
      database: args.redshift.database,
      table: args.redshift.table,
      archive: args.archive,
      archivePrefix: args.archivePrefix,
      warehouse,
      copyRole: role,
    },
    opts,
  );
  return { jdbcUrl: warehouse.jdbcUrl, adminSecretArn: warehouse.adminSecretArn, copyJobName: load.jobName };
}
