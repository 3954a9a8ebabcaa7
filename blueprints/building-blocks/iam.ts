import * as pulumi from "@pulumi/pulumi";

/** An IAM policy statement whose parts may still be outputs. Actions are always exact. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource: pulumi.Input<pulumi.Input<string>[]>;
  Principal?: "*" | { Service?: pulumi.Input<string> | pulumi.Input<string>[]; AWS?: pulumi.Input<string> | pulumi.Input<string>[] };
  Condition?: pulumi.Input<Record<string, Record<string, pulumi.Input<string | string[] | boolean>>>>;
}

/** Serialises statements into a policy document once every output they hold is known. */
export function policyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
  for (const statement of statements) {
    if (statement.Action.some((action) => action === "*")) {
      // Least privilege is a product promise: exact actions only, `*` actions never.
      throw new Error(`policy statement ${statement.Sid ?? ""} uses the "*" action; name the exact actions`);
    }
  }
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy letting one AWS service assume a role, confined to this account. */
export function assumeRolePolicy(service: string, accountId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  });
}

/** Denies every request that does not arrive over TLS (S3.5, SQS and SNS TLS-only policies). */
export function denyInsecureTransport(actions: string[], resources: pulumi.Input<string>[]): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: actions,
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": false } },
  };
}

/** The statements a KMS-encrypted resource's reader or writer needs on the key. */
export function kmsUse(keyArn: pulumi.Input<string>, mode: "encrypt" | "decrypt" | "both"): PolicyStatement {
  const actions =
    mode === "encrypt" ? ["kms:GenerateDataKey", "kms:Encrypt"]
    : mode === "decrypt" ? ["kms:Decrypt"]
    : ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"];
  return { Sid: `Kms${mode[0]!.toUpperCase()}${mode.slice(1)}`, Effect: "Allow", Action: actions, Resource: [keyArn] };
}
