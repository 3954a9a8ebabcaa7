import { isSet, reportWhen } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

/** SNS topics encrypt messages at rest with KMS. */
export const snsTopicEncrypted = resourcePolicy({
  name: "sns-topic-encrypted",
  description: "SNS topics must encrypt messages at rest with a KMS key.",
  controls: { securityHub: ["SNS.1"], checkov: ["CKV_AWS_26"] },
  remediation: "Set `kmsMasterKeyId` to the deployment's key.",
  type: "aws:sns/topic:Topic",
  validate: (props, args, report) => {
    reportWhen(
      () => !isSet(props.kmsMasterKeyId),
      () => report(`Topic ${args.name} stores messages unencrypted: set kmsMasterKeyId.`),
    );
  },
});
