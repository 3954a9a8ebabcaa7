import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { alarm } from "./alarms";
import { secureLogGroup } from "./log-group";
import type { SizingProfile } from "./sizing";

export interface SearchDomainArgs {
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  logRetentionDays: number;
  /** Physical domain name: 3-28 lowercase characters (see `physicalName`). */
  domainName: string;
  /** Default OpenSearch_2.19. */
  engineVersion?: string;
  sizing: SizingProfile["opensearch"];
  /**
   * Roles allowed to call the domain's HTTP API. The access policy names exactly these, so a
   * domain outside a VPC is still closed to everyone else (Opensearch.2's alternative).
   */
  clientRoleArns: pulumi.Input<string>[];
  /**
   * IAM principal mapped to fine-grained access control's `all_access` role. Other client
   * roles need a role mapping inside OpenSearch unless they are the master user.
   */
  masterUserArn: pulumi.Input<string>;
}

/** What a request may override of the environment's domain sizing; the rest comes from the profile. */
export interface SearchSizingOverrides {
  instanceType?: string;
  instanceCount?: number;
  volumeGiB?: number;
}

/** The environment's sizing with the request's overrides merged over it (zones and masters stay the profile's). */
export function searchSizing(profile: SizingProfile["opensearch"], overrides: SearchSizingOverrides): SizingProfile["opensearch"] {
  return {
    ...profile,
    instanceType: overrides.instanceType ?? profile.instanceType,
    instanceCount: overrides.instanceCount ?? profile.instanceCount,
    volumeGiB: overrides.volumeGiB ?? profile.volumeGiB,
  };
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

/**
 * An OpenSearch Service domain with the catalogue's defaults: encryption at rest with the
 * deployment key, node-to-node encryption, HTTPS only with TLS 1.2+ and PFS, fine-grained
 * access control with an IAM master user, error and audit logs to CloudWatch, an access
 * policy naming exact roles, and zone awareness and dedicated masters sized by environment.
 */
export class SearchDomain extends pulumi.ComponentResource {
  readonly domain: aws.opensearch.Domain;
  readonly arn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly domainName: string;

  constructor(name: string, args: SearchDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:SearchDomain", name, {}, opts);
    const parent = { parent: this };
    const { accountId, region, partition } = args.account;
    if (!/^[a-z][a-z0-9-]{2,27}$/.test(args.domainName)) {
      throw new Error(`SearchDomain ${name}: \`domainName\` must be 3-28 lowercase letters, digits and hyphens, got "${args.domainName}"`);
    }
    this.domainName = args.domainName;
    const domainArn = pulumi.interpolate`arn:${partition}:es:${region}:${accountId}:domain/${args.domainName}`;

    const logs = {
      application: secureLogGroup(`${name}-error-logs`, { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags }, parent),
      audit: secureLogGroup(`${name}-audit-logs`, { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags }, parent),
    };
    const logPolicy = new aws.cloudwatch.LogResourcePolicy(
      `${name}-log-delivery`,
      {
        policyName: `slipstream-${args.domainName}-opensearch-logs`,
        policyDocument: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "es.amazonaws.com" },
              Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
              Resource: [pulumi.interpolate`${logs.application.arn}:*`, pulumi.interpolate`${logs.audit.arn}:*`],
              Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": domainArn } },
            },
          ],
        }),
      },
      parent,
    );

    const { sizing } = args;
    const zoneAware = sizing.zones > 1;
    this.domain = new aws.opensearch.Domain(
      name,
      {
        domainName: args.domainName,
        engineVersion: args.engineVersion ?? "OpenSearch_2.19",
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
        advancedSecurityOptions: {
          enabled: true,
          internalUserDatabaseEnabled: false,
          masterUserOptions: { masterUserArn: args.masterUserArn },
        },
        logPublishingOptions: [
          { logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: logs.application.arn, enabled: true },
          { logType: "AUDIT_LOGS", cloudwatchLogGroupArn: logs.audit.arn, enabled: true },
        ],
        accessPolicies: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: args.clientRoleArns },
              Action: ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"],
              Resource: [pulumi.interpolate`${domainArn}/*`],
            },
          ],
        }),
        tags: args.tags,
      },
      { parent: this, dependsOn: [logPolicy] },
    );
    this.arn = this.domain.arn;
    this.endpoint = this.domain.endpoint;
    this.registerOutputs({ arn: this.arn, endpoint: this.endpoint });
  }
}
