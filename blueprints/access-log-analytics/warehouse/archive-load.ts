import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "../../building-blocks/account";
import type { SecureBucket } from "../../building-blocks/bucket";
import { kmsUse, policyDocument, type PolicyStatement } from "../../building-blocks/iam";
import { physicalName } from "../../building-blocks/naming";
import type { ServerlessWarehouse } from "../../building-blocks/serverless-warehouse";
import { serviceRole } from "../../building-blocks/service-role";
import { objectTags } from "../../tags";
import type { LogFormat } from "../functions/log-forwarder/config";
import { warehouseColumns } from "./columns";
import { copyJobName, copyJobSql, createTableSql, jsonPathsDocument, type CopyJobSource } from "./load-sql";

// Where the JSONPaths file lives in the archive bucket: outside the archive prefix, so the
// auto-copy job never takes it for data.
const JSONPATHS_PREFIX = "slipstream/redshift/";

/**
 * The archive bucket's grant for Redshift's S3 event integration (Redshift database developer
 * guide, "Create an S3 event integration to automatically copy files from Amazon S3 buckets" →
 * prerequisites): Redshift reads and sets the bucket's event notifications for the
 * integration, for this account's integrations only. Nothing else in a deployment configures
 * the archive's notifications, so Redshift owning them takes nothing away.
 */
export function archiveIntegrationStatements(bucketArn: pulumi.Output<string>, account: AccountContext): PolicyStatement[] {
  return [
    {
      Sid: "RedshiftAutoCopyNotifications",
      Effect: "Allow",
      Principal: { Service: "redshift.amazonaws.com" },
      Action: ["s3:GetBucketNotification", "s3:PutBucketNotification", "s3:GetBucketLocation"],
      Resource: [bucketArn],
      Condition: {
        StringEquals: { "aws:SourceAccount": account.accountId },
        ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${account.partition}:redshift:${account.region}:${account.accountId}:integration:*` },
      },
    },
  ];
}


export interface CopyRoleArgs {
  account: AccountContext;
  tags: Record<string, string>;
  kmsKeyArn: pulumi.Input<string>;
  archive: SecureBucket;
  /** The archive's data prefix, ending in `/`. */
  archivePrefix: string;
}

/**
 * The role the namespace assumes to COPY from the archive, made before the warehouse that
 * names it. Redshift database developer guide, "IAM permissions for COPY, UNLOAD, and CREATE
 * LIBRARY": s3:GetObject on the objects and s3:ListBucket on the bucket; kms:Decrypt for the
 * archive's SSE-KMS objects.
 */
export function copyRole(name: string, args: CopyRoleArgs, opts: pulumi.CustomResourceOptions): { role: aws.iam.Role; policy: aws.iam.RolePolicy } {
  const role = serviceRole(`${name}-copy-role`, { service: "redshift.amazonaws.com", description: `Redshift auto-copy of ${name} from its archive`, account: args.account, tags: args.tags }, opts);
  const { arn } = args.archive;
  const statements: PolicyStatement[] = [
    { Sid: "ReadArchive", Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${arn}/${args.archivePrefix}*`, pulumi.interpolate`${arn}/${JSONPATHS_PREFIX}*`] },
    { Sid: "ListArchive", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [arn] },
    kmsUse(args.kmsKeyArn, "decrypt"),
  ];
  const policy = new aws.iam.RolePolicy(`${name}-copy-policy`, { role: role.id, policy: policyDocument(statements) }, opts);
  return { role, policy };
}

export interface ArchiveLoadArgs {
  tags: Record<string, string>;
  kmsKeyArn: pulumi.Input<string>;
  logFormat: LogFormat;
  database: string;
  table: string;
  archive: SecureBucket;
  archivePrefix: string;
  warehouse: ServerlessWarehouse;
  copyRole: { role: aws.iam.Role; policy: aws.iam.RolePolicy };
}

/** What the load created, for outputs and tests. */
export interface ArchiveLoad {
  readonly integration: aws.redshift.Integration;
  readonly table: aws.redshiftdata.Statement;
  readonly job: aws.redshiftdata.Statement;
  readonly jobName: pulumi.Output<string>;
}

/**
 * Loads every object the archive's delivery stream writes into a Redshift table (deploy-review
 * B3): an S3 event integration from the archive bucket to the namespace, the table created
 * through the Redshift Data API, and an auto-copy job (COPY JOB ... AUTO ON) whose COPY maps
 * each column through a JSONPaths file. Redshift tracks which objects it loaded, once each; the
 * workgroup stays private and needs no inbound path (see the blueprint's README for why not
 * Firehose's Redshift destination).
 *
 * The SQL runs through the Data API (ExecuteStatement with the workgroup and the admin secret
 * Redshift manages; the provider waits for it and fails the update if it fails). A statement
 * runs again only when its text changes.
 */
export function archiveLoad(name: string, args: ArchiveLoadArgs, opts: pulumi.CustomResourceOptions): ArchiveLoad {
  const { warehouse, archive } = args;
  const columns = warehouseColumns(args.logFormat);
  const jsonPathsKey = `${JSONPATHS_PREFIX}${args.table}.jsonpaths`;
  const jsonPaths = new aws.s3.BucketObjectv2(
    `${name}-jsonpaths`,
    {
      bucket: archive.name,
      key: jsonPathsKey,
      content: jsonPathsDocument(columns),
      contentType: "application/json",
      // Explicit, like every object a deployment uploads: the archive's key, not S3's default.
      serverSideEncryption: "aws:kms",
      kmsKeyId: args.kmsKeyArn,
      tags: objectTags(args.tags),
    },
    opts,
  );

  const integration = new aws.redshift.Integration(
    `${name}-integration`,
    {
      // CreateIntegration: 1-63 characters, a letter first, single hyphens between alphanumerics.
      integrationName: physicalName(name, "autocopy", 63),
      description: `Auto-copy of ${name}'s archive into Redshift`,
      sourceArn: archive.arn,
      targetArn: warehouse.namespace.arn,
      tags: args.tags,
    },
    { ...opts, dependsOn: [archive.policy, warehouse.workgroup, ...(warehouse.integrationPolicy ? [warehouse.integrationPolicy] : [])] },
  );

  const dataApi = { workgroupName: warehouse.workgroup.workgroupName, database: args.database, secretArn: warehouse.adminSecretArn };
  const table = new aws.redshiftdata.Statement(
    `${name}-table`,
    { ...dataApi, sql: createTableSql(args.table, columns) },
    { ...opts, dependsOn: [warehouse.namespace, warehouse.workgroup] },
  );

  const source: pulumi.Output<CopyJobSource> = pulumi.all([archive.name, args.copyRole.role.arn]).apply(([bucket, roleArn]) => ({
    table: args.table,
    columns,
    from: `s3://${bucket}/${args.archivePrefix}`,
    jsonPaths: `s3://${bucket}/${jsonPathsKey}`,
    iamRoleArn: roleArn,
  }));
  const job = new aws.redshiftdata.Statement(
    `${name}-autocopy`,
    { ...dataApi, sql: source.apply(copyJobSql) },
    // The job's first COPY needs the table, the integration, the JSONPaths file and the role's grants.
    { ...opts, dependsOn: [table, integration, jsonPaths, args.copyRole.policy] },
  );
  return { integration, table, job, jobName: source.apply(copyJobName) };
}
