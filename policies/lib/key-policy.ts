import type { PolicyResource } from "@pulumi/policy";
import { asArray, statementsOf } from "./known";
import { isUnknown, plainAt, valueAt } from "./property-values";
import { namesResource, ofType } from "./resource-relations";
import type { Props } from "./slipstream-policy";

export const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";

/** What a key policy admits: the service principals of its Allow statements, or anyone (`*`). */
export interface Admitted {
  anyone: boolean;
  services: string[];
}

/** The principals a policy document allows; undefined when it is unknown or not JSON. */
export function admittedPrincipals(document: unknown): Admitted | undefined {
  if (document === undefined || document === null || isUnknown(document)) return undefined;
  let statements;
  try {
    statements = statementsOf(document);
  } catch {
    return undefined;
  }
  const admitted: Admitted = { anyone: false, services: [] };
  for (const statement of statements) {
    if (statement.Effect !== "Allow") continue;
    const principal = statement.Principal as { Service?: unknown; AWS?: unknown } | string | undefined;
    if (principal === "*" || (typeof principal === "object" && asArray(principal?.AWS as string | string[]).includes("*"))) admitted.anyone = true;
    if (typeof principal === "object") admitted.services.push(...asArray(principal?.Service as string | string[]).filter((s): s is string => typeof s === "string"));
  }
  return admitted;
}

/** The policy in force on `key`: a separate KeyPolicy resource for it wins over the key's own `policy`. */
export function keyPolicyDocument(key: PolicyResource, resources: readonly PolicyResource[]): unknown {
  const separate = ofType(resources, KEY_POLICY).find((p) => {
    const dependencies = (p.propertyDependencies["keyId"] ?? []).map((d) => d.urn);
    return dependencies.includes(key.urn) || namesResource(valueAt(p.props as Props, "keyId"), key);
  });
  return plainAt((separate ?? key).props as Props, "policy");
}
