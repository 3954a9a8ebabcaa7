import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadSettings } from "../../api/config/settings";
import type { Operation, OperationKind } from "../../api/domain/model";
import { AutomationEngine, type AutomationEngineOptions } from "../../api/engine/automation-engine";
import { engineOptionsFromSettings } from "../../api/engine/engine-settings";

// What the engine hands the Automation API, without a CLI: LocalWorkspace is replaced by a
// recorder whose stack answers every run with an empty result.
const recorded = vi.hoisted(() => ({
  workspaces: [] as { args: { stackName: string }; opts: Record<string, unknown> }[],
  runs: [] as { method: string; opts: { message?: string } }[],
}));

vi.mock("@pulumi/pulumi/automation", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@pulumi/pulumi/automation")>();
  const summary = { summary: { resourceChanges: {} }, outputs: {} };
  const stack = () => ({
    setConfig: async () => undefined,
    workspace: { installPlugin: async () => undefined, removeStack: async () => undefined },
    outputs: async () => ({}),
    up: async (opts: { message?: string }) => (recorded.runs.push({ method: "up", opts }), summary),
    preview: async (opts: { message?: string }) => (recorded.runs.push({ method: "preview", opts }), { changeSummary: {} }),
    refresh: async (opts: { message?: string }) => (recorded.runs.push({ method: "refresh", opts }), summary),
    destroy: async (opts: { message?: string }) => (recorded.runs.push({ method: "destroy", opts }), summary),
  });
  return {
    ...actual,
    PulumiCommand: { get: async () => ({ command: "pulumi", version: null }) },
    LocalWorkspace: {
      createOrSelectStack: async (args: { stackName: string }, opts: Record<string, unknown>) => {
        recorded.workspaces.push({ args, opts });
        return stack();
      },
    },
  };
});
// The blueprint's program never runs here; loading the real one would load every provider SDK.
vi.mock("../../programs/blueprint-program", () => ({ blueprintProgram: () => async () => ({}) }));

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-engine-settings-"));
  recorded.workspaces.length = 0;
  recorded.runs.length = 0;
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function engine(options: Partial<AutomationEngineOptions>): AutomationEngine {
  // PulumiCommand is replaced above; the root only has to hold an executable `bin/pulumi`.
  return new AutomationEngine({ dataDir, pulumiRoot: path.resolve(__dirname, "../pulumi-standin"), stateUrl: `file://${path.join(dataDir, "state")}`, secretsProvider: "passphrase", passphrase: "pp", policyPackDir: "/policies", plugins: [], ...options });
}

async function run(e: AutomationEngine, kind: OperationKind, id = `op-${kind}`): Promise<void> {
  const operation = { id, deployment: "orders", kind, request: { params: {}, tags: {} }, requestedBy: { tokenId: "t-1", tokenName: "orders-ci", team: "orders", role: "deployer" } } as Operation;
  await e.run({ operation, deployment: { name: "orders", blueprint: "dynamodb-search", region: "eu-west-1" }, signal: new AbortController().signal, emit: () => undefined, recover: false });
}

describe("AutomationEngine: state backend and secrets provider from its options", () => {
  it("uses a file:// state URL as the project's backend and PULUMI_BACKEND_URL, creating the folder", async () => {
    const folder = path.join(dataDir, "elsewhere", "pulumi-state");
    const url = `file://${folder}`;
    await run(engine({ stateUrl: url }), "create", "op-42");

    expect(fs.statSync(folder).isDirectory()).toBe(true);
    // The URL names the state, not the data dir's default folder.
    expect(fs.existsSync(path.join(dataDir, "state"))).toBe(false);
    const { opts } = recorded.workspaces[0]!;
    expect(opts).toMatchObject({
      workDir: path.join(dataDir, "workspaces", "orders"),
      projectSettings: { name: "slipstream", runtime: "nodejs", backend: { url } },
      secretsProvider: "passphrase",
      stackSettings: { orders: { secretsProvider: "passphrase" } },
      envVars: { PULUMI_BACKEND_URL: url, PULUMI_CONFIG_PASSPHRASE: "pp" },
    });
    expect(recorded.runs).toEqual([{ method: "up", opts: expect.objectContaining({ message: "slipstream operation op-42 requested by orders-ci" }) }]);
  });

  it("passes an s3:// state URL and an awskms:// provider through, creating no folder and no passphrase", async () => {
    const url = "s3://slipstream-state/prod?region=eu-west-1&endpoint=http://127.0.0.1:4566&s3ForcePathStyle=true";
    const kms = "awskms://alias/slipstream-state?region=eu-west-1";
    const e = engine({ stateUrl: url, secretsProvider: kms });
    for (const kind of ["create", "preview", "refresh", "destroy"] as const) await run(e, kind);

    // Only the deployment's workDir is made; a bucket is never created by Slipstream.
    expect(fs.readdirSync(dataDir)).toEqual(["workspaces"]);
    for (const { opts } of recorded.workspaces) {
      expect(opts).toMatchObject({ projectSettings: { backend: { url } }, secretsProvider: kms, stackSettings: { orders: { secretsProvider: kms } } });
      expect(opts["envVars"]).toEqual({ PULUMI_BACKEND_URL: url, PULUMI_SKIP_UPDATE_CHECK: "true" });
    }
    expect(recorded.runs.map((r) => `${r.method}: ${r.opts.message}`)).toEqual([
      "up: slipstream operation op-create requested by orders-ci",
      "preview: slipstream operation op-preview requested by orders-ci",
      "refresh: slipstream operation op-refresh requested by orders-ci",
      "destroy: slipstream operation op-destroy requested by orders-ci",
    ]);
  });

  it("takes its options from the service's settings", () => {
    const plugins = [{ name: "aws", version: "7.0.0" }];
    const defaults = loadSettings({ SLIPSTREAM_DATA_DIR: dataDir });
    expect(engineOptionsFromSettings(defaults, "pp", plugins)).toEqual({
      dataDir,
      pulumiRoot: undefined,
      pulumiHome: undefined,
      install: "auto",
      stateUrl: `file://${path.join(dataDir, "state")}`,
      secretsProvider: "passphrase",
      passphrase: "pp",
      policyPackDir: defaults.SLIPSTREAM_POLICY_PACK,
      plugins,
    });

    const shared = loadSettings({
      SLIPSTREAM_DATA_DIR: dataDir,
      SLIPSTREAM_PULUMI_ROOT: "/opt/pulumi",
      SLIPSTREAM_PULUMI_HOME: "/opt/pulumi-home",
      SLIPSTREAM_PULUMI_INSTALL: "off",
      SLIPSTREAM_STATE_URL: "s3://slipstream-state/prod?region=eu-west-1",
      SLIPSTREAM_SECRETS_PROVIDER: "awskms://alias/slipstream-state",
    });
    expect(engineOptionsFromSettings(shared, "pp", plugins)).toMatchObject({
      pulumiRoot: "/opt/pulumi",
      pulumiHome: "/opt/pulumi-home",
      install: "off",
      stateUrl: "s3://slipstream-state/prod?region=eu-west-1",
      secretsProvider: "awskms://alias/slipstream-state",
    });
  });
});
