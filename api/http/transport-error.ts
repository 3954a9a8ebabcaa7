import { RequestError } from "@hono/node-server";
import { problemResponse } from "./problem";
import { truncate } from "./truncate";

/**
 * Answers requests the Node adapter cannot turn into a `Request` at all — a `\` in the
 * path, a bad Host header — which it would otherwise answer with an empty 400. They never
 * reach the app, so this is the one problem document built outside `onError`.
 */
export function transportErrorResponse(err: unknown): Response {
  if (err instanceof RequestError) {
    return problemResponse({ type: "about:blank", title: "Bad request", status: 400, detail: truncate(`the request line or headers cannot be read: ${err.message}`), errors: [{ field: "(request line)", message: truncate(err.message) }] });
  }
  return problemResponse({ type: "about:blank", title: "Internal server error", status: 500, detail: "an unexpected error occurred" });
}
