import { documentAtMost, integerBetween, lengthBetween, matches, oneOf } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { stringAt } from "../lib/property-values";

/**
 * CreateKey's rules: a key policy of at most 32 KB, a description of at most 8,192 characters,
 * a deletion window of 7–30 days, a rotation period of 90–2,560 days, and its enums.
 */
export const kmsKeyLimits = resourceRule({
  name: "kms-key-limits",
  description: "KMS keys must fit CreateKey: a key policy of at most 32 KB, a deletion window of 7-30 days, a rotation period of 90-2560 days.",
  document: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html",
  remediation: "Keep the key policy under 32 KB (merge statements, drop repeated conditions), deletionWindowInDays within 7-30 and rotationPeriodInDays within 90-2560.",
  types: ["aws:kms/key:Key"],
  checks: [
    documentAtMost("policy", 32_768, "key policy"),
    lengthBetween("description", 0, 8192),
    integerBetween("deletionWindowInDays", 7, 30, "days"),
    integerBetween("rotationPeriodInDays", 90, 2560, "days"),
    oneOf("keyUsage", ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"]),
  ],
});

/** A standalone key policy resource has CreateKey's size limit too. */
export const kmsKeyPolicySize = resourceRule({
  name: "kms-key-policy-size",
  description: "KMS key policies must be at most 32 KB.",
  document: "https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html",
  remediation: "Keep the key policy under 32 KB.",
  types: ["aws:kms/keyPolicy:KeyPolicy"],
  checks: [documentAtMost("policy", 32_768, "key policy")],
});

/** CreateAlias's rules: `alias/` then letters, digits, `/ _ -`, at most 256 characters, never `alias/aws/`. */
export const kmsAliasName = resourceRule({
  name: "kms-alias-name",
  description: "KMS alias names must start with alias/, use letters, digits, / _ -, have at most 256 characters and not start with alias/aws/.",
  document: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
  remediation: "Name the alias alias/<letters, digits, / _ -> outside the reserved alias/aws/ prefix.",
  types: ["aws:kms/alias:Alias"],
  checks: [
    physicalName({ path: "name", min: 7, max: 256, pattern: /^alias\/[a-zA-Z0-9/_-]+$/, rule: "alias/ followed by letters, digits, / _ and -", autonamed: false, prefixPath: "namePrefix" }),
    matches("namePrefix", /^alias\//, "alias/ first"),
    (resource, report) => {
      const name = stringAt(resource.props, "name");
      if (typeof name === "string" && name.toLowerCase().startsWith("alias/aws/")) report("name", `${JSON.stringify(name)} uses alias/aws/, which AWS reserves for AWS managed keys.`);
    },
  ],
});
