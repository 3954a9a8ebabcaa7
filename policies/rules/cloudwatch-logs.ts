import { isSet, reportWhen } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/** CloudWatch log groups encrypt with a customer-managed key. */
export const logGroupEncrypted = resourcePolicy({
  name: "log-group-encrypted",
  description: "CloudWatch log groups must encrypt log data with a customer-managed KMS key.",
  controls: { securityHub: [], checkov: ["CKV_AWS_158"] },
  remediation: "Set `kmsKeyId` to the deployment's key (its key policy must let logs.<region>.amazonaws.com use it).",
  type: LOG_GROUP,
  validate: (props, args, report) => {
    reportWhen(
      () => !isSet(props.kmsKeyId),
      () => report(`Log group ${args.name} sets no kmsKeyId.`),
    );
  },
});

interface RetentionConfig {
  minimumDays?: number;
}

/** CloudWatch log groups keep their logs at least a year (or forever). */
export const logGroupRetention = resourcePolicy({
  name: "log-group-retention",
  description: "CloudWatch log groups must keep logs at least 365 days (0 or unset: never expire).",
  controls: { securityHub: ["CloudWatch.16"], checkov: ["CKV_AWS_338"] },
  remediation: "Set `retentionInDays` to 365 or more.",
  configSchema: { properties: { minimumDays: { type: "integer", minimum: 1, default: 365 } } },
  type: LOG_GROUP,
  validate: (props, args, report) => {
    const { minimumDays = 365 } = args.getConfig<RetentionConfig>();
    reportWhen(
      () => {
        const days = props.retentionInDays ?? 0;
        return days !== 0 && days < minimumDays;
      },
      () => report(`Log group ${args.name} keeps logs ${props.retentionInDays} days; keep them at least ${minimumDays}.`),
    );
  },
});
