import { plaintext, sameValue, type Wire, type WireMap } from "./wire";

export type DiffKind = "add" | "delete" | "update";

/** apitype.PropertyDiff as events carry it. */
export interface PropertyDiff {
  diffKind: DiffKind;
  inputDiff: boolean;
}

export interface ObjectDiff {
  /** Top-level keys that differ, sorted (the engine's `ObjectDiff.ChangedKeys`). */
  changedKeys: string[];
  /** Property path → kind, down to the leaves (`plugin.NewDetailedDiffFromObjectDiff`). */
  detailedDiff: Record<string, PropertyDiff>;
}

/**
 * The engine's input diff for a provider that leaves diffing to it (`DiffUnknown`):
 * `PropertyMap.Diff` over values with secrets unwrapped (pkg/resource/deploy/step_generator.go
 * `diffResource`, sdk/go/common/resource/properties_diff.go). Objects recurse by key, arrays
 * by index (longer/shorter arrays add/delete the tail), a null is no value, anything else
 * that differs is an update. Paths print as `PropertyPath.String()`: `a.b`, `a[0]`, `["a-b"]`.
 */
export function diffProperties(olds: WireMap, news: WireMap, inputDiff: boolean): ObjectDiff {
  const detailedDiff: Record<string, PropertyDiff> = {};
  const changedKeys: string[] = [];
  for (const key of [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort()) {
    if (diffValue([key], plaintext(olds[key] ?? null), plaintext(news[key] ?? null), inputDiff, detailedDiff)) changedKeys.push(key);
  }
  return { changedKeys, detailedDiff };
}

function diffValue(path: (string | number)[], old: Wire, next: Wire, inputDiff: boolean, acc: Record<string, PropertyDiff>): boolean {
  if (sameValue(old, next)) return false;
  const at = (kind: DiffKind) => (acc[propertyPath(path)] = { diffKind: kind, inputDiff });
  if (old === null) at("add");
  else if (next === null) at("delete");
  else if (Array.isArray(old) && Array.isArray(next)) {
    for (let i = 0; i < Math.max(old.length, next.length); i++) {
      if (i >= old.length) acc[propertyPath([...path, i])] = { diffKind: "add", inputDiff };
      else if (i >= next.length) acc[propertyPath([...path, i])] = { diffKind: "delete", inputDiff };
      else diffValue([...path, i], old[i]!, next[i]!, inputDiff, acc);
    }
  } else if (isObject(old) && isObject(next)) {
    for (const key of new Set([...Object.keys(old), ...Object.keys(next)])) diffValue([...path, key], old[key] ?? null, next[key] ?? null, inputDiff, acc);
  } else at("update");
  return true;
}

function isObject(v: Wire): v is { [key: string]: Wire } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `resource.PropertyPath.String()`: names of letters, digits and `_` dot-joined, others quoted. */
export function propertyPath(path: (string | number)[]): string {
  return path
    .map((k, i) => {
      if (typeof k === "number") return `[${k}]`;
      if (/^[A-Za-z0-9_]+$/.test(k)) return i === 0 ? k : `.${k}`;
      return `["${k.replace(/"/g, '\\"')}"]`;
    })
    .join("");
}
