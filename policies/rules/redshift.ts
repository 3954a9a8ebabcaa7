import { isSet, reportWhen } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

/** Redshift Serverless namespaces encrypt with a customer-managed key. */
export const redshiftServerlessNamespaceEncrypted = resourcePolicy({
  name: "redshift-serverless-namespace-encrypted",
  description: "Redshift Serverless namespaces must encrypt with a customer-managed KMS key.",
  controls: { securityHub: [], checkov: ["CKV_AWS_282"] },
  remediation: "Set `kmsKeyId` to the deployment's key.",
  type: "aws:redshiftserverless/namespace:Namespace",
  validate: (props, args, report) => {
    reportWhen(
      () => !isSet(props.kmsKeyId),
      () => report(`Namespace ${args.name} sets no kmsKeyId; it would use an AWS-owned key.`),
    );
  },
});

const CLUSTER = "aws:redshift/cluster:Cluster";

/** Provisioned Redshift clusters encrypt with a customer-managed key. */
export const redshiftClusterEncrypted = resourcePolicy({
  name: "redshift-cluster-encrypted",
  description: "Redshift clusters must encrypt at rest with a customer-managed KMS key.",
  controls: { securityHub: ["Redshift.10"], checkov: ["CKV_AWS_64", "CKV_AWS_142"] },
  remediation: "Leave `encrypted` true and set `kmsKeyId` to the deployment's key.",
  type: CLUSTER,
  validate: (props, args, report) => {
    reportWhen(
      () => props.encrypted === false,
      () => report(`Cluster ${args.name} disables encryption at rest.`),
    );
    reportWhen(
      () => props.encrypted !== false && !isSet(props.kmsKeyId),
      () => report(`Cluster ${args.name} sets no kmsKeyId; it would use an AWS-managed key.`),
    );
  },
});

/** Provisioned Redshift clusters are not reachable from the internet. */
export const redshiftClusterNotPublic = resourcePolicy({
  name: "redshift-cluster-not-public",
  description: "Redshift clusters must not be publicly accessible.",
  controls: { securityHub: ["Redshift.1"], checkov: ["CKV_AWS_87"] },
  remediation: "Set `publiclyAccessible: false`.",
  type: CLUSTER,
  validate: (props, args, report) => {
    // The provider's default is false; only an explicit true fails.
    reportWhen(
      () => props.publiclyAccessible === true,
      () => report(`Cluster ${args.name} is publicly accessible.`),
    );
  },
});
