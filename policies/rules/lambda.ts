import { isSet, read, reportWhen } from "../lib/known";
import { resourcePolicy } from "../lib/slipstream-policy";

const FUNCTION = "aws:lambda/function:Function";

/** Lambda functions with environment variables encrypt them with a customer-managed key. */
export const lambdaEnvironmentEncrypted = resourcePolicy({
  name: "lambda-environment-encrypted",
  description: "Lambda functions with environment variables must encrypt them with a customer-managed KMS key.",
  controls: { securityHub: [], checkov: ["CKV_AWS_173"] },
  remediation: "Set `kmsKeyArn` to the deployment's key.",
  type: FUNCTION,
  validate: (props, args, report) => {
    reportWhen(
      () => Object.keys(props.environment?.variables ?? {}).length > 0 && !isSet(props.kmsKeyArn),
      () => report(`Function ${args.name} has environment variables but no kmsKeyArn.`),
    );
  },
});

/** Lambda functions trace with X-Ray. */
export const lambdaTracingActive = resourcePolicy({
  name: "lambda-tracing-active",
  description: "Lambda functions must enable active X-Ray tracing.",
  controls: { securityHub: ["Lambda.7"], checkov: ["CKV_AWS_50"] },
  remediation: 'Set `tracingConfig: { mode: "Active" }`.',
  type: FUNCTION,
  validate: (props, args, report) => {
    reportWhen(
      () => props.tracingConfig?.mode !== "Active",
      () => report(`Function ${args.name} has tracingConfig.mode ${JSON.stringify(props.tracingConfig?.mode ?? "PassThrough")}; it must be "Active".`),
    );
  },
});

// Names that announce a credential; values under them must be references (ARNs, names), not the secret.
const SECRET_NAME = /(secret|passw(or)?d|pwd|token|api[_-]?key|private[_-]?key|access[_-]?key|credential)/i;
const REFERENCE_NAME = /(_ARN|_NAME|_ID|_URL|_ENDPOINT|_PATH|_PARAMETER|_REGION)$/i;
const REFERENCE_VALUE = /^(arn:|https?:\/\/|\/)/;
// Values that are credentials whatever their name.
const SECRET_VALUES: [RegExp, string][] = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, "a GitHub token"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/, "a Slack token"],
  [/\bsk_live_[A-Za-z0-9]{16,}\b/, "a Stripe key"],
];

/** Why an environment variable looks like it holds a secret, or undefined. */
export function secretLooking(name: string, value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  for (const [pattern, what] of SECRET_VALUES) if (pattern.test(value)) return `its value looks like ${what}`;
  if (SECRET_NAME.test(name) && !REFERENCE_NAME.test(name) && value !== "" && !REFERENCE_VALUE.test(value)) {
    return "its name announces a credential and its value is not a reference (an ARN, URL or parameter path)";
  }
  return undefined;
}

/** Lambda environments hold references to secrets (Secrets Manager, SSM), never the secrets. */
export const lambdaNoSecretsInEnvironment = resourcePolicy({
  name: "lambda-no-secrets-in-environment",
  description: "Lambda environment variables must not hold secrets.",
  controls: { securityHub: [], checkov: ["CKV_AWS_45"] },
  remediation: "Keep the secret in Secrets Manager or SSM Parameter Store, pass its ARN or name, and read it at run time.",
  type: FUNCTION,
  validate: (props, args, report) => {
    const names = read(() => Object.keys(props.environment?.variables ?? {}));
    if (typeof names === "symbol") return;
    for (const name of names) {
      // An unknown value is a reference to another resource's output, not a literal secret.
      const reason = read(() => secretLooking(name, props.environment.variables[name]));
      if (typeof reason === "string") report(`Function ${args.name}: environment variable ${name} looks like a secret (${reason}).`);
    }
  },
});
