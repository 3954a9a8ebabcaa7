import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { alarm } from "./alarms";
import { DashboardsSignIn } from "./dashboards-sign-in";
import { secureLogGroup } from "./log-group";
import { SearchAccess } from "./search-access";
import { searchAccessPlan, type IndexSettings } from "./search-access-plan";
import { SEARCH_DOMAIN_DEFAULTS } from "./search-domain-defaults";
import { searchLogDelivery } from "./search-log-delivery";
import { searchSizingIssues, type SearchSizing } from "./search-sizing-rules";
import { serviceRole } from "./service-role";

export { searchSizing, type SearchSizingOverrides } from "./search-sizing-rules";

/** AddTags (OpenSearch Service API reference): "A domain can have up to 10 tags". */
export const OPENSEARCH_MAX_TAGS = 10;

export interface SearchDomainArgs {
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  logRetentionDays: number;
  /** The environment protects its data: the Dashboards user pool refuses deletion. */
  protect: boolean;
  /** Physical domain name: 3-28 lowercase characters (see `physicalName`). */
  domainName: string;
  /** Default `SEARCH_DOMAIN_DEFAULTS.engineVersion`. */
  engineVersion?: string;
  sizing: SearchSizing;
  /**
   * Roles that write documents. The access policy names exactly these (and the principals
   * below), so a domain outside a VPC is still closed to everyone else (Opensearch.2's
   * alternative); fine-grained access control maps them to `slipstream_writer`.
   */
  writerRoleArns: pulumi.Input<string>[];
  /** The indices the writers create and write, as patterns (`orders*`). */
  writeIndexPatterns: string[];
  /** An IAM role or user ARN given full access (mapped to `all_access` and `security_manager`). */
  adminArn?: string;
  /** People sign in to Dashboards through Cognito (dashboards-sign-in.ts); off when absent. */
  dashboards?: { mfa: "required" | "optional" };
  /** Index settings applied when the deployment runs (the index is created if missing). */
  indexSettings?: IndexSettings[];
}

/**
 * Alarms when the domain's cluster is red (a primary shard unassigned: writes to it fail).
 * OpenSearch publishes its metrics under AWS/ES by domain name and account.
 */
export function clusterRedAlarm(
  name: string,
  args: { domainName: string; accountId: pulumi.Input<string>; topicArn: pulumi.Input<string>; tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  return alarm(
    name,
    {
      topicArn: args.topicArn,
      tags: args.tags,
      description: "The OpenSearch cluster is red",
      namespace: "AWS/ES",
      metricName: "ClusterStatus.red",
      dimensions: { DomainName: args.domainName, ClientId: args.accountId },
      statistic: "Maximum",
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      period: 60,
    },
    opts,
  );
}

/** The TLS policy the catalogue requires (Opensearch.8). */
export const OPENSEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

// Every HTTP method a principal may send the domain (OpenSearch Service, "Identity and Access
// Management": es:ESHttpDelete, Get, Head, Patch, Post, Put), named one by one.
const READ_WRITE = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"];
const ALL_METHODS = [...READ_WRITE, "es:ESHttpPatch"];

/**
 * An OpenSearch Service domain with the catalogue's defaults: encryption at rest with the
 * deployment key, node-to-node encryption, HTTPS only with TLS 1.2+ and PFS, fine-grained
 * access control, error and audit logs to CloudWatch, an access policy naming exact roles, and
 * zone awareness and dedicated masters sized by environment.
 *
 * Fine-grained access control's master user is a role the deployment owns, the execution role
 * of a small access function (search-access.ts). When the deployment runs, that function maps
 * the writers to `slipstream_writer`, the request's administrator to `all_access` and
 * `security_manager`, and Dashboards users to read-only roles — so a writer never needs to be
 * the master, and an administrator is added rather than swapped in (deploy-review B4).
 */
export class SearchDomain extends pulumi.ComponentResource {
  readonly domain: aws.opensearch.Domain;
  readonly arn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly domainName: string;
  readonly dashboardsUrl: pulumi.Output<string>;
  /** The Cognito user pool people are added to, when Dashboards sign-in is on. */
  readonly dashboardsUserPoolId?: pulumi.Output<string>;
  readonly access: SearchAccess;

  constructor(name: string, args: SearchDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:SearchDomain", name, {}, opts);
    const parent = { parent: this };
    const { accountId, region, partition } = args.account;
    if (!/^[a-z][a-z0-9-]{2,27}$/.test(args.domainName)) {
      throw new Error(`SearchDomain ${name}: \`domainName\` must be 3-28 lowercase letters, digits and hyphens, got "${args.domainName}"`);
    }
    if (Object.keys(args.tags).length > OPENSEARCH_MAX_TAGS) {
      throw new Error(`SearchDomain ${name}: a domain takes at most ${OPENSEARCH_MAX_TAGS} tags (AddTags), got ${Object.keys(args.tags).length}`);
    }
    const sizingIssues = searchSizingIssues(args.sizing);
    if (sizingIssues.length > 0) {
      throw new Error(`SearchDomain ${name}: CreateDomain would refuse this sizing: ${sizingIssues.map((i) => `\`${i.field}\`: ${i.message}`).join("; ")}`);
    }
    this.domainName = args.domainName;
    const domainArn = pulumi.interpolate`arn:${partition}:es:${region}:${accountId}:domain/${args.domainName}`;

    const logs = {
      application: secureLogGroup(`${name}-error-logs`, { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags }, parent),
      audit: secureLogGroup(`${name}-audit-logs`, { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags }, parent),
    };
    const logDelivery = [
      searchLogDelivery(`${name}-error-logs-delivery`, { logGroup: logs.application, domainArn, accountId }, parent),
      searchLogDelivery(`${name}-audit-logs-delivery`, { logGroup: logs.audit, domainArn, accountId }, parent),
    ];

    // The master user exists before the domain names it; the access function runs as it.
    const accessRole = serviceRole(`${name}-access-role`, { service: "lambda.amazonaws.com", description: `Master user of ${args.domainName}: applies its role mappings`, account: args.account, tags: args.tags }, parent);
    const signIn = args.dashboards === undefined ? undefined : new DashboardsSignIn(`${name}-dashboards`, { account: args.account, tags: args.tags, domainName: args.domainName, mfa: args.dashboards.mfa, protect: args.protect }, parent);

    const statement = (sid: string, principals: pulumi.Input<string>[], actions: string[]) => ({ Sid: sid, Effect: "Allow", Principal: { AWS: principals }, Action: actions, Resource: [pulumi.interpolate`${domainArn}/*`] });
    const accessStatements = [
      statement("Writers", args.writerRoleArns, READ_WRITE),
      statement("MasterUser", [accessRole.arn], ["es:ESHttpGet", "es:ESHttpPut", "es:ESHttpDelete"]),
      ...(args.adminArn === undefined ? [] : [statement("Administrator", [args.adminArn], ALL_METHODS)]),
      // "Allowing the authenticated role": Dashboards users reach the domain as the Cognito role.
      ...(signIn === undefined ? [] : [statement("DashboardsUsers", [signIn.authenticatedRole.arn], ALL_METHODS)]),
    ];

    const { sizing } = args;
    const zoneAware = sizing.zones > 1;
    this.domain = new aws.opensearch.Domain(
      name,
      {
        domainName: args.domainName,
        engineVersion: args.engineVersion ?? SEARCH_DOMAIN_DEFAULTS.engineVersion,
        // Counts, zones and volume are checked above against search-instance-types.ts (quotas page).
        clusterConfig: {
          instanceType: sizing.instanceType,
          instanceCount: sizing.instanceCount,
          zoneAwarenessEnabled: zoneAware,
          zoneAwarenessConfig: zoneAware ? { availabilityZoneCount: sizing.zones } : undefined,
          dedicatedMasterEnabled: sizing.dedicatedMaster !== undefined,
          dedicatedMasterType: sizing.dedicatedMaster?.instanceType,
          dedicatedMasterCount: sizing.dedicatedMaster?.count,
        },
        ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: sizing.volumeGiB },
        encryptAtRest: { enabled: true, kmsKeyId: args.kmsKeyArn },
        nodeToNodeEncryption: { enabled: true },
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: OPENSEARCH_TLS_POLICY },
        // "Fine-grained access control": an IAM master user (all requests SigV4-signed), no
        // internal user database (basic auth would need an access policy open to "*").
        advancedSecurityOptions: {
          enabled: true,
          internalUserDatabaseEnabled: false,
          masterUserOptions: { masterUserArn: accessRole.arn },
        },
        cognitoOptions: signIn?.cognitoOptions,
        logPublishingOptions: [
          { logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: logs.application.arn, enabled: true },
          { logType: "AUDIT_LOGS", cloudwatchLogGroupArn: logs.audit.arn, enabled: true },
        ],
        accessPolicies: pulumi.jsonStringify({ Version: "2012-10-17", Statement: accessStatements }),
        tags: args.tags,
      },
      // Log publishing is validated at create: the log groups' policies must exist first.
      { parent: this, dependsOn: logDelivery },
    );

    const plan = pulumi
      .all([pulumi.all(args.writerRoleArns), signIn === undefined ? [] : [signIn.authenticatedRole.arn]])
      .apply(([writerRoleArns, readerRoleArns]) =>
        searchAccessPlan({
          writerRoleArns,
          writeIndexPatterns: args.writeIndexPatterns,
          adminArns: args.adminArn === undefined ? [] : [args.adminArn],
          readerRoleArns,
          indexSettings: args.indexSettings ?? [],
        }),
      );
    this.access = new SearchAccess(
      `${name}-access`,
      {
        account: args.account,
        kmsKeyArn: args.kmsKeyArn,
        tags: args.tags,
        logRetentionDays: args.logRetentionDays,
        role: accessRole,
        domain: this.domain,
        domainArn,
        plan,
        settingsIndices: (args.indexSettings ?? []).map((s) => s.index),
      },
      parent,
    );

    this.arn = this.domain.arn;
    this.endpoint = this.domain.endpoint;
    this.dashboardsUrl = pulumi.interpolate`https://${this.domain.endpoint}/_dashboards`;
    if (signIn !== undefined) this.dashboardsUserPoolId = signIn.userPool.id;
    this.registerOutputs({ arn: this.arn, endpoint: this.endpoint, dashboardsUrl: this.dashboardsUrl });
  }
}
