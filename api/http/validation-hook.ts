import type { Hook } from "@hono/zod-openapi";
import { issueFieldErrors } from "../domain/issue-fields";
import { ValidationError } from "../domain/errors";

// What each validation target is called in a problem; hono's names ("json") read as a parse error.
const TARGETS: Record<string, { detail: string; root: string }> = {
  json: { detail: "the request body does not match the schema", root: "(body)" },
  query: { detail: "invalid query parameters", root: "(query)" },
  param: { detail: "invalid path parameters", root: "(path)" },
  header: { detail: "invalid headers", root: "(headers)" },
};

/** Schema failures of bodies, paths and queries become 400 problems naming each field. */
export const validationHook: Hook<unknown, never, string, unknown> = (result) => {
  if (!result.success) {
    const target = TARGETS[result.target] ?? { detail: `invalid ${result.target}`, root: result.target };
    throw new ValidationError(target.detail, issueFieldErrors(result.error.issues, target.root));
  }
};
