import { isSet, reportWhen } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

const TABLE = "aws:dynamodb/table:Table";

/** DynamoDB tables encrypt with a customer-managed key rather than the AWS-owned default. */
export const dynamodbTableEncrypted = resourcePolicy({
  name: "dynamodb-table-encrypted",
  description: "DynamoDB tables must encrypt at rest with a customer-managed KMS key.",
  controls: { securityHub: [], checkov: ["CKV_AWS_119"] },
  remediation: "Set `serverSideEncryption: { enabled: true, kmsKeyArn: <key ARN> }`.",
  type: TABLE,
  validate: (props, args, report) => {
    reportWhen(
      () => props.serverSideEncryption?.enabled !== true,
      () => report(`Table ${args.name} uses the AWS-owned key: enable serverSideEncryption with a customer-managed key.`),
    );
    reportWhen(
      () => props.serverSideEncryption?.enabled === true && !isSet(props.serverSideEncryption.kmsKeyArn),
      () => report(`Table ${args.name} enables serverSideEncryption without kmsKeyArn, which uses the AWS-managed key.`),
    );
  },
});

/** DynamoDB tables can be restored to any second of the last 35 days. */
export const dynamodbPointInTimeRecovery = resourcePolicy({
  name: "dynamodb-point-in-time-recovery",
  description: "DynamoDB tables must enable point-in-time recovery.",
  controls: { securityHub: ["DynamoDB.2"], checkov: ["CKV_AWS_28"] },
  remediation: "Set `pointInTimeRecovery: { enabled: true }`.",
  type: TABLE,
  validate: (props, args, report) => {
    reportWhen(
      () => props.pointInTimeRecovery?.enabled !== true,
      () => report(`Table ${args.name} does not enable point-in-time recovery.`),
    );
  },
});
