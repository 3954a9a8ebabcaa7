import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "../building-blocks/account";
import type { SecureBucket } from "../building-blocks/bucket";
import { kmsUse, policyDocument } from "../building-blocks/iam";
import { physicalName } from "../building-blocks/naming";
import { serviceRole } from "../building-blocks/service-role";

export interface RawPartitionCrawlerArgs {
  deployment: string;
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  database: aws.glue.CatalogDatabase;
  table: aws.glue.CatalogTable;
  rawBucket: SecureBucket;
  /** The raw zone's prefix in `rawBucket`, ending in `/`. */
  rawPrefix: string;
  /** The Glue security configuration's name: the crawler's CloudWatch logs are encrypted with the key. */
  securityConfiguration: pulumi.Input<string>;
  /** A Glue cron(...) expression. */
  schedule: string;
}

/** Hourly, a few minutes after each hour's first Firehose objects can have landed. */
export const RAW_PARTITION_SCHEDULE = "cron(10 * * * ? *)";

/**
 * Registers the raw zone's hourly partitions in the Glue catalog. Partition projection
 * (raw-table.ts) is read by Athena only; Redshift Spectrum lists the partitions the catalog
 * holds, and sees none without them (Redshift database developer guide, "Partitioning Redshift
 * Spectrum external tables"). A crawler with the existing raw table as its target adds each
 * new hour's partition and, with both schema-change behaviours set to LOG, never rewrites the
 * table the deployment defined (Glue developer guide, "Preventing a crawler from changing an
 * existing schema"; Glue API, CatalogTarget and SchemaChangePolicy).
 */
export function rawPartitionCrawler(name: string, args: RawPartitionCrawlerArgs, opts: pulumi.CustomResourceOptions): aws.glue.Crawler {
  const { accountId, region, partition } = args.account;
  const role = serviceRole(`${name}-role`, { service: "glue.amazonaws.com", description: `Raw-zone partition crawler of ${args.deployment}`, account: args.account, tags: args.tags }, opts);
  const tableArn = pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:table/${args.database.name}/${args.table.name}`;
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-policy`,
    {
      role: role.id,
      policy: policyDocument([
        { Sid: "ReadRawZone", Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${args.rawBucket.arn}/${args.rawPrefix}*`] },
        { Sid: "ListRawZone", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [args.rawBucket.arn] },
        {
          Sid: "RegisterRawPartitions",
          Effect: "Allow",
          Action: [
            "glue:GetDatabase", "glue:GetTable", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition",
            "glue:CreatePartition", "glue:BatchCreatePartition", "glue:UpdatePartition", "glue:BatchUpdatePartition",
          ],
          Resource: [pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:catalog`, args.database.arn, tableArn],
        },
        // With a security configuration Glue writes to /aws-glue/crawlers-role/… groups it creates itself.
        {
          Sid: "WriteCrawlerLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
          Resource: [pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:/aws-glue/*`],
        },
        { ...kmsUse(args.kmsKeyArn, "both"), Sid: "UseDeploymentKey" },
      ]),
    },
    opts,
  );
  return new aws.glue.Crawler(
    name,
    {
      // Glue API, Crawler.Name: 1-255 characters, unique in the account; no autonaming needed.
      name: physicalName(args.deployment, "raw-partitions", 255),
      description: `Registers the raw zone's hourly partitions of ${args.deployment} for Redshift Spectrum`,
      role: role.arn,
      // Glue API, Crawler.DatabaseName: where a crawler writes; a catalog target must name its own database.
      databaseName: args.database.name,
      // Glue API, CatalogTarget: crawl the tables the deployment defined, over their own locations.
      catalogTargets: [{ databaseName: args.database.name, tables: [args.table.name] }],
      // Glue API, SchemaChangePolicy: LOG keeps the table as defined; catalog targets refuse DEPRECATE_IN_DATABASE.
      schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "LOG" },
      // Glue developer guide, "Setting crawler configuration options": partitions inherit the
      // table's SerDe and columns; catalog-target crawlers always combine compatible schemas.
      configuration: JSON.stringify({
        Version: 1.0,
        Grouping: { TableGroupingPolicy: "CombineCompatibleSchemas" },
        CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
      }),
      // Glue developer guide, "Time-based schedules for jobs and crawlers".
      schedule: args.schedule,
      // Glue API, Crawler.CrawlerSecurityConfiguration: encrypts the crawler's CloudWatch logs.
      securityConfiguration: args.securityConfiguration,
      tags: args.tags,
    },
    // A crawler checks its role when it first runs on schedule; the policy must exist by then.
    { ...opts, dependsOn: [rolePolicy] },
  );
}
