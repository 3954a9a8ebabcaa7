import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";
import { bundleHandler, LAMBDA_RUNTIME } from "./bundle";
import { policyDocument, type PolicyStatement } from "./iam";
import { secureLogGroup } from "./log-group";
import { serviceRole } from "./service-role";

/**
 * Defaults of a function's size, read by the request schemas that expose them too, so a
 * default lives in one place (Lambda quotas: 128-10,240 MiB, 1-900 seconds).
 */
export const LAMBDA_FUNCTION_DEFAULTS = { memoryMiB: 256, timeoutSeconds: 60 } as const;

export interface SecureFunctionArgs {
  /** Absolute path of the TypeScript handler; its `handler` export is the entry point. */
  entry: string;
  description: string;
  account: AccountContext;
  kmsKeyArn: pulumi.Input<string>;
  tags: Record<string, string>;
  logRetentionDays: number;
  /** Exactly what the code does: exact actions on exact ARNs. Logging and tracing are added. */
  statements: PolicyStatement[];
  environment?: Record<string, pulumi.Input<string>>;
  /** Default 256 MiB. */
  memorySize?: number;
  /** Seconds. Default 60. */
  timeout?: number;
  reservedConcurrency?: number;
  /** A role made beforehand with `serviceRole` (when others must name it first); created here otherwise. */
  role?: aws.iam.Role;
  /** Runs the function in these private subnets (e.g. to reach an MSK cluster). */
  vpc?: { subnetIds: pulumi.Input<pulumi.Input<string>[]>; securityGroupIds: pulumi.Input<pulumi.Input<string>[]> };
}

/**
 * A Lambda function with its own role, log group and code bundled from TypeScript:
 * a supported Node.js runtime, X-Ray active tracing, environment encrypted with the
 * deployment key, JSON logs into a KMS-encrypted log group it owns, and a role that holds
 * nothing but the caller's statements plus what logging and tracing need.
 */
export class SecureFunction extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly rolePolicy: aws.iam.RolePolicy;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;
  readonly timeout: number;

  constructor(name: string, args: SecureFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipstream:building-blocks:SecureFunction", name, {}, opts);
    const parent = { parent: this };
    this.timeout = args.timeout ?? LAMBDA_FUNCTION_DEFAULTS.timeoutSeconds;
    if (this.timeout < 1 || this.timeout > 900) throw new Error(`SecureFunction ${name}: \`timeout\` must be 1-900 seconds`);

    this.logGroup = secureLogGroup(`${name}-logs`, { kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays, tags: args.tags }, parent);
    this.role =
      args.role ?? serviceRole(`${name}-role`, { service: "lambda.amazonaws.com", description: `Execution role of ${name}`, account: args.account, tags: args.tags }, parent);

    const statements: PolicyStatement[] = [
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [pulumi.interpolate`${this.logGroup.arn}:*`] },
      // X-Ray has no resource-level permissions: these two actions only ever apply to "*".
      { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] },
      ...args.statements,
    ];
    if (args.vpc) {
      // Lambda manages its network interfaces itself; EC2 offers no narrower resource here.
      statements.push({
        Sid: "ManageVpcInterfaces",
        Effect: "Allow",
        Action: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
        Resource: ["*"],
      });
    }
    this.rolePolicy = new aws.iam.RolePolicy(`${name}-policy`, { role: this.role.id, policy: policyDocument(statements) }, parent);

    this.function = new aws.lambda.Function(
      name,
      {
        description: args.description,
        runtime: LAMBDA_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        code: bundleHandler(args.entry),
        role: this.role.arn,
        memorySize: args.memorySize ?? LAMBDA_FUNCTION_DEFAULTS.memoryMiB,
        timeout: this.timeout,
        reservedConcurrentExecutions: args.reservedConcurrency,
        kmsKeyArn: args.kmsKeyArn,
        tracingConfig: { mode: "Active" },
        loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
        environment: args.environment ? { variables: args.environment } : undefined,
        vpcConfig: args.vpc,
        tags: args.tags,
      },
      // The role's permissions must exist before the function first runs.
      { parent: this, dependsOn: [this.rolePolicy] },
    );
    this.arn = this.function.arn;
    this.name = this.function.name;
    this.registerOutputs({ arn: this.arn, name: this.name, roleArn: this.role.arn });
  }
}
