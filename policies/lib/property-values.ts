import { read, UNKNOWN, type Unknown } from "./known";
import type { Props } from "./slipstream-policy";

/** How plans and `pulumi preview --json` without `--show-secrets` print a secret: set, but not readable. */
export const MASKED_SECRET = "[secret]";

export const isUnknown = (value: unknown): value is Unknown => value === UNKNOWN;

/**
 * The value at a dotted path of a resource's (proxied) props; `UNKNOWN` while any part of the
 * path is unknown or a masked secret, `undefined` when a part is absent. Deployability rules
 * judge only what is known: a value learnt while deploying is checked again at update time.
 */
export function valueAt(props: Props, path: string): unknown {
  const value = read(() => {
    let cursor: unknown = props;
    for (const key of path.split(".")) {
      if (cursor === null || typeof cursor !== "object") return undefined;
      cursor = (cursor as Record<string, unknown>)[key];
    }
    return cursor;
  });
  return value === MASKED_SECRET ? UNKNOWN : value;
}

/**
 * The value at `path` as plain JSON, for walking nested objects and lists freely; `UNKNOWN` when
 * anything inside it is unknown (the unknown-checking proxy throws as the copy reads it).
 */
export function plainAt(props: Props, path: string): unknown {
  const value = valueAt(props, path);
  if (isUnknown(value) || value === undefined || value === null || typeof value !== "object") return value;
  return read(() => JSON.parse(JSON.stringify(value)) as unknown);
}

/** A number at `path`, `undefined` when absent or not a number, `UNKNOWN` while unknown. */
export function numberAt(props: Props, path: string): number | undefined | Unknown {
  const value = valueAt(props, path);
  return isUnknown(value) ? value : typeof value === "number" ? value : undefined;
}

/** A string at `path`, `undefined` when absent or not a string, `UNKNOWN` while unknown. */
export function stringAt(props: Props, path: string): string | undefined | Unknown {
  const value = valueAt(props, path);
  return isUnknown(value) ? value : typeof value === "string" ? value : undefined;
}

/** A list at `path` (one value counts as a list of one); `UNKNOWN` when the list or any item is unknown. */
export function listAt(props: Props, path: string): unknown[] | undefined | Unknown {
  const value = valueAt(props, path);
  if (isUnknown(value) || value === undefined || value === null) return value === null ? undefined : value;
  const items = read(() => (Array.isArray(value) ? value.map((item) => item as unknown) : [value]));
  if (isUnknown(items)) return items;
  return items.some((item) => item === MASKED_SECRET) ? UNKNOWN : items;
}

/** The entries of a map at `path` (such as `tags`); values may be `UNKNOWN`. */
export function entriesAt(props: Props, path: string): [string, unknown][] | undefined | Unknown {
  const map = valueAt(props, path);
  if (isUnknown(map)) return map;
  if (map === undefined || map === null || typeof map !== "object" || Array.isArray(map)) return undefined;
  // The unknown-checking proxy traps reads only: its keys are the plain object's. Keys may
  // hold dots (tag keys do), so values are read by key, not by path.
  return Object.keys(map).map((key) => {
    const value = read(() => (map as Record<string, unknown>)[key]);
    return [key, value === MASKED_SECRET ? UNKNOWN : value];
  });
}
