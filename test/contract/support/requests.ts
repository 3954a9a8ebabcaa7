import fc from "fast-check";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * `base` with `patch` laid over it: objects merge key by key, anything else replaces, and
 * `undefined` removes the key. Hand-written cases change one field of an example this way.
 */
export function patched(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else out[key] = patched(base[key], value);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Values that break most fields one way or another: wrong types, empty and long strings,
// out-of-range numbers, empty containers.
const BREAKERS: Json[] = [null, true, -1, 0, 1.5, 100_000_000, "", " ", "x".repeat(300), "arn:aws:kms:us-east-1:123456789012:alias/x", [], {}, ["a", "a"]];

function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pathsOf(item, [...path, i]))];
  if (isObject(value)) return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))];
  return here;
}

function replaced(value: unknown, path: readonly (string | number)[], by: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return by;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaced(item, rest, by) : item));
  if (isObject(value)) return { ...value, [head]: replaced(value[head], rest, by) };
  return value;
}

/** A request with one of its values (at any depth) replaced by a breaking one, or one key removed. */
export function mutated(requests: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(requests, fc.nat(), fc.constantFrom<Json | undefined>(...BREAKERS, undefined)).map(([request, pick, by]) => {
    const paths = pathsOf(request);
    if (paths.length === 0) return request;
    const path = paths[pick % paths.length]!;
    if (by !== undefined) return replaced(request, path, by);
    // Removal: rebuild the parent without the key (an array loses the item).
    const parentPath = path.slice(0, -1);
    const last = path.at(-1)!;
    const parent = parentPath.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], request);
    const without = Array.isArray(parent) ? parent.filter((_, i) => i !== last) : Object.fromEntries(Object.entries(parent as object).filter(([key]) => key !== last));
    return replaced(request, parentPath, without);
  });
}
