import fc from "fast-check";

/** The subset of JSON Schema (draft 2020-12) that zod emits for the blueprints' requests. */
export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

export interface ArbitraryOptions {
  /** Extra keys of an object with `additionalProperties` (e.g. tags), by the object's path. */
  additionalKeys?: Record<string, fc.Arbitrary<string>>;
  /** Most extra keys to generate, by path; default 0 (objects are closed unless named here). */
  maxAdditionalKeys?: Record<string, number>;
}

/**
 * Values for a JSON Schema, biased to its edges: every enum value, the bounds of each range,
 * the longest strings a length allows, every optional part present or absent. The schema's
 * cross-field rules (zod refinements) are not in the JSON Schema: callers keep the values the
 * real schema accepts and report how many it refused.
 */
export function arbitraryFor(schema: JsonSchema, options: ArbitraryOptions = {}, path = ""): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => arbitraryFor(alternative, options, path)));
  switch (schema.type) {
    case "object":
      return objectArbitrary(schema, options, path);
    case "array":
      return fc.array(arbitraryFor(schema.items ?? {}, options, `${path}[]`), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 8) });
    case "string":
      return stringArbitrary(schema);
    case "integer":
    case "number":
      return numberArbitrary(schema);
    case "boolean":
      return fc.boolean();
    default:
      throw new Error(`no generator for the schema at ${path || "(root)"}: ${JSON.stringify(schema).slice(0, 200)}`);
  }
}

function objectArbitrary(schema: JsonSchema, options: ArbitraryOptions, path: string): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([key, child]) => {
    const value = arbitraryFor(child, options, path ? `${path}.${key}` : key);
    // An optional field is present one time in three: every option is exercised over a run,
    // while requests that combine every option at once (which cross-field rules mostly refuse)
    // stay rare enough that most generated requests are valid.
    const optional = fc.option(value, { nil: undefined, freq: 2 }).map((v) => ({ present: v !== undefined, v }));
    return [key, required.has(key) ? value.map((v) => ({ present: true, v })) : optional] as const;
  });
  const known = fc.record(Object.fromEntries(fields)) as fc.Arbitrary<Record<string, { present: boolean; v: unknown }>>;
  const base = known.map((record) => Object.fromEntries(Object.entries(record).filter(([, f]) => f.present).map(([k, f]) => [k, f.v])));
  const extraKey = options.additionalKeys?.[path];
  const extraMax = options.maxAdditionalKeys?.[path] ?? 0;
  if (!extraKey || extraMax === 0 || typeof schema.additionalProperties !== "object") return base;
  const extraValue = arbitraryFor(schema.additionalProperties, options, `${path}.*`);
  // Either a few extra keys or as many as allowed: the limit itself is an edge worth hitting.
  const extras = fc.oneof(fc.dictionary(extraKey, extraValue, { maxKeys: 3 }), fc.dictionary(extraKey, extraValue, { minKeys: extraMax, maxKeys: extraMax }));
  return fc.tuple(base, extras).map(([known, extra]) => ({ ...extra, ...known }));
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength;
  const fits = (s: string) => s.length >= min && (max === undefined || s.length <= max);
  if (schema.pattern) {
    const matching = fc.stringMatching(new RegExp(schema.pattern, "u")).filter(fits);
    if (max === undefined) return matching;
    // The longest value the pattern allows, when padding a match with its own last character keeps
    // it matching; otherwise the match itself. (A filter would retry for ever on patterns whose
    // matches never pad, such as an ARN whose last part is bounded below the whole string's maximum.)
    const pattern = new RegExp(schema.pattern, "u");
    const longest = matching.map((s) => {
      const padded = s.length === 0 ? s : s.padEnd(max, s.at(-1));
      return pattern.test(padded) && fits(padded) ? padded : s;
    });
    return fc.oneof(matching, longest);
  }
  const upper = Math.min(max ?? 64, 256);
  return fc.oneof(fc.string({ minLength: min, maxLength: upper, unit: "grapheme-ascii" }), fc.string({ minLength: upper, maxLength: upper, unit: "grapheme-ascii" }));
}

function numberArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const step = schema.multipleOf ?? 1;
  const lower = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + step : 0);
  const upper = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - step : lower + 10_000);
  const first = Math.ceil(lower / step);
  const last = Math.floor(upper / step);
  if (last < first) throw new Error(`empty range [${lower}, ${upper}] in steps of ${step}`);
  const steps = fc.oneof(fc.constant(first), fc.constant(last), fc.integer({ min: first, max: last }));
  return steps.map((n) => n * step);
}
