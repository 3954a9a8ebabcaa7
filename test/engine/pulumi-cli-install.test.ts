import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AutomationEngine, type AutomationEngineOptions } from "../../api/engine/automation-engine";
import { installedCliRoot, SDK_VERSION, type CliInstaller } from "../../api/engine/pulumi-cli";

// The engine finds or installs its CLI. The download itself is the Automation API's
// (`PulumiCommand.install`, get.pulumi.com); here the installer lays down the CLI stand-in
// instead, so what the engine does around it — where it installs, that it does so once and in
// the background, that a later start reuses it, what it says offline — runs for real.
const STANDIN = path.resolve(__dirname, "../pulumi-standin/bin/pulumi");
/** PATH with node and nothing named pulumi (this file runs in a process of its own). */
const PATH_WITHOUT_PULUMI = path.dirname(process.execPath);
const originalPath = process.env["PATH"];

const installStandin: CliInstaller = async (root) => {
  fs.mkdirSync(path.join(root, "bin"), { recursive: true });
  fs.symlinkSync(STANDIN, path.join(root, "bin", "pulumi"));
};

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-cli-install-"));
  process.env["PATH"] = PATH_WITHOUT_PULUMI;
});
afterEach(() => {
  process.env["PATH"] = originalPath;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function engine(options: Partial<AutomationEngineOptions>): AutomationEngine {
  return new AutomationEngine({ dataDir, pulumiRoot: undefined, stateUrl: `file://${path.join(dataDir, "state")}`, secretsProvider: "passphrase", passphrase: "pp", policyPackDir: "/policies", plugins: [], ...options });
}

function recordingInstaller(installer: CliInstaller): CliInstaller & { calls: [string, string][] } {
  const calls: [string, string][] = [];
  return Object.assign(async (root: string, version: string) => {
    calls.push([root, version]);
    await installer(root, version);
  }, { calls });
}

describe("the Pulumi CLI when none is installed", () => {
  it("installs the SDK's version into the data dir in the background, once, and uses it", async () => {
    const installer = recordingInstaller(installStandin);
    const phases: string[] = [];
    const e = engine({ installer, onInstall: ({ phase }) => phases.push(phase) });

    const first = await e.availability();
    expect(first).toEqual({ ok: false, reason: expect.stringContaining(`v${SDK_VERSION} is being installed into ${installedCliRoot(dataDir)}`) as string });
    await e.availability();
    await e.cliInstalled();

    expect(installer.calls).toEqual([[installedCliRoot(dataDir), SDK_VERSION]]);
    expect(phases).toEqual(["started", "succeeded"]);
    expect(await e.availability()).toEqual({ ok: true, version: SDK_VERSION });
  });

  it("a later start finds the CLI it installed and downloads nothing", async () => {
    await installStandin(installedCliRoot(dataDir), SDK_VERSION);
    const installer = recordingInstaller(async () => {
      throw new Error("no download expected");
    });
    expect(await engine({ installer }).availability()).toEqual({ ok: true, version: SDK_VERSION });
    expect(installer.calls).toEqual([]);
  });

  it("offline, says why the install failed and what to do, without trying again on every request", async () => {
    const installer = recordingInstaller(async () => {
      throw new Error("Failed to download https://get.pulumi.com/install.sh: fetch failed\nstack…");
    });
    const e = engine({ installer });
    await e.availability();
    await e.cliInstalled();
    const after = await e.availability();
    await e.availability();

    expect(installer.calls).toHaveLength(1);
    expect(after.ok).toBe(false);
    const reason = (after as { reason: string }).reason;
    expect(reason).toContain("Failed to download https://get.pulumi.com/install.sh: fetch failed");
    expect(reason).not.toContain("stack…");
    expect(reason).toContain("SLIPSTREAM_PULUMI_ROOT");
    expect(reason).toContain("Restart the service");
  });

  it("with installing off, says so and never downloads", async () => {
    const installer = recordingInstaller(installStandin);
    const availability = await engine({ installer, install: "off" }).availability();
    expect(availability).toEqual({ ok: false, reason: expect.stringContaining("SLIPSTREAM_PULUMI_INSTALL=off") as string });
    expect(installer.calls).toEqual([]);
  });

  it("SLIPSTREAM_PULUMI_ROOT names the one CLI to use: a missing one is reported, not replaced by a download", async () => {
    const installer = recordingInstaller(installStandin);
    const root = path.join(dataDir, "no-cli-here");
    const availability = await engine({ installer, pulumiRoot: root }).availability();
    expect(availability).toEqual({ ok: false, reason: expect.stringContaining(path.join(root, "bin", "pulumi")) as string });
    expect(installer.calls).toEqual([]);
  });

  it("a CLI on PATH is used as it is", async () => {
    const onPath = path.join(dataDir, "on-path");
    await installStandin(onPath, SDK_VERSION);
    const installer = recordingInstaller(installStandin);
    process.env["PATH"] = [path.join(onPath, "bin"), PATH_WITHOUT_PULUMI].join(path.delimiter);
    const e = engine({ installer });
    expect(await e.availability()).toEqual({ ok: true, version: SDK_VERSION });
    expect(installer.calls).toEqual([]);
  });
});
