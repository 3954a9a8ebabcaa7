import { isSet, reportWhen } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

/** SQS queues encrypt messages at rest, with KMS or SQS-managed keys. */
export const sqsQueueEncrypted = resourcePolicy({
  name: "sqs-queue-encrypted",
  description: "SQS queues must encrypt messages at rest (a KMS key, or SQS-managed SSE).",
  controls: { securityHub: ["SQS.1"], checkov: ["CKV_AWS_27", "CKV2_AWS_73"] },
  remediation: "Set `kmsMasterKeyId` to the deployment's key (S3 notifications and alarms need a CMK), or `sqsManagedSseEnabled: true`.",
  type: "aws:sqs/queue:Queue",
  validate: (props, args, report) => {
    reportWhen(
      () => !isSet(props.kmsMasterKeyId) && props.sqsManagedSseEnabled !== true,
      () => report(`Queue ${args.name} stores messages unencrypted: set kmsMasterKeyId or sqsManagedSseEnabled.`),
    );
  },
});
