import { read, reportWhen } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

/** Symmetric KMS keys rotate their key material every year. */
export const kmsKeyRotation = resourcePolicy({
  name: "kms-key-rotation",
  description: "Customer-managed symmetric KMS keys must enable automatic key rotation.",
  controls: { securityHub: ["KMS.4"], checkov: ["CKV_AWS_7"] },
  remediation: "Set `enableKeyRotation: true`.",
  type: "aws:kms/key:Key",
  validate: (props, args, report) => {
    const spec = read(() => props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT");
    if (typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT") {
      args.notApplicable(`${spec} keys cannot rotate automatically; only symmetric encryption keys can`);
    }
    reportWhen(
      () => props.enableKeyRotation !== true,
      () => report(`Key ${args.name} does not enable automatic rotation.`),
    );
  },
});
