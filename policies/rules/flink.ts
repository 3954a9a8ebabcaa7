import { isSet, reportWhen } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

interface FlinkConfig {
  requireCustomerManagedKey?: boolean;
}

/** Managed Flink applications encrypt their state with a customer-managed key. */
export const flinkApplicationEncrypted = resourcePolicy({
  name: "flink-application-encrypted",
  description: "Managed Service for Apache Flink applications must encrypt application state with a customer-managed KMS key.",
  controls: { securityHub: [], checkov: [] },
  remediation: 'Set `applicationConfiguration.applicationEncryptionConfiguration: { keyType: "CUSTOMER_MANAGED_KEY", keyId: <key ARN> }`.',
  configSchema: {
    properties: { requireCustomerManagedKey: { type: "boolean", default: true, description: "false accepts the AWS-owned key" } },
  },
  type: "aws:kinesisanalyticsv2/application:Application",
  validate: (props, args, report) => {
    const { requireCustomerManagedKey = true } = args.getConfig<FlinkConfig>();
    if (!requireCustomerManagedKey) args.notApplicable("customer-managed keys are not required (requireCustomerManagedKey is false)");
    reportWhen(
      () => props.applicationConfiguration?.applicationEncryptionConfiguration?.keyType !== "CUSTOMER_MANAGED_KEY",
      () => report(`Application ${args.name} encrypts its state with an AWS-owned key; set applicationEncryptionConfiguration.keyType "CUSTOMER_MANAGED_KEY".`),
    );
    reportWhen(
      () => props.applicationConfiguration?.applicationEncryptionConfiguration?.keyType === "CUSTOMER_MANAGED_KEY" && !isSet(props.applicationConfiguration.applicationEncryptionConfiguration.keyId),
      () => report(`Application ${args.name} names no keyId for its customer-managed key.`),
    );
  },
});
