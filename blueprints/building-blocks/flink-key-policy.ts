import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "./iam";

// Managed Service for Apache Flink refuses a customer-managed key whose policy does not name
// its two service principals: kinesisanalytics.amazonaws.com (validation, durable application
// state: snapshots) and infrastructure.kinesisanalytics.amazonaws.com (running application
// state). Source: MSF developer guide, "Managing CMK using APIs" → "Create a KMS key policy"
// (docs.aws.amazon.com/managed-flink/latest/java/manage-cmk-api.html). The statements below
// follow that policy statement for statement, with the conditions AWS puts on each: the
// aws:SourceAccount/aws:SourceArn pair where the guide uses it, and the application's
// encryption context (kms:EncryptionContext:aws:kinesisanalytics:arn) everywhere — so the
// principals can use the key for exactly the deployment's applications.

export const FLINK_SERVICE_PRINCIPAL = "kinesisanalytics.amazonaws.com";
export const FLINK_INFRASTRUCTURE_PRINCIPAL = "infrastructure.kinesisanalytics.amazonaws.com";

/** The ARN of a Managed Flink application: known before the application exists, so the key that encrypts it can name it. */
export function flinkApplicationArn(account: { partition: pulumi.Input<string>; region: pulumi.Input<string>; accountId: pulumi.Input<string> }, applicationName: string): pulumi.Output<string> {
  return pulumi.interpolate`arn:${account.partition}:kinesisanalytics:${account.region}:${account.accountId}:application/${applicationName}`;
}

/** The key-policy statements that let Managed Flink encrypt the state of `applicationArns` with a key. */
export function flinkKeyStatements(accountId: pulumi.Input<string>, applicationArns: pulumi.Input<string>[]): PolicyStatement[] {
  if (applicationArns.length === 0) throw new Error("flinkKeyStatements: name at least one Managed Flink application ARN");
  const context = { "kms:EncryptionContext:aws:kinesisanalytics:arn": applicationArns as pulumi.Input<string[]> };
  const source = { "aws:SourceAccount": accountId, "aws:SourceArn": applicationArns as pulumi.Input<string[]> };
  return [
    {
      Sid: "ManagedFlinkDescribesKey",
      Effect: "Allow",
      Principal: { Service: [FLINK_SERVICE_PRINCIPAL, FLINK_INFRASTRUCTURE_PRINCIPAL] },
      Action: ["kms:DescribeKey"],
      Resource: ["*"],
      Condition: { StringEquals: source },
    },
    {
      Sid: "ManagedFlinkEncryptsDurableState",
      Effect: "Allow",
      Principal: { Service: FLINK_SERVICE_PRINCIPAL },
      Action: ["kms:GenerateDataKey"],
      Resource: ["*"],
      Condition: { StringEquals: { ...source, ...context } },
    },
    {
      Sid: "ManagedFlinkDecryptsDurableState",
      Effect: "Allow",
      Principal: { Service: FLINK_SERVICE_PRINCIPAL },
      Action: ["kms:Decrypt"],
      Resource: ["*"],
      Condition: { StringEquals: context },
    },
    {
      Sid: "ManagedFlinkUsesKeyForRunningState",
      Effect: "Allow",
      Principal: { Service: FLINK_INFRASTRUCTURE_PRINCIPAL },
      Action: ["kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext"],
      Resource: ["*"],
      Condition: { StringEquals: context },
    },
    {
      Sid: "ManagedFlinkGrantsForRunningState",
      Effect: "Allow",
      Principal: { Service: FLINK_INFRASTRUCTURE_PRINCIPAL },
      Action: ["kms:CreateGrant"],
      Resource: ["*"],
      Condition: {
        StringEquals: { ...context, "kms:GrantConstraintType": "EncryptionContextSubset" },
        "ForAllValues:StringEquals": { "kms:GrantOperations": "Decrypt" },
      },
    },
  ];
}

/** What a brought key's policy must allow Managed Flink, in the words `keyPolicyRequirements` uses. */
export const FLINK_KEY_REQUIREMENT =
  `Managed Service for Apache Flink (${FLINK_SERVICE_PRINCIPAL} and ${FLINK_INFRASTRUCTURE_PRINCIPAL}): kms:DescribeKey, kms:GenerateDataKey, kms:Decrypt, ` +
  "kms:GenerateDataKeyWithoutPlaintext and kms:CreateGrant (grant operation Decrypt) for the deployment's Flink applications " +
  "(aws:SourceAccount, aws:SourceArn and kms:EncryptionContext:aws:kinesisanalytics:arn naming them), as the MSF guide's \"Managing CMK using APIs\" shows";
