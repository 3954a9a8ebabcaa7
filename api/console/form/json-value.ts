/** A place in a request: object keys and array indexes, as the server's field errors name it (`params.records.columns.0.name`). */
export type FieldPath = readonly (string | number)[];

export const fieldName = (path: FieldPath): string => path.join(".");

/** A copy of `root` with `value` at `path`; `undefined` removes the key, so the server applies its default. */
export function setAt(root: unknown, path: FieldPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof head === "number") {
    const list = Array.isArray(root) ? [...(root as unknown[])] : [];
    list[head] = setAt(list[head], rest, value);
    return list;
  }
  const object = { ...(root !== null && typeof root === "object" && !Array.isArray(root) ? (root as Record<string, unknown>) : {}) };
  const next = setAt(object[head], rest, value);
  if (next === undefined) delete object[head];
  else object[head] = next;
  return object;
}

/** "retentionHours" → "Retention hours"; "cost-center" → "Cost center". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[-_]/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
