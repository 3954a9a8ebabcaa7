/** The slice of JSON Schema (as zod and the OpenAPI document write it) the generators read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
}

export type Segment = string | number;

/** A place in a request body the schema describes, and what may go there. */
export interface Location {
  path: Segment[];
  schema: JsonSchema;
  /** Paths of unions above this place: a value wrong inside a union is reported at the union. */
  unions: Segment[][];
  /** Whether the place is required by its parent object (so removing it is an error). */
  required: boolean;
}

const MAX_DEPTH = 12;

/**
 * Every place a schema describes: each property (present in an example or not), an item of
 * each array, and a fresh key of each record. `skip` prunes subtrees another schema covers.
 */
export function schemaLocations(schema: JsonSchema, options: { prefix?: Segment[]; skip?: (path: Segment[]) => boolean; required?: boolean } = {}): Location[] {
  const found: Location[] = [];
  const visit = (node: JsonSchema, path: Segment[], unions: Segment[][], required: boolean) => {
    if (path.length > MAX_DEPTH || options.skip?.(path)) return;
    found.push({ path, schema: node, unions, required });
    const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
    if (branches.length > 0) for (const branch of branches) visit({ ...branch }, path, [...unions, path], required);
    for (const part of node.allOf ?? []) visit(part, path, unions, required);
    for (const [key, child] of Object.entries(node.properties ?? {})) visit(child, [...path, key], unions, node.required?.includes(key) ?? false);
    if (node.items) visit(node.items, [...path, 0], unions, false);
    if (typeof node.additionalProperties === "object" && Object.keys(node.additionalProperties).length > 0) visit(node.additionalProperties, [...path, "x-extra"], unions, false);
  };
  visit(schema, options.prefix ?? [], [], options.required ?? true);
  // Branches of a union add their own copy of the union's place; keep the first.
  const seen = new Set<string>();
  return found.filter((l) => {
    const key = JSON.stringify(l.path);
    if (seen.has(key) && l.unions.length === 0) return false;
    seen.add(key);
    return true;
  });
}

/** The JSON types a schema accepts; undefined when it accepts any value. */
export function acceptedTypes(schema: JsonSchema): Set<string> | undefined {
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  if (branches.length > 0) {
    const all = new Set<string>();
    for (const branch of branches) {
      const types = acceptedTypes(branch);
      if (types === undefined) return undefined;
      for (const t of types) all.add(t);
    }
    return all;
  }
  const types = new Set<string>();
  for (const t of [schema.type ?? []].flat()) types.add(t === "integer" ? "number" : t);
  for (const v of [...(schema.enum ?? []), ...("const" in schema ? [schema.const] : [])]) types.add(v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  return types.size > 0 ? types : undefined;
}

/** Reads a value at a path; undefined when any step is missing. */
export function getAt(value: unknown, path: readonly Segment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/**
 * A copy of `value` with `replacement` at `path`, creating the objects and arrays on the way
 * (a place the example leaves out); `undefined` removes the property. Keys go in with
 * `defineProperty`, so `__proto__` is written as the own key JSON.parse would make.
 */
export function setAt(value: unknown, path: readonly Segment[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const container: Record<string | number, unknown> | unknown[] = typeof head === "number" ? (Array.isArray(value) ? [...value] : []) : value !== null && typeof value === "object" && !Array.isArray(value) ? { ...(value as object) } : {};
  const child = setAt((container as Record<string | number, unknown>)[head!], rest, replacement);
  if (child === undefined && rest.length === 0) {
    if (Array.isArray(container)) container.splice(head as number, 1);
    else delete container[head!];
  } else {
    Object.defineProperty(container, head!, { value: child, enumerable: true, writable: true, configurable: true });
  }
  return container;
}

/** A path as the API names fields. */
export const fieldOf = (path: readonly Segment[]): string => (path.length === 0 ? "(body)" : path.join("."));
