import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ServerlessWarehouse } from "../building-blocks/serverless-warehouse";

/** The external schema in the warehouse that maps the lake's Glue database. */
export const LAKE_SCHEMA = "lake";

export interface LakeSchemaArgs {
  warehouse: ServerlessWarehouse;
  /** The warehouse database the schema is created in. */
  database: string;
  glueDatabase: pulumi.Input<string>;
  /** The role Redshift assumes to read the Glue catalog and the lake (associated with the namespace). */
  spectrumRoleArn: pulumi.Input<string>;
  /** What must exist first besides the warehouse (the role's policy). */
  after?: pulumi.Resource[];
}

/** The DDL, exactly as the warehouse runs it. Glue database names and role ARNs need no quoting beyond the literal. */
export function lakeSchemaSql(glueDatabase: string, spectrumRoleArn: string): string {
  return `CREATE EXTERNAL SCHEMA IF NOT EXISTS ${LAKE_SCHEMA} FROM DATA CATALOG DATABASE '${glueDatabase}' IAM_ROLE '${spectrumRoleArn}'`;
}

/**
 * Runs the warehouse's one piece of DDL during the deployment instead of leaving it to
 * someone: the external schema through which Redshift Spectrum reads the lake's raw and
 * curated tables (Redshift database developer guide, CREATE EXTERNAL SCHEMA). The statement
 * goes through the Redshift Data API (ExecuteStatement with the workgroup and the admin
 * secret Redshift manages; the provider waits for it to finish and fails the update if it
 * does), which needs no network path into the private workgroup. `IF NOT EXISTS` makes a
 * re-run harmless; the statement is re-run only when its text changes.
 */
export function lakeSchema(name: string, args: LakeSchemaArgs, opts: pulumi.CustomResourceOptions): aws.redshiftdata.Statement {
  return new aws.redshiftdata.Statement(
    name,
    {
      // Redshift Data API, ExecuteStatement (https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ExecuteStatement.html):
      // for a serverless workgroup, the workgroup, the database and a secret holding username
      // and password — here the one Redshift manages for the namespace's admin.
      workgroupName: args.warehouse.workgroup.workgroupName,
      database: args.database,
      secretArn: args.warehouse.adminSecretArn,
      sql: pulumi.all([args.glueDatabase, args.spectrumRoleArn]).apply(([db, role]) => lakeSchemaSql(db, role)),
    },
    // The role must be associated with the namespace before Redshift can assume it.
    { ...opts, dependsOn: [args.warehouse.namespace, args.warehouse.workgroup, ...(args.after ?? [])] },
  );
}
