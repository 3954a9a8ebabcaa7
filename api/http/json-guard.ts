import type { MiddlewareHandler } from "hono";
import { ValidationError } from "../domain/errors";
import type { AppEnv } from "./app-env";
import { DEFAULT_JSON_BUDGET, inspectJson, type JsonBudget } from "./json-budget";
import { truncate } from "./truncate";

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * Inspects every JSON request body before a route, a validator or a worker sees it:
 * malformed JSON, nesting and sizes over the budget, and prototype-polluting keys are 400
 * problems naming the field. Written here rather than taken from secure-json-parse, which
 * refuses `__proto__` but cannot say where it was, nor bound depth or sizes.
 */
export function jsonGuard(budget: Partial<JsonBudget> = {}): MiddlewareHandler<AppEnv> {
  const limits = { ...DEFAULT_JSON_BUDGET, ...budget };
  return async function guardJsonBody(c, next) {
    if (c.req.method === "GET" || c.req.method === "HEAD" || !JSON_TYPE.test(c.req.header("content-type") ?? "")) return next();
    // Hono keeps the text, so the validators and the idempotency fingerprint read it again for free.
    const text = await c.req.text();
    if (text.trim() === "") return next();
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (err) {
      throw new ValidationError("the request body is not valid JSON", [{ field: "(body)", message: truncate((err as Error).message) }]);
    }
    const problems = inspectJson(document, limits);
    if (problems.length > 0) {
      const { maxDepth, maxStringLength, maxKeyLength, maxValues } = limits;
      throw new ValidationError(`the request body has a reserved key or breaks the JSON limits (depth ${maxDepth}, strings of ${maxStringLength} and keys of ${maxKeyLength} characters, ${maxValues} values)`, problems);
    }
    return next();
  };
}
