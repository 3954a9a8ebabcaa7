import type { AwsService, DeploymentNeeds } from "./aws-services";

/**
 * The Regions Slipstream offers and what each can host: usable Availability Zones and the
 * services (of `AWS_SERVICES`) that are there. One table, read by all four request schemas
 * through `requestSchema` (request.ts), so a request is refused naming `region` rather than
 * failing half-way through `pulumi up`. A Region missing here has not been checked, and is
 * refused for that reason; add a row only with its sources.
 *
 * Sources (read 2026):
 * - Zones: "AWS Availability Zones" (Global Infrastructure guide) says every Region has at least
 *   three, but only two of us-west-1's are open to new accounts (usw1-az1, usw1-az3: the EFS
 *   user guide's "Supported Availability Zones for One Zone file systems" table, and
 *   `aws ec2 describe-availability-zones`). The OpenSearch guide, "Configuring a multi-AZ domain":
 *   "Not all AWS Regions have three Availability Zones. In these Regions, you can only
 *   configure a domain to use two zones".
 * - MSK Serverless: MSK developer guide, "What is MSK Serverless?" (its Region note: us-east-1,
 *   us-east-2, us-west-2, ca-central-1, ap-south-1, ap-southeast-1, ap-southeast-2,
 *   ap-northeast-1, ap-northeast-2, eu-central-1, eu-north-1, eu-west-1, eu-west-2, eu-west-3).
 * - Redshift Serverless, MSK, Managed Service for Apache Flink, Glue, Cognito user pools and
 *   OpenSearch Service: the AWS General Reference's endpoint tables ("Amazon Redshift endpoints
 *   and quotas" lists the Redshift Serverless API per Region; likewise each service's page).
 * - QuickSight: "Supported AWS Regions for Amazon QuickSight" (QuickSight user guide); it has no
 *   us-west-1 endpoint.
 * - Lambda: Slipstream's functions run nodejs24.x, which the CDK's `NODEJS_LATEST` documents as
 *   "available in ALL regions", so it needs no column.
 */
export interface RegionCapabilities {
  /** Availability Zones a new account can place subnets and OpenSearch nodes in. */
  readonly zones: 2 | 3;
  readonly services: ReadonlySet<AwsService>;
}

// Every Region below has the core services: OpenSearch, Cognito, Redshift Serverless, MSK,
// Managed Flink and Glue. They differ in zones, MSK Serverless and QuickSight only.
const CORE: readonly AwsService[] = ["opensearch", "cognito", "redshift-serverless", "msk", "managed-flink", "glue"];

function region(zones: 2 | 3, extra: readonly AwsService[]): RegionCapabilities {
  return { zones, services: new Set([...CORE, ...extra]) };
}

export const REGION_CAPABILITIES: Readonly<Record<string, RegionCapabilities>> = {
  "us-east-1": region(3, ["msk-serverless", "quicksight"]),
  "us-east-2": region(3, ["msk-serverless", "quicksight"]),
  "us-west-1": region(2, []),
  "us-west-2": region(3, ["msk-serverless", "quicksight"]),
  "ca-central-1": region(3, ["msk-serverless", "quicksight"]),
  "eu-west-1": region(3, ["msk-serverless", "quicksight"]),
  "eu-west-2": region(3, ["msk-serverless", "quicksight"]),
  "eu-west-3": region(3, ["msk-serverless", "quicksight"]),
  "eu-central-1": region(3, ["msk-serverless", "quicksight"]),
  "eu-north-1": region(3, ["msk-serverless", "quicksight"]),
  "ap-south-1": region(3, ["msk-serverless", "quicksight"]),
  "ap-southeast-1": region(3, ["msk-serverless", "quicksight"]),
  "ap-southeast-2": region(3, ["msk-serverless", "quicksight"]),
  "ap-northeast-1": region(3, ["msk-serverless", "quicksight"]),
  "ap-northeast-2": region(3, ["msk-serverless", "quicksight"]),
  "sa-east-1": region(3, ["quicksight"]),
};

/** The Regions Slipstream offers, in the table's order. */
export const SUPPORTED_REGIONS: readonly string[] = Object.keys(REGION_CAPABILITIES);

const SERVICE_NAMES: Record<AwsService, string> = {
  opensearch: "OpenSearch Service",
  cognito: "Amazon Cognito",
  "redshift-serverless": "Redshift Serverless",
  msk: "Amazon MSK",
  "msk-serverless": "MSK Serverless",
  "managed-flink": "Managed Service for Apache Flink",
  glue: "AWS Glue",
  quicksight: "Amazon QuickSight",
};

/**
 * Why `region` cannot host a deployment with these needs, one message per reason; empty when
 * it can. The messages name the Regions that could, so the caller can choose.
 */
export function regionProblems(region: string, needs: DeploymentNeeds): string[] {
  const capabilities = REGION_CAPABILITIES[region];
  if (capabilities === undefined) {
    return [`${region} is not a Region Slipstream offers (its services and zones are unchecked); choose one of ${SUPPORTED_REGIONS.join(", ")}`];
  }
  const problems: string[] = [];
  for (const service of needs.services) {
    if (!capabilities.services.has(service)) {
      problems.push(`${SERVICE_NAMES[service]} is not available in ${region}; it is in ${regionsWith((c) => c.services.has(service)).join(", ")}`);
    }
  }
  if (needs.zones > capabilities.zones) {
    problems.push(
      `this deployment spreads over ${needs.zones} Availability Zones and ${region} offers new accounts ${capabilities.zones}; choose a Region with ${needs.zones} (${regionsWith((c) => c.zones >= needs.zones).join(", ")})`,
    );
  }
  return problems;
}

function regionsWith(test: (capabilities: RegionCapabilities) => boolean): string[] {
  return SUPPORTED_REGIONS.filter((name) => test(REGION_CAPABILITIES[name]!));
}
