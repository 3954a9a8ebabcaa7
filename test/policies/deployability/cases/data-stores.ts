import { KEY_ARN, TAGS } from "../../policy-harness";
import type { ResourceRuleCase } from "../rule-cases";

const TABLE = {
  name: "orders",
  billingMode: "PAY_PER_REQUEST",
  hashKey: "orderId",
  rangeKey: "createdAt",
  attributes: [
    { name: "orderId", type: "S" },
    { name: "createdAt", type: "N" },
    { name: "customerId", type: "S" },
  ],
  globalSecondaryIndexes: [{ name: "by-customer", hashKey: "customerId", projectionType: "ALL" }],
  streamEnabled: true,
  streamViewType: "NEW_AND_OLD_IMAGES",
  serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN },
  pointInTimeRecovery: { enabled: true },
  tags: TAGS,
};

export const dataStoreCases: ResourceRuleCase[] = [
  {
    rule: "dynamodb-table-limits",
    type: "aws:dynamodb/table:Table",
    compliant: TABLE,
    violations: [
      ["name", "or", "name", "AWS takes 3 to 255"],
      ["name", "orders/v2", "name", "letters, digits, _ . and - only"],
      ["attributes", [...TABLE.attributes, { name: "status", type: "S" }], "attributes", '"status" is declared but no key or index uses it'],
      ["localSecondaryIndexes", [{ name: "by-status", rangeKey: "status", projectionType: "ALL" }], "attributes", '"status" is a key but not declared in attributes'],
      ["attributes", [{ name: "orderId", type: "BOOL" }, ...TABLE.attributes.slice(1)], "attributes[0]", 'type "BOOL"; key attributes are S, N or B'],
      ["billingMode", "PAY_PER_REQUESTS", "billingMode", '"PAY_PER_REQUESTS" is not a value AWS accepts'],
      ["streamViewType", undefined, "streamViewType", "a table with streams enabled needs a stream view type"],
      ["streamViewType", "ALL", "streamViewType", '"ALL" is not a value AWS accepts'],
      ["localSecondaryIndexes", Array.from({ length: 6 }, (_, i) => ({ name: `l${i}`, rangeKey: "createdAt", projectionType: "ALL" })), "localSecondaryIndexes", "6 local secondary indexes; AWS allows at most 5"],
    ],
    unknown: ["attributes", "attributes.0.type", "rangeKey", "billingMode", "globalSecondaryIndexes", "globalSecondaryIndexes.0.hashKey"],
  },
  {
    rule: "dynamodb-table-limits",
    type: "aws:dynamodb/table:Table",
    compliant: { ...TABLE, billingMode: "PROVISIONED", readCapacity: 5, writeCapacity: 5 },
    violations: [
      ["writeCapacity", 0, "writeCapacity", "0; a PROVISIONED table needs at least 1"],
      ["readCapacity", undefined, "readCapacity", "unset; a PROVISIONED table needs at least 1"],
    ],
  },
];
