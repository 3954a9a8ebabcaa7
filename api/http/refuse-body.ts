import type { MiddlewareHandler } from "hono";
import { ValidationError } from "../domain/errors";
import type { AppEnv } from "./app-env";

/**
 * For routes that take no body (preview, refresh, destroy, cancel): an empty body or `{}`
 * is accepted — many clients send one — but any field is refused by name rather than
 * ignored, as unknown fields are everywhere else.
 */
export const refuseBody: MiddlewareHandler<AppEnv> = async function refuseBody(c, next) {
  const text = (await c.req.text()).trim();
  if (text === "" || text === "{}") return next();
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    document = undefined;
  }
  const keys = document !== null && typeof document === "object" && !Array.isArray(document) ? Object.keys(document) : [];
  const errors = keys.length > 0 ? keys.slice(0, 20).map((key) => ({ field: key, message: "unknown field: this request takes no body" })) : [{ field: "(body)", message: "this request takes no body" }];
  throw new ValidationError("this request takes no body", errors);
};
