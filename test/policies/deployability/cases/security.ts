import { KEY_ARN, TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const KEY_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Account", Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "kms:*", Resource: "*" }] });
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
// A trust policy with `padding` extra characters in one condition value.
const trustOf = (padding: number) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "x".repeat(padding) } } }] });

export const securityCases: ResourceRuleCase[] = [
  {
    rule: "kms-key-limits",
    type: "aws:kms/key:Key",
    compliant: { description: "Deployment key", deletionWindowInDays: 30, enableKeyRotation: true, rotationPeriodInDays: 365, policy: KEY_POLICY, tags: TAGS },
    violations: [
      ["deletionWindowInDays", 6, "deletionWindowInDays", "outside AWS's range of 7 to 30 days"],
      ["deletionWindowInDays", 31, "deletionWindowInDays", "outside AWS's range of 7 to 30 days"],
      ["rotationPeriodInDays", 60, "rotationPeriodInDays", "outside AWS's range of 90 to 2560 days"],
      ["policy", JSON.stringify({ Statement: [{ Sid: "x".repeat(32_800) }] }), "policy", "AWS allows at most 32768"],
      ["keyUsage", "ENCRYPT", "keyUsage", '"ENCRYPT" is not a value AWS accepts'],
    ],
    unknown: ["policy", "deletionWindowInDays"],
  },
  {
    rule: "kms-key-policy-size",
    type: "aws:kms/keyPolicy:KeyPolicy",
    compliant: { keyId: KEY_ARN, policy: KEY_POLICY },
    violations: [["policy", "x".repeat(32_769), "policy", "the key policy is 32769 bytes"]],
  },
  {
    rule: "kms-alias-name",
    type: "aws:kms/alias:Alias",
    compliant: { name: "alias/slipstream/orders-key", targetKeyId: KEY_ARN },
    violations: [
      ["name", "slipstream/orders-key", "name", "alias/ followed by letters, digits, / _ and -"],
      ["name", "alias/aws/orders", "name", "uses alias/aws/, which AWS reserves"],
      ["name", `alias/${"a".repeat(251)}`, "name", "AWS takes 7 to 256"],
    ],
  },
  {
    rule: "iam-role-limits",
    type: "aws:iam/role:Role",
    compliant: { name: "orders-forwarder-role", description: "Execution role", path: "/slipstream/", maxSessionDuration: 3600, assumeRolePolicy: TRUST, tags: TAGS },
    violations: [
      ["name", "r".repeat(65), "name", "AWS takes 1 to 64"],
      ["name", "orders forwarder", "name", "letters, digits and _ + = , . @ - only"],
      ["description", "d".repeat(1001), "description", "AWS takes 0 to 1000"],
      ["path", "slipstream", "path", "/ alone, or / ... / with printable ASCII between"],
      ["maxSessionDuration", 43_201, "maxSessionDuration", "outside AWS's range of 3600 to 43200 s"],
      ["assumeRolePolicy", trustOf(2000), "assumeRolePolicy", "the account's trust policy quota is 2048"],
    ],
    unknown: ["name", "assumeRolePolicy"],
  },
  {
    // Pulumi names roles after the resource: 57 characters + 8 overflow 64.
    rule: "iam-role-limits",
    type: "aws:iam/role:Role",
    name: "r".repeat(57),
    compliant: { name: "warehouse-delivery-role", assumeRolePolicy: TRUST, tags: TAGS },
    violations: [["name", undefined, "name", "65 characters, over AWS's maximum of 64. Shorten the resource name to 56 characters"]],
    unknown: [],
  },
  {
    rule: "iam-role-limits",
    type: "aws:iam/role:Role",
    compliant: { namePrefix: "orders-", assumeRolePolicy: TRUST, tags: TAGS },
    violations: [["namePrefix", "p".repeat(39), "namePrefix", "plus the provider's 26-character unique id is 65 characters; AWS allows 64"]],
  },
  {
    rule: "iam-role-policy-name",
    type: "aws:iam/rolePolicy:RolePolicy",
    compliant: { name: "use-deployment-key", role: "forwarder-role", policy: KEY_POLICY },
    violations: [["name", "p".repeat(129), "name", "AWS takes 1 to 128"]],
  },
  {
    rule: "security-group-limits",
    type: "aws:ec2/securityGroup:SecurityGroup",
    compliant: { name: "kafka-brokers", description: "MSK brokers of orders (IAM auth)", vpcId: "vpc-1", tags: TAGS },
    violations: [
      ["description", "Brokers' group", "description", "a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$* only"],
      ["description", "d".repeat(256), "description", "AWS takes 0 to 255"],
      ["name", "sg-brokers", "name", "starts with sg-, which EC2 reserves"],
    ],
  },
  {
    rule: "security-group-rule-ports",
    type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    compliant: { securityGroupId: "sg-1", referencedSecurityGroupId: "sg-2", ipProtocol: "tcp", fromPort: 9098, toPort: 9098, description: "Pollers to brokers", tags: TAGS },
    violations: [
      ["fromPort", 9100, "fromPort", "9100 is above toPort 9098"],
      ["toPort", 65_536, "toPort", "outside AWS's range of -1 to 65535"],
    ],
  },
];
