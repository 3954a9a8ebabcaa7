import { atMostItems, eachOneOf, integerBetween, lengthBetween, oneOf, utf8Length } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { entriesAt, listAt, numberAt, stringAt } from "../lib/property-values";

const FUNCTION = "aws:lambda/function:Function";

/**
 * Lambda's fixed function quotas: 128–10,240 MB of memory, at most 900 s per invocation,
 * 512–10,240 MB of /tmp, 4 KB of environment variables and 5 layers. None can be raised.
 */
export const lambdaFunctionLimits = resourceRule({
  name: "lambda-function-limits",
  description: "Lambda functions must fit Lambda's fixed quotas: memory 128-10240 MB, timeout up to 900 s, ephemeral storage 512-10240 MB, environment variables up to 4 KB, at most 5 layers.",
  document: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
  remediation: "Keep memorySize within 128-10240, timeout within 1-900, ephemeralStorage.size within 512-10240, the environment under 4 KB (move large values to SSM or Secrets Manager) and at most 5 layers.",
  types: [FUNCTION],
  checks: [
    integerBetween("memorySize", 128, 10_240, "MB"),
    integerBetween("timeout", 1, 900, "s"),
    integerBetween("ephemeralStorage.size", 512, 10_240, "MB"),
    atMostItems("layers", 5, "layers"),
    (resource, report) => {
      const variables = entriesAt(resource.props, "environment.variables");
      if (!Array.isArray(variables) || variables.some(([, value]) => typeof value === "symbol")) return;
      // Keys and values alone, a lower bound of what Lambda measures: a violation here is certain.
      const size = variables.reduce((total, [key, value]) => total + utf8Length(key) + utf8Length(String(value ?? "")), 0);
      if (size > 4096) report("environment.variables", `${size} bytes of keys and values; Lambda allows 4 KB (4096 bytes) of environment variables in total.`);
    },
  ],
});

// Set by the Lambda runtime itself; CreateFunction refuses them (configuration-envvars.html, "Reserved environment variables").
const RESERVED_VARIABLES = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
];
const VARIABLE_NAME = /^[a-zA-Z]([a-zA-Z0-9_])+$/;

/**
 * CreateFunction's parameter rules: the function name (autonamed by Pulumi when unset),
 * description, handler, one architecture, environment variable names (a pattern, and the
 * names the runtime reserves), reserved concurrency, log levels (JSON log format only) and
 * VPC configuration sizes.
 */
export const lambdaFunctionConfiguration = resourceRule({
  name: "lambda-function-configuration",
  description: "Lambda function parameters must be ones CreateFunction accepts: name, description, handler, one architecture, environment variable names, reserved concurrency, log levels and VPC configuration.",
  document: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
  remediation: "Fix the named field: names up to 64 letters, digits, - and _; one architecture; variable names [a-zA-Z][a-zA-Z0-9_]+ and none the runtime reserves; log levels only with logFormat JSON.",
  types: [FUNCTION],
  checks: [
    physicalName({ path: "name", min: 1, max: 64, pattern: /^[a-zA-Z0-9_-]+$/, rule: "letters, digits, hyphens and underscores only", autonamed: true }),
    lengthBetween("description", 0, 256),
    lengthBetween("handler", 0, 128),
    eachOneOf("architectures", ["x86_64", "arm64"]),
    atMostItems("architectures", 1, "architectures"),
    oneOf("packageType", ["Zip", "Image"]),
    oneOf("tracingConfig.mode", ["Active", "PassThrough"]),
    oneOf("loggingConfig.logFormat", ["JSON", "Text"]),
    oneOf("loggingConfig.applicationLogLevel", ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]),
    oneOf("loggingConfig.systemLogLevel", ["DEBUG", "INFO", "WARN"]),
    (resource, report) => {
      const format = stringAt(resource.props, "loggingConfig.logFormat");
      if (typeof format === "symbol") return;
      for (const level of ["applicationLogLevel", "systemLogLevel"]) {
        const value = stringAt(resource.props, `loggingConfig.${level}`);
        if (typeof value === "string" && format !== "JSON") report(`loggingConfig.${level}`, `log levels apply only to the JSON log format; logFormat is ${JSON.stringify(format ?? "Text")}.`);
      }
    },
    (resource, report) => {
      const reserved = numberAt(resource.props, "reservedConcurrentExecutions");
      // -1 is the provider's "no reservation".
      if (typeof reserved === "number" && (reserved < -1 || !Number.isInteger(reserved))) report("reservedConcurrentExecutions", `${reserved} is not a concurrency; use -1 (unreserved), 0 (throttled) or a positive whole number.`);
    },
    (resource, report) => {
      const variables = entriesAt(resource.props, "environment.variables");
      if (!Array.isArray(variables)) return;
      for (const [key] of variables) {
        if (!VARIABLE_NAME.test(key)) report("environment.variables", `${JSON.stringify(key)} is not a valid variable name; Lambda takes [a-zA-Z][a-zA-Z0-9_]+.`);
        else if (RESERVED_VARIABLES.includes(key)) report("environment.variables", `${key} is reserved: the Lambda runtime sets it, and CreateFunction refuses it.`);
      }
    },
    atMostItems("vpcConfig.subnetIds", 16, "subnets"),
    atMostItems("vpcConfig.securityGroupIds", 5, "security groups"),
    (resource, report) => {
      const subnets = listAt(resource.props, "vpcConfig.subnetIds");
      const groups = listAt(resource.props, "vpcConfig.securityGroupIds");
      if (Array.isArray(subnets) && subnets.length > 0 && Array.isArray(groups) && groups.length === 0) report("vpcConfig.securityGroupIds", "a function in a VPC needs at least one security group.");
    },
  ],
});

// Runtimes whose "block function create" date passed long ago (lambda-runtimes.html, deprecated
// runtimes): CreateFunction refuses them. AWS has moved later block dates more than once, so
// only runtimes blocked before 2023 are listed; add one once its create block is in force.
const BLOCKED_RUNTIMES = [
  "nodejs",
  "nodejs4.3",
  "nodejs4.3-edge",
  "nodejs6.10",
  "nodejs8.10",
  "nodejs10.x",
  "python2.7",
  "python3.6",
  "ruby2.5",
  "dotnetcore1.0",
  "dotnetcore2.0",
  "dotnetcore2.1",
];

/** A function's runtime is one Lambda still lets you create functions with. */
export const lambdaRuntimeCreatable = resourceRule({
  name: "lambda-runtime-creatable",
  description: "Lambda functions must use a runtime whose function-create block has not started.",
  document: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
  remediation: "Move the function to a supported runtime (one the Lambda runtimes page lists as supported).",
  types: [FUNCTION],
  checks: [
    (resource, report) => {
      const runtime = stringAt(resource.props, "runtime");
      if (typeof runtime === "string" && BLOCKED_RUNTIMES.includes(runtime)) report("runtime", `${runtime} is deprecated and Lambda no longer creates functions with it.`);
    },
  ],
});
