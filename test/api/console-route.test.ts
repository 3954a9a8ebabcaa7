import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../api/config/settings";
import { startService, type RunningService } from "../../api/server";
import { ScriptedEngine } from "./support/scripted-engine";

const { buildConsole } = require("../../api/cli/build.js") as { buildConsole: () => Promise<void> };
const BOOTSTRAP = "console-route-bootstrap-" + "x".repeat(32);

// The console's files as the service serves them with access control on: public (they hold
// no data; the page asks for a token when the API answers 401), from this service only.
describe("/console", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-console-route-"));
  let service: RunningService;
  const get = (route: string) => fetch(`${service.url}${route}`);

  beforeAll(async () => {
    await buildConsole();
    const settings = loadSettings({ PORT: "0", SLIPSTREAM_DATA_DIR: dataDir, PULUMI_CONFIG_PASSPHRASE: "console", SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP, SLIPSTREAM_POLL_MS: "50" });
    service = await startService(settings, { engine: new ScriptedEngine(), log: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await service?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves the page and the assets it names without a token, from this service", async () => {
    const page = await get("/console");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(["/console/assets/console.css", "/console/assets/main.js"]);
    for (const asset of assets) {
      const res = await get(asset);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get("content-type"), asset).toMatch(asset.endsWith(".js") ? /^text\/javascript/ : /^text\/css/);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(1_000);
    }
  });

  it("serves nothing else of the bundle's folder, and the API still needs a token", async () => {
    expect((await get("/console/assets/index.html")).status).toBe(404);
    expect((await get("/console/assets/main.js.map")).status).toBe(404);
    expect((await get("/console/assets/..%2Fcli.js")).status).toBe(404);
    expect((await get("/v1/blueprints")).status).toBe(401);
  });
});
