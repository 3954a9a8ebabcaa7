import { isSet, reportWhen } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

// The AWS-managed key for Kinesis: encrypts, but fails "CMK when required".
const AWS_MANAGED_KINESIS_KEY = "alias/aws/kinesis";

/** Kinesis data streams are encrypted with KMS, by default with a customer-managed key. */
export const kinesisStreamEncrypted = resourcePolicy({
  name: "kinesis-stream-encrypted",
  description: "Kinesis data streams must be encrypted at rest with a KMS key.",
  controls: { securityHub: ["Kinesis.1"], checkov: ["CKV_AWS_43", "CKV_AWS_185"] },
  remediation: 'Set `encryptionType: "KMS"` and `kmsKeyId` to the deployment\'s customer-managed key.',
  configSchema: {
    properties: { requireCustomerManagedKey: { type: "boolean", default: true, description: "Refuse the AWS-managed key alias/aws/kinesis" } },
  },
  type: "aws:kinesis/stream:Stream",
  validate: (props, args, report) => {
    reportWhen(
      () => props.encryptionType !== "KMS",
      () => report(`Stream ${args.name} has encryptionType ${JSON.stringify(props.encryptionType ?? "NONE")}; it must be "KMS".`),
    );
    reportWhen(
      () => props.encryptionType === "KMS" && !isSet(props.kmsKeyId),
      () => report(`Stream ${args.name} uses KMS without a key: set kmsKeyId.`),
    );
    const { requireCustomerManagedKey = true } = args.getConfig<{ requireCustomerManagedKey?: boolean }>();
    reportWhen(
      () => requireCustomerManagedKey && props.kmsKeyId === AWS_MANAGED_KINESIS_KEY,
      () => report(`Stream ${args.name} uses the AWS-managed key ${AWS_MANAGED_KINESIS_KEY}; use a customer-managed key.`),
    );
  },
});
