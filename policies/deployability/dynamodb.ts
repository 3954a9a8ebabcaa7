import { atMostItems, oneOf } from "../lib/checks";
import { resourceRule } from "../lib/deployability";
import { physicalName } from "../lib/physical-name";
import { isUnknown, numberAt, plainAt, stringAt, valueAt } from "../lib/property-values";
import type { Props } from "../lib/slipstream-policy";

type Attribute = { name?: unknown; type?: unknown };
type Index = { hashKey?: unknown; rangeKey?: unknown };

/** The attribute names a table's keys and indexes use; undefined while any is unknown. */
function keyAttributes(props: Props): Set<string> | undefined {
  const names = new Set<string>();
  for (const path of ["hashKey", "rangeKey"]) {
    const key = stringAt(props, path);
    if (typeof key === "symbol") return undefined;
    if (typeof key === "string") names.add(key);
  }
  for (const path of ["globalSecondaryIndexes", "localSecondaryIndexes"]) {
    const indexes = plainAt(props, path);
    if (isUnknown(indexes)) return undefined;
    for (const index of (Array.isArray(indexes) ? indexes : []) as Index[]) {
      for (const key of [index?.hashKey, index?.rangeKey]) if (typeof key === "string") names.add(key);
    }
  }
  return names;
}

/**
 * CreateTable's rules: table names of 3–255 characters of letters, digits, `_ . -`; attribute
 * types S, N or B; every declared attribute used by a key or an index and every key declared;
 * capacities for provisioned tables; a view type for streams; at most 5 local secondary indexes.
 */
export const dynamodbTableLimits = resourceRule({
  name: "dynamodb-table-limits",
  description: "DynamoDB tables must use a configuration CreateTable accepts: name, attribute types, attributes matching keys and indexes, capacity for provisioned tables, a stream view type, at most 5 local indexes.",
  document: "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html",
  remediation: "Declare exactly the attributes the keys and indexes use (types S, N or B), set readCapacity and writeCapacity for PROVISIONED tables and streamViewType when streams are on.",
  types: ["aws:dynamodb/table:Table"],
  checks: [
    physicalName({ path: "name", min: 3, max: 255, pattern: /^[a-zA-Z0-9_.-]+$/, rule: "letters, digits, _ . and - only", autonamed: true }),
    oneOf("billingMode", ["PROVISIONED", "PAY_PER_REQUEST"]),
    oneOf("streamViewType", ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]),
    oneOf("tableClass", ["STANDARD", "STANDARD_INFREQUENT_ACCESS"]),
    atMostItems("localSecondaryIndexes", 5, "local secondary indexes"),
    (resource, report) => {
      const attributes = plainAt(resource.props, "attributes");
      const keys = keyAttributes(resource.props);
      if (!Array.isArray(attributes) || keys === undefined) return;
      const declared = new Set<string>();
      attributes.forEach((attribute, i) => {
        const { name, type } = (attribute ?? {}) as Attribute;
        if (typeof type === "string" && !["S", "N", "B"].includes(type)) report(`attributes[${i}]`, `type ${JSON.stringify(type)}; key attributes are S, N or B.`);
        if (typeof name === "string") declared.add(name);
      });
      for (const name of declared) if (!keys.has(name)) report("attributes", `${JSON.stringify(name)} is declared but no key or index uses it; DynamoDB declares key attributes only.`);
      for (const key of keys) if (!declared.has(key)) report("attributes", `${JSON.stringify(key)} is a key but not declared in attributes.`);
    },
    (resource, report) => {
      const mode = stringAt(resource.props, "billingMode") ?? "PROVISIONED";
      if (mode !== "PROVISIONED") return;
      for (const path of ["readCapacity", "writeCapacity"]) {
        const capacity = numberAt(resource.props, path);
        if (capacity === undefined || (typeof capacity === "number" && capacity < 1)) report(path, `${capacity ?? "unset"}; a PROVISIONED table needs at least 1 (or billingMode PAY_PER_REQUEST).`);
      }
    },
    (resource, report) => {
      if (valueAt(resource.props, "streamEnabled") === true && valueAt(resource.props, "streamViewType") === undefined) report("streamViewType", "unset; a table with streams enabled needs a stream view type.");
    },
  ],
});
