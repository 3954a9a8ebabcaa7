import { z } from "zod";
import { ownRules, serverCheckSentence, type PublishedRule } from "./published-rules";

type JsonSchema = z.core.JSONSchema.JSONSchema;

// The `format` values of JSON Schema draft 2020-12 (Validation, section 7.3). zod also writes
// formats of its own (`starts_with`, `ends_with`, `cidrv4`...) that a strict validator refuses.
const STANDARD_FORMATS: ReadonlySet<string> = new Set([
  "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
  "uri", "uri-reference", "iri", "iri-reference", "uuid", "uri-template", "json-pointer", "relative-json-pointer", "regex",
]);

// Wrappers whose JSON Schema zod builds from their inner type's (its processors set `ref` to
// it): a rule on the inner node holds for the wrapper. (`nullable` is not one: it becomes an
// `anyOf` whose null branch a rule on the inner node must not constrain.)
const SAME_SCHEMA_WRAPPERS: ReadonlySet<string> = new Set(["optional", "default", "prefault", "readonly", "nonoptional", "catch"]);

/**
 * The JSON Schema (draft 2020-12) of what callers send for `schema`, with every refinement's
 * published rule (published-rules.ts): its keywords under `allOf`, its server-only clause in
 * the description. Defaults are optional (`io: "input"`); a format goes where zod wrote its pattern.
 */
export function publishedJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      for (const rule of rulesAt(zodSchema)) applyRule(rule, jsonSchema);
      patternOverFormat(jsonSchema);
    },
  });
}

/**
 * Every rule that holds at a node: its own and those of the nodes it derives from, a clone's
 * parent (`.describe()`, `.max()` and refinements clone) and a wrapper's inner type. zod merges
 * those nodes' JSON Schemas into this one, but a key the node writes itself (its description,
 * the `allOf` of its patterns) replaces theirs, so the rules are applied again here.
 */
function rulesAt(schema: z.core.$ZodType): PublishedRule[] {
  const found: PublishedRule[] = [];
  const visited = new Set<z.core.$ZodType>();
  const pending = [schema];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (visited.has(node)) continue;
    visited.add(node);
    found.push(...ownRules(node));
    if (node._zod.parent !== undefined) pending.push(node._zod.parent);
    const def = node._zod.def as { type: string; innerType?: z.core.$ZodType };
    if (SAME_SCHEMA_WRAPPERS.has(def.type) && def.innerType !== undefined) pending.push(def.innerType);
  }
  return found;
}

// Idempotent, since a rule reaches a node both through zod's merge and through `rulesAt`; and
// copy-on-write, since zod's merge shares one `allOf` array between a node and those it derives from.
function applyRule(rule: PublishedRule, json: JsonSchema): void {
  if (rule.expressed !== undefined) {
    const allOf = json.allOf ?? [];
    const text = JSON.stringify(rule.expressed);
    if (!allOf.some((part) => JSON.stringify(part) === text)) json.allOf = [...allOf, rule.expressed];
  }
  if (rule.serverChecks !== undefined) {
    const sentence = serverCheckSentence(rule.serverChecks);
    if (!(json.description ?? "").includes(sentence)) json.description = json.description === undefined ? sentence : `${json.description.replace(/\.?\s*$/, ".")} ${sentence}`;
  }
}

/**
 * Where zod writes a pattern with a format, the pattern is what the server checks and the
 * format goes: a validator's own idea of a format differs (Ajv's email refuses a domain label
 * ending in "-", which zod's pattern takes), and zod's non-standard formats (`starts_with`,
 * `ends_with`...) are refused outright by a strict validator. A non-standard format without a
 * pattern would weaken the schema silently, so it throws.
 */
function patternOverFormat(json: JsonSchema): void {
  if (json.format === undefined) return;
  const patterns = [json.pattern, ...(json.allOf ?? []).map((part) => part.pattern)].filter((p) => p !== undefined);
  if (patterns.length > 0) delete json.format;
  else if (!STANDARD_FORMATS.has(json.format)) throw new Error(`zod's format ${json.format} has no pattern to publish instead`);
}
