import type { FieldError } from "../domain/errors";

/** Limits on a JSON request body, far above what any blueprint request needs. */
export interface JsonBudget {
  /** Objects and arrays nested inside each other (a blueprint request needs about 6). Default 32. */
  maxDepth: number;
  /** Characters in one string value. Default 16,384. */
  maxStringLength: number;
  /** Characters in one key. Default 256 (tag keys are at most 128). */
  maxKeyLength: number;
  /** Values in the whole document. Default 10,000. */
  maxValues: number;
}

export const DEFAULT_JSON_BUDGET: JsonBudget = { maxDepth: 32, maxStringLength: 16_384, maxKeyLength: 256, maxValues: 10_000 };

/**
 * Keys refused anywhere in a body. JSON.parse makes `__proto__` an ordinary own property,
 * but copying the object — zod's parse, a spread into a literal, `Object.assign` — turns
 * it into a prototype change that silently drops the value, so a request would be
 * validated and stored without the field its caller sent. `constructor` and `prototype`
 * are the other half of prototype pollution payloads.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

const MAX_ERRORS = 20;

type Segment = string | number;

/**
 * Checks a parsed JSON body against the budget and the forbidden keys, naming each bad
 * field the way validation errors do (`params.search.__proto__`). The walk is iterative and
 * stops descending at the depth limit, so hostile nesting costs no stack here — and never
 * reaches the zod schemas or the structured clone into a plan worker, where it overflowed.
 */
export function inspectJson(document: unknown, budget: JsonBudget = DEFAULT_JSON_BUDGET): FieldError[] {
  const errors: FieldError[] = [];
  const pending: { value: unknown; path: Segment[] }[] = [{ value: document, path: [] }];
  let values = 0;
  while (pending.length > 0 && errors.length < MAX_ERRORS) {
    const { value, path } = pending.pop()!;
    if (++values > budget.maxValues) {
      errors.push({ field: fieldName(path), message: `the body holds more than ${budget.maxValues} values` });
      break;
    }
    if (typeof value === "string") {
      if (value.length > budget.maxStringLength) errors.push({ field: fieldName(path), message: `at most ${budget.maxStringLength} characters (got ${value.length})` });
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= budget.maxDepth) {
      errors.push({ field: fieldName(path), message: `nested deeper than ${budget.maxDepth} levels` });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (FORBIDDEN_KEYS.has(key)) errors.push({ field: fieldName([...path, key]), message: `"${key}" is not accepted as a key anywhere in a request` });
      else if (key.length > budget.maxKeyLength) errors.push({ field: fieldName([...path, key]), message: `keys are at most ${budget.maxKeyLength} characters (got ${key.length})` });
      else pending.push({ value: child, path: [...path, key] });
    }
  }
  return errors;
}

/** A path as validation errors name it; the whole body is "(body)". */
export function fieldName(path: readonly Segment[]): string {
  return path.length === 0 ? "(body)" : path.join(".");
}
