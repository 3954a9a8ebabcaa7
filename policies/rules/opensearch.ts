import { asArray, isSet, read, reportWhen, statementsOf } from "../lib/known";
import { resourcePolicy, type Props } from "../lib/slipstream-policy";

const DOMAIN = "aws:opensearch/domain:Domain";

/** The TLS policy Opensearch.8 asks for: TLS 1.2 or later with perfect forward secrecy. */
export const OPENSEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

/** OpenSearch domains encrypt their data at rest with a customer-managed key. */
export const opensearchEncryptedAtRest = resourcePolicy({
  name: "opensearch-encrypted-at-rest",
  description: "OpenSearch domains must encrypt data at rest with a customer-managed KMS key.",
  controls: { securityHub: ["Opensearch.1"], checkov: ["CKV_AWS_5", "CKV_AWS_247"] },
  remediation: "Set `encryptAtRest: { enabled: true, kmsKeyId: <key ARN> }`.",
  type: DOMAIN,
  validate: (props, args, report) => {
    reportWhen(
      () => props.encryptAtRest?.enabled !== true,
      () => report(`Domain ${args.name} does not encrypt data at rest.`),
    );
    reportWhen(
      () => props.encryptAtRest?.enabled === true && !isSet(props.encryptAtRest.kmsKeyId),
      () => report(`Domain ${args.name} encrypts at rest with the AWS-managed key: set encryptAtRest.kmsKeyId.`),
    );
  },
});

/** OpenSearch domains encrypt between nodes and accept HTTPS only, with TLS 1.2+ and PFS. */
export const opensearchEncryptedInTransit = resourcePolicy({
  name: "opensearch-encrypted-in-transit",
  description: `OpenSearch domains must encrypt node-to-node traffic and enforce HTTPS with ${OPENSEARCH_TLS_POLICY}.`,
  controls: { securityHub: ["Opensearch.3", "Opensearch.8"], checkov: ["CKV_AWS_6", "CKV_AWS_83", "CKV_AWS_228"] },
  remediation: `Set \`nodeToNodeEncryption: { enabled: true }\` and \`domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "${OPENSEARCH_TLS_POLICY}" }\`.`,
  type: DOMAIN,
  validate: (props, args, report) => {
    reportWhen(
      () => props.nodeToNodeEncryption?.enabled !== true,
      () => report(`Domain ${args.name} does not encrypt node-to-node traffic.`),
    );
    reportWhen(
      () => props.domainEndpointOptions?.enforceHttps !== true,
      () => report(`Domain ${args.name} accepts plain HTTP: set domainEndpointOptions.enforceHttps.`),
    );
    reportWhen(
      () => props.domainEndpointOptions?.tlsSecurityPolicy !== OPENSEARCH_TLS_POLICY,
      () => report(`Domain ${args.name} uses TLS policy ${JSON.stringify(props.domainEndpointOptions?.tlsSecurityPolicy ?? "the default")}; use ${OPENSEARCH_TLS_POLICY}.`),
    );
  },
});

/** OpenSearch domains use fine-grained access control. */
export const opensearchFineGrainedAccessControl = resourcePolicy({
  name: "opensearch-fine-grained-access-control",
  description: "OpenSearch domains must enable fine-grained access control.",
  controls: { securityHub: ["Opensearch.7"], checkov: ["CKV2_AWS_52"] },
  remediation: "Set `advancedSecurityOptions: { enabled: true, masterUserOptions: { masterUserArn: <IAM role> } }`.",
  type: DOMAIN,
  validate: (props, args, report) => {
    reportWhen(
      () => props.advancedSecurityOptions?.enabled !== true,
      () => report(`Domain ${args.name} does not enable fine-grained access control (advancedSecurityOptions).`),
    );
  },
});

/** OpenSearch domains publish their error logs to CloudWatch Logs. */
export const opensearchErrorLogging = resourcePolicy({
  name: "opensearch-error-logging",
  description: "OpenSearch domains must publish error logs (ES_APPLICATION_LOGS) to CloudWatch Logs.",
  controls: { securityHub: ["Opensearch.4"], checkov: ["CKV_AWS_84"] },
  remediation: 'Add `{ logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: <log group ARN>, enabled: true }` to `logPublishingOptions`.',
  type: DOMAIN,
  validate: (props, args, report) => {
    reportWhen(
      () => !asArray<Props>(props.logPublishingOptions).some((o) => o.logType === "ES_APPLICATION_LOGS" && o.enabled !== false),
      () => report(`Domain ${args.name} does not publish ES_APPLICATION_LOGS to CloudWatch Logs.`),
    );
  },
});

function allowsAnyone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (principal && typeof principal === "object") return asArray((principal as { AWS?: unknown }).AWS).includes("*");
  return false;
}

/** OpenSearch domains sit in a VPC or behind an access policy that names its principals. */
export const opensearchRestrictedAccess = resourcePolicy({
  name: "opensearch-restricted-access",
  description: "OpenSearch domains must run in a VPC or have an access policy that allows named principals only.",
  controls: { securityHub: ["Opensearch.2"], checkov: ["CKV_AWS_137"] },
  remediation: "Set `vpcOptions.subnetIds`, or an `accessPolicies` document whose Allow statements name exact IAM principals (no `*`).",
  type: DOMAIN,
  validate: (props, args, report) => {
    const inVpc = read(() => asArray(props.vpcOptions?.subnetIds).length > 0);
    if (inVpc !== false) return;
    const policy = read(() => props.accessPolicies);
    if (typeof policy === "symbol") return;
    if (!isSet(policy)) {
      report(`Domain ${args.name} is outside a VPC and has no access policy.`);
      return;
    }
    let statements;
    try {
      statements = read(() => statementsOf(policy));
    } catch {
      report(`Domain ${args.name} has an access policy that is not valid JSON.`);
      return;
    }
    if (typeof statements === "symbol") return;
    reportWhen(
      () => statements.some((s) => s.Effect === "Allow" && allowsAnyone(s.Principal) && s.Condition === undefined),
      () => report(`Domain ${args.name} is outside a VPC and its access policy allows any principal ("*") without a condition.`),
    );
  },
});
