import * as fs from "node:fs";
import * as path from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import type { AppEnv } from "../app-env";
import { routeGroup } from "../route-group";

/** Where /docs loads Swagger UI from: this service, so the page works offline and behind a firewall. */
export const DOCS_ASSETS = "/docs/assets";
const SWAGGER_UI_DIST = path.dirname(require.resolve("swagger-ui-dist/package.json"));
/** The files the page loads (see @hono/swagger-ui's asset list); nothing else of the package is served. */
const ASSETS: Readonly<Record<string, string>> = { "swagger-ui.css": "text/css; charset=utf-8", "swagger-ui-bundle.js": "text/javascript; charset=utf-8" };

/** `/docs`: Swagger UI over `/openapi.json`, its assets served from the installed swagger-ui-dist. */
export function docsRoutes(): OpenAPIHono<AppEnv> {
  const app = routeGroup();
  app.get("/docs", swaggerUI({ url: "/openapi.json", baseUrl: DOCS_ASSETS }));
  const cache = new Map<string, Buffer>();
  app.get(`${DOCS_ASSETS}/swagger-ui-dist/:file`, (c) => {
    const file = c.req.param("file");
    const type = ASSETS[file];
    if (type === undefined) return c.notFound();
    let body = cache.get(file);
    if (body === undefined) {
      body = fs.readFileSync(path.join(SWAGGER_UI_DIST, file));
      cache.set(file, body);
    }
    return c.body(new Uint8Array(body), 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
  return app;
}
