/**
 * Pulumi's property wire format, as the Node SDK serializes it over gRPC and as the engine
 * keeps it in a checkpoint: plain JSON plus a few signature objects. Only the two the
 * stand-in advertises support for appear here — secrets and unknowns (outputValues and
 * resourceReferences are switched off in `SupportsFeature`, so the SDK never sends those).
 */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };
export type WireMap = Record<string, Wire>;

export function isSecret(v: unknown): v is { [SIG_KEY]: string; value: Wire } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

export function secret(value: Wire): Wire {
  return isSecret(value) ? value : { [SIG_KEY]: SECRET_SIG, value };
}

export function containsUnknown(v: Wire): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** The value with every secret wrapper removed — what a provider would be handed. */
export function plaintext(v: Wire): Wire {
  if (isSecret(v)) return plaintext(v.value);
  if (Array.isArray(v)) return v.map(plaintext);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plaintext(x)]));
  return v;
}

/** As the CLI prints values it must not reveal: every secret becomes "[secret]". */
export function masked(v: Wire): Wire {
  if (isSecret(v)) return "[secret]";
  if (Array.isArray(v)) return v.map(masked);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, masked(x)]));
  return v;
}

export function maskedMap(m: WireMap): WireMap {
  return masked(m) as WireMap;
}

export function plainMap(m: WireMap): WireMap {
  return plaintext(m) as WireMap;
}

/** Deep equality on plaintext: the engine's diff ignores whether a value is marked secret. */
export function sameValue(a: Wire | undefined, b: Wire | undefined): boolean {
  return JSON.stringify(canonical(plaintext(a ?? null))) === JSON.stringify(canonical(plaintext(b ?? null)));
}

function canonical(v: Wire): Wire {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as WireMap)[k] as Wire)]));
  }
  return v;
}

/** Top-level keys whose values differ, in a stable order. */
export function changedKeys(olds: WireMap, news: WireMap): string[] {
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort();
  return keys.filter((k) => containsUnknown(news[k] ?? null) || !sameValue(olds[k], news[k]));
}
