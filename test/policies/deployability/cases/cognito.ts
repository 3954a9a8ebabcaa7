import { TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

export const cognitoCases: ResourceRuleCase[] = [
  {
    rule: "cognito-user-pool-domain",
    type: "aws:cognito/userPoolDomain:UserPoolDomain",
    compliant: { domain: "orders-search-000000000000", userPoolId: "us-east-1_abc" },
    violations: [
      ["domain", "orders-aws-search", "domain", 'contains the reserved word "aws"; Cognito refuses it in a prefix domain'],
      ["domain", "cognito-orders", "domain", 'contains the reserved word "cognito"'],
      ["domain", "Orders-search", "domain", "lowercase letters, digits and hyphens, no hyphen first or last"],
      ["domain", "orders-search-", "domain", "no hyphen first or last"],
      ["domain", "o".repeat(64), "domain", "has 64 characters; AWS takes 1 to 63"],
    ],
    // A custom domain is a DNS name with a certificate: not a prefix.
    alsoCompliant: [["domain", "auth.aws-example.com"]],
  },
  {
    rule: "cognito-pool-names",
    type: "aws:cognito/identityPool:IdentityPool",
    compliant: { identityPoolName: "orders_search_dashboards", allowUnauthenticatedIdentities: false, tags: TAGS },
    violations: [
      ["identityPoolName", "orders/search", "identityPoolName", "letters, digits, _, white space and + = , . @ -"],
      ["identityPoolName", "i".repeat(129), "identityPoolName", "AWS takes 1 to 128"],
    ],
  },
  {
    rule: "cognito-pool-names",
    type: "aws:cognito/userPool:UserPool",
    name: "u".repeat(121),
    compliant: { name: "orders-search-users", tags: TAGS },
    violations: [["name", undefined, "name", "129 characters, over AWS's maximum of 128"]],
    unknown: [],
  },
];
