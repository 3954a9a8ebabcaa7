import type { Hook } from "@hono/zod-openapi";
import { ValidationError } from "../domain/errors";

/** Schema failures of bodies, paths and queries become 400 problems naming each field. */
export const validationHook: Hook<unknown, never, string, unknown> = (result) => {
  if (!result.success) {
    const fieldErrors = result.error.issues.map((issue) => ({ field: issue.path.join(".") || result.target, message: issue.message }));
    throw new ValidationError(`invalid ${result.target}`, fieldErrors);
  }
};
