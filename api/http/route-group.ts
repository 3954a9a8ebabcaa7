import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env";
import { validationHook } from "./validation-hook";

/**
 * An app for one route file, mounted on the service's app with `app.route("/", …)`. Each
 * is built with the same validation hook as the app, so a request refused by a sub-app's
 * schema gets the same problem document; the app's middleware (access, audit, limits,
 * idempotency) runs for its routes because it is registered before they are mounted.
 */
export function routeGroup(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
}
