import * as fs from "node:fs";
import * as path from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { problemResponse } from "../problem";
import { routeGroup } from "../route-group";

/** Where /console loads its script and stylesheet from: this service, so it works offline. */
export const CONSOLE_ASSETS = "/console/assets";
/** The bundle `npm run build` (api/cli/build.js) writes at install. */
const CONSOLE_DIST = path.resolve(__dirname, "..", "..", "..", "dist", "console");
/** The files the page loads; nothing else of the folder is served. */
const FILES: Readonly<Record<string, string>> = {
  "index.html": "text/html; charset=utf-8",
  "main.js": "text/javascript; charset=utf-8",
  "main.css": "text/css; charset=utf-8",
  "console.css": "text/css; charset=utf-8",
};

/**
 * `/console`: the web console, a single page over the same API as every other client (it
 * holds no privilege of its own), its files read from dist/console. The page is read per
 * request — a rebuild shows at the next reload — and is small; a missing bundle is a 503
 * that says how to build it rather than a blank page.
 */
export function consoleRoutes(): OpenAPIHono<AppEnv> {
  const app = routeGroup();
  const serve = (file: string, cache: string) => {
    const type = FILES[file];
    if (type === undefined) return undefined;
    let body: Buffer;
    try {
      body = fs.readFileSync(path.join(CONSOLE_DIST, file));
    } catch {
      return problemResponse({ type: "about:blank", title: "Console not built", status: 503, detail: "dist/console is missing: run `npm run build`", instance: "/console" });
    }
    return new Response(new Uint8Array(body), { status: 200, headers: { "content-type": type, "cache-control": cache } });
  };
  app.get("/console", (c) => serve("index.html", "no-cache") ?? c.notFound());
  // Revalidated, not cached for a day: the bundle changes with the service, under the same names.
  app.get(`${CONSOLE_ASSETS}/:file`, (c) => {
    const file = c.req.param("file");
    return file === "index.html" ? c.notFound() : (serve(file, "no-cache") ?? c.notFound());
  });
  return app;
}
