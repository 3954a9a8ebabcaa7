import { KEY_ARN, TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const FUNCTION = "aws:lambda/function:Function";
const COMPLIANT_FUNCTION = {
  runtime: "nodejs22.x",
  handler: "index.handler",
  architectures: ["arm64"],
  memorySize: 512,
  timeout: 120,
  ephemeralStorage: { size: 512 },
  description: "Forwards logs",
  environment: { variables: { DELIVERY_STREAM_NAMES: "a,b", LOG_FORMAT: "cloudfront" } },
  kmsKeyArn: KEY_ARN,
  loggingConfig: { logFormat: "JSON", applicationLogLevel: "INFO", logGroup: "forwarder-logs" },
  tracingConfig: { mode: "Active" },
  layers: ["arn:aws:lambda:us-east-1:000000000000:layer:a:1"],
  reservedConcurrentExecutions: -1,
  vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-a"] },
  tags: TAGS,
};

export const lambdaCases: ResourceRuleCase[] = [
  {
    rule: "lambda-function-limits",
    type: FUNCTION,
    compliant: COMPLIANT_FUNCTION,
    violations: [
      ["memorySize", 64, "memorySize", "64 MB is outside AWS's range of 128 to 10240 MB"],
      ["memorySize", 10_241, "memorySize", "outside AWS's range of 128 to 10240"],
      ["memorySize", 256.5, "memorySize", "not a whole number"],
      ["timeout", 901, "timeout", "901 s is outside AWS's range of 1 to 900 s"],
      ["timeout", 0, "timeout", "outside AWS's range of 1 to 900"],
      ["ephemeralStorage.size", 256, "ephemeralStorage.size", "outside AWS's range of 512 to 10240"],
      ["layers", ["a", "b", "c", "d", "e", "f"], "layers", "6 layers; AWS allows at most 5"],
      ["environment.variables.BIG", "x".repeat(4096), "environment.variables", "Lambda allows 4 KB (4096 bytes)"],
    ],
    alsoCompliant: [
      ["memorySize", 10_240],
      ["timeout", 900],
    ],
  },
  {
    rule: "lambda-function-configuration",
    type: FUNCTION,
    name: "forwarder",
    compliant: COMPLIANT_FUNCTION,
    violations: [
      ["name", "a".repeat(65), "name", "has 65 characters; AWS takes 1 to 64"],
      ["name", "orders.forwarder", "name", "letters, digits, hyphens and underscores only"],
      ["description", "d".repeat(257), "description", "AWS takes 0 to 256"],
      ["architectures", ["arm64", "x86_64"], "architectures", "2 architectures; AWS allows at most 1"],
      ["architectures", ["arm"], "architectures", '"arm" is not a value AWS accepts'],
      ["tracingConfig.mode", "On", "tracingConfig.mode", "use one of Active, PassThrough"],
      ["loggingConfig.logFormat", "Text", "loggingConfig.applicationLogLevel", "log levels apply only to the JSON log format"],
      ["environment.variables.AWS_REGION", "eu-west-1", "environment.variables", "AWS_REGION is reserved"],
      ["environment.variables.9LIVES", "x", "environment.variables", '"9LIVES" is not a valid variable name'],
      ["reservedConcurrentExecutions", -2, "reservedConcurrentExecutions", "use -1 (unreserved), 0 (throttled)"],
      ["vpcConfig.securityGroupIds", [], "vpcConfig.securityGroupIds", "needs at least one security group"],
      ["vpcConfig.subnetIds", Array.from({ length: 17 }, (_, i) => `subnet-${i}`), "vpcConfig.subnetIds", "17 subnets; AWS allows at most 16"],
    ],
    unknown: ["name", "loggingConfig.logFormat", "environment.variables", "architectures"],
  },
  {
    // Autonamed: the resource name plus "-" and 7 characters must fit 64.
    rule: "lambda-function-configuration",
    type: FUNCTION,
    name: "a".repeat(57),
    compliant: { ...COMPLIANT_FUNCTION, name: "forwarder" },
    violations: [["name", undefined, "name", '"-" and 7 random characters: 65 characters, over AWS\'s maximum of 64']],
    unknown: [],
  },
  {
    rule: "lambda-runtime-creatable",
    type: FUNCTION,
    compliant: COMPLIANT_FUNCTION,
    violations: [["runtime", "python2.7", "runtime", "python2.7 is deprecated and Lambda no longer creates functions with it"]],
  },
];
