import * as pulumi from "@pulumi/pulumi";

/** The stack settings the `pulumi up` entry reads (stack-config.ts). */
const REQUEST_KEYS = ["blueprint", "name", "params", "tags"] as const;

/**
 * Pulumi hands a program secretness per top-level key: one `pulumi config set --secret
 * --path 'slipstream:params.x.y'` makes all of `slipstream:params` secret, and the program
 * cannot tell which leaf was the secret one. The SDK knows the secret keys
 * (PULUMI_CONFIG_SECRET_KEYS) but types no accessor for them — its warning on reading one
 * as plain text is off (pulumi/pulumi#7127) — so this asks the runtime function and falls
 * back to the variable the language host sets.
 */
export function isSecretConfig(fullKey: string): boolean {
  const sdk = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  if (typeof sdk.isConfigSecret === "function") return sdk.isConfigSecret(fullKey);
  try {
    const keys: unknown = JSON.parse(process.env["PULUMI_CONFIG_SECRET_KEYS"] ?? "[]");
    return Array.isArray(keys) && keys.includes(fullKey);
  } catch {
    return false;
  }
}

/**
 * Every string value of the `slipstream:*` request keys the stack holds as secrets — what
 * keep-secret.ts must not let reach the state as plain text. Numbers and booleans are not
 * tracked: they are sizes and switches, not credentials.
 */
export function secretRequestValues(): string[] {
  const values = new Set<string>();
  for (const key of REQUEST_KEYS) {
    const fullKey = `slipstream:${key}`;
    const raw = pulumi.runtime.getConfig(fullKey);
    if (raw === undefined || !isSecretConfig(fullKey)) continue;
    let value: unknown = raw;
    try {
      value = key === "params" || key === "tags" ? JSON.parse(raw) : raw;
    } catch {
      // Not JSON: stack-config.ts reports that; the text itself is still the secret.
    }
    collectStrings(value, values);
  }
  return [...values];
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    if (value !== "") into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, into);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
}
