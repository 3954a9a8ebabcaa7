import { createHash } from "node:crypto";

// Signatures Pulumi's wire format marks special values with (sdk/nodejs/runtime/rpc.ts).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Shown in place of a secret: plans and reports never carry secret values. */
export const SECRET_PLACEHOLDER = "[secret]";
/** Shown for a value the engine only learns while deploying. */
export const UNKNOWN_PLACEHOLDER = "(known after deploy)";

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Turns a resource's serialized inputs, as the engine receives them, into plain JSON for a
 * plan: secrets masked, unknowns marked, assets and archives summarised by size and hash
 * (a bundled Lambda would otherwise put megabytes of code into the plan), and resource
 * references replaced by the URN they point to.
 */
export function planValue(value: unknown): unknown {
  if (value === UNKNOWN) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(planValue);
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  switch (object[SIG_KEY]) {
    case SECRET_SIG:
      return SECRET_PLACEHOLDER;
    case OUTPUT_SIG:
      return object["secret"] ? SECRET_PLACEHOLDER : "value" in object ? planValue(object["value"]) : UNKNOWN_PLACEHOLDER;
    case RESOURCE_SIG:
      return object["urn"];
    case ASSET_SIG:
      if (typeof object["text"] === "string") return { asset: { bytes: Buffer.byteLength(object["text"]), sha256: sha256(object["text"]) } };
      return { asset: { path: object["path"], uri: object["uri"] } };
    case ARCHIVE_SIG: {
      const assets = object["assets"] as Record<string, unknown> | undefined;
      if (assets) return { archive: Object.fromEntries(Object.entries(assets).map(([k, v]) => [k, planValue(v)])) };
      return { archive: { path: object["path"], uri: object["uri"] } };
    }
    default:
      return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, planValue(v)]));
  }
}
