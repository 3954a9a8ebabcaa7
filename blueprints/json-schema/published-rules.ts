import type { z } from "zod";

/** A JSON Schema (draft 2020-12) object, as zod types it. */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

/**
 * What a zod refinement means for the blueprints' published JSON Schemas (published-schema.ts).
 * zod cannot translate a refinement's function, so each refinement states it once more, beside
 * the refinement, as one or both of:
 * - `expressed`: JSON Schema keywords that accept exactly what the refinement accepts (an
 *   if/then for a field another one requires, `not` for a reserved name, `uniqueItems`...);
 * - `serverChecks`: what JSON Schema cannot say (a comparison of two values, a check against a
 *   table of Regions or instance types), as a clause the node's description gains:
 *   "The server also checks <clause>."
 * The contract tests (test/contract/) hold the two to the server's verdicts with an
 * independent validator.
 */
export interface PublishedRule {
  readonly expressed?: JsonSchema;
  readonly serverChecks?: string;
}

// Keyed by the zod node the refinement returned; a WeakMap, like zod's own registries, so a
// schema built and dropped (in a test, say) takes its rules with it.
const rules = new WeakMap<object, readonly PublishedRule[]>();

/**
 * Publishes `published` with `schema` and returns `schema`, so it chains right after the
 * refinement it mirrors: `.superRefine(check).apply(publish, { expressed: ... })`. Every node zod
 * derives from `schema` (`.optional()`, `.describe()`, `.max()`...) carries the rules too.
 */
export function publish<T extends z.core.$ZodType>(schema: T, ...published: PublishedRule[]): T {
  rules.set(schema, [...(rules.get(schema) ?? []), ...published]);
  return schema;
}

/** The rules published with this very node (not those of the nodes it derives from). */
export function ownRules(schema: z.core.$ZodType): readonly PublishedRule[] {
  return rules.get(schema) ?? [];
}

/** The sentence a `serverChecks` clause becomes in a description. */
export function serverCheckSentence(clause: string): string {
  return `The server also checks ${clause}.`;
}
