import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../api/config/logger";
import { isLoopbackHost, loadSettings, SettingsError, type Settings } from "../../api/config/settings";
import { startService, type RunningService } from "../../api/server";
import { ScriptedEngine } from "./support/scripted-engine";

const BOOTSTRAP = "startup-modes-" + "s".repeat(32);

const problems = (env: Record<string, string>) => {
  try {
    loadSettings(env);
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  return [];
};

describe("access control modes at startup", () => {
  const dirs: string[] = [];
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const settings = (env: Record<string, string>): Settings => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-modes-"));
    dirs.push(dir);
    return loadSettings({ PORT: "0", SLIPSTREAM_DATA_DIR: dir, SLIPSTREAM_POLL_MS: "50", ...env });
  };
  const start = async (env: Record<string, string>) => {
    const lines: { level: number; msg: string }[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
    service = await startService(settings(env), { engine: new ScriptedEngine(), log });
    return { service, lines };
  };
  const get = (url: string, token?: string) => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("tells loopback from everything else", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.10", "::ffff:10.0.0.1", "fe80::1", "example.com", "localhost.example.com", "128.0.0.1"]) expect(isLoopbackHost(host), host).toBe(false);
  });

  it("refuses a start beyond loopback without SLIPSTREAM_BOOTSTRAP_TOKEN, naming it", () => {
    expect(problems({ HOST: "0.0.0.0" })).toEqual([expect.stringMatching(/^SLIPSTREAM_BOOTSTRAP_TOKEN: required when HOST \(0\.0\.0\.0\) is not a loopback address/)]);
    expect(problems({ HOST: "::" })).toEqual([expect.stringMatching(/^SLIPSTREAM_BOOTSTRAP_TOKEN: required/)]);
    expect(problems({ HOST: "0.0.0.0", SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP })).toEqual([]);
    expect(problems({ HOST: "127.0.0.1" })).toEqual([]);
  });

  it("validates the bootstrap token and never quotes it", () => {
    const short = problems({ SLIPSTREAM_BOOTSTRAP_TOKEN: "too-short-a-secret" });
    expect(short).toEqual([expect.stringMatching(/^SLIPSTREAM_BOOTSTRAP_TOKEN: at least 32 characters/)]);
    expect(short.join("\n")).not.toContain("too-short-a-secret");
    const spaced = problems({ SLIPSTREAM_BOOTSTRAP_TOKEN: "a token with spaces in it, long enough to pass" });
    expect(spaced).toEqual([expect.stringMatching(/^SLIPSTREAM_BOOTSTRAP_TOKEN: visible ASCII/)]);
  });

  it("holds a Settings object built without loadSettings to the same rule", async () => {
    const open = { ...settings({}), HOST: "0.0.0.0" };
    await expect(startService(open, { engine: new ScriptedEngine(), log: createLogger("silent") })).rejects.toThrow(/SLIPSTREAM_BOOTSTRAP_TOKEN: required/);
  });

  it("runs open on loopback, with a warning at start, and needs no token", async () => {
    const { service, lines } = await start({});
    const warning = lines.find((l) => l.level === 40 && l.msg.includes("access control is off"));
    expect(warning?.msg).toContain("SLIPSTREAM_BOOTSTRAP_TOKEN");
    expect((await get(`${service.url}/v1/deployments`)).status).toBe(200);
    // A token is ignored, whatever it is: the open service has no one to check it against.
    expect((await get(`${service.url}/v1/deployments`, "anything")).status).toBe(200);
    const created = await fetch(`${service.url}/v1/deployments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "open-one", blueprint: "dynamodb-search", params: {}, tags: { owner: "o", "cost-center": "c", environment: "dev" } }) });
    expect(created.status).toBe(202);
    const body = (await created.json()) as { deployment: { team: string }; operation: { requestedBy: unknown } };
    expect(body.deployment.team).toBe("default");
    expect(body.operation.requestedBy).toEqual({ tokenId: "anonymous", tokenName: "anonymous", team: null, role: "service-admin" });
  });

  it("with SLIPSTREAM_BOOTSTRAP_TOKEN, needs a token everywhere but health and docs", async () => {
    const { service, lines } = await start({ SLIPSTREAM_BOOTSTRAP_TOKEN: BOOTSTRAP });
    expect(lines.some((l) => l.msg.includes("access control is off"))).toBe(false);
    for (const open of ["/healthz", "/readyz", "/openapi.json", "/docs"]) expect((await get(service.url + open)).status, open).toBe(200);
    for (const closed of ["/v1/blueprints", "/v1/deployments", "/v1/teams", "/v1/audit", "/v1/no-such-route"]) {
      const res = await get(service.url + closed);
      expect(res.status, closed).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="slipstream"');
    }
    expect((await get(`${service.url}/v1/deployments`, BOOTSTRAP)).status).toBe(200);
    expect((await get(`${service.url}/v1/no-such-route`, BOOTSTRAP)).status).toBe(404);
    expect((await get(`${service.url}/v1/deployments`, BOOTSTRAP + "x")).status).toBe(401);
  });
});
