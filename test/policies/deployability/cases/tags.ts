import { TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`tag-${i}`, "v"]));

export const tagCases: ResourceRuleCase[] = [
  {
    rule: "aws-tag-limits",
    type: "aws:sqs/queue:Queue",
    compliant: { tags: { ...TAGS, "slipstream:blueprint": "x", "team email": "a@b.example" } },
    violations: [
      ["tags", many(51), "tags", "51 tags; AWS allows at most 50"],
      ["tags.aws:team", "x", "tags", 'key "aws:team" uses the aws: prefix'],
      [`tags.${"k".repeat(129)}`, "v", "tags", "has 129 characters; tag keys take 1 to 128"],
      ["tags.owner", "v".repeat(257), "tags", 'the value of "owner" has 257 characters'],
      ["tags.owner", "data#platform", "tags", 'the value of "owner" has characters AWS refuses here'],
      ["tags.team!", "x", "tags", 'key "team!" has characters AWS refuses here'],
    ],
    unknown: ["tags", "tags.owner"],
    alsoCompliant: [["tags", many(50)]],
  },
  {
    // EC2 accepts any character; OpenSearch's count has its own rule (opensearch-tag-limit).
    rule: "aws-tag-limits",
    type: "aws:ec2/securityGroup:SecurityGroup",
    compliant: { description: "d", tags: { ...TAGS, "cost#center": "a&b" } },
    violations: [["tags.aws:x", "y", "tags", "aws: prefix"]],
    unknown: ["tags"],
    alsoCompliant: [["tags", many(50)]],
  },
  {
    rule: "aws-tag-limits",
    type: "aws:opensearch/domain:Domain",
    compliant: { tags: many(20) },
    violations: [["tags.owner", "v".repeat(300), "tags", "tag values take at most 256"]],
  },
];
