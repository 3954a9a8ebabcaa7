import type { z } from "zod";

type JsonSchema = z.core.JSONSchema.JSONSchema;

// Cross-field rules reach into nested objects, and many fields have defaults: an absent field
// is not "unset" but its default. These two builders keep the difference visible in each rule.

/**
 * The field at `path` is present and matches `schema`: every object on the way is required
 * too. In an `if`, "the caller set it to"; in a `then`, "the caller must set it".
 */
export function present(path: readonly string[], schema: JsonSchema | boolean = true): JsonSchema {
  const [head, ...rest] = path;
  if (head === undefined) throw new Error("present() needs a path");
  return { type: "object", required: [head], properties: { [head]: rest.length === 0 ? schema : present(rest, schema) } };
}

/**
 * Where the field at `path` is present, it matches `schema`; an absent field (or object on the
 * way) passes, so a rule whose default already satisfies it says so with this.
 */
export function whereSet(path: readonly string[], schema: JsonSchema | boolean): JsonSchema {
  const [head, ...rest] = path;
  if (head === undefined) throw new Error("whereSet() needs a path");
  return { type: "object", properties: { [head]: rest.length === 0 ? schema : whereSet(rest, schema) } };
}

/**
 * An object that has each of `names`. (They are declared under `properties` too, as a strict
 * validator (Ajv's strictRequired) wants every required name declared beside it.)
 */
export function hasAll(...names: string[]): JsonSchema {
  return { type: "object", required: names, properties: Object.fromEntries(names.map((name) => [name, true])) };
}
