import * as fs from "node:fs";
import * as path from "node:path";
import { ConcurrentUpdateError, LocalWorkspace, PulumiCommand, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { blueprintProgram } from "../../programs/blueprint-program";
import type { Operation } from "../domain/model";
import { EngineFailure, type Availability, type DeploymentEngine, type EngineResult, type EngineRun } from "./engine";
import { maskOutputs } from "./mask-outputs";
import { CliProvisioner, INSTALL_HINT, type CliInstaller, type CliProvisionerOptions } from "./pulumi-cli";
import { fileStateFolder } from "./state-backend";
import { DriftCollector } from "./drift-collector";

export interface AutomationEngineOptions {
  /** Holds `workspaces/` (one workDir per deployment) and the CLI's home. */
  dataDir: string;
  /** Folder whose `bin/pulumi` is the CLI; PATH, then a CLI installed into the data dir, when undefined. */
  pulumiRoot: string | undefined;
  /** `auto` (default): with no CLI found, install the SDK's version into the data dir (pulumi-cli.ts). */
  install?: "auto" | "off";
  /** How the CLI is installed (the Automation API's `PulumiCommand.install` by default). */
  installer?: CliInstaller;
  onInstall?: CliProvisionerOptions["onInstall"];
  /** The CLI's home (plugins, credentials); `<dataDir>/pulumi-home` when undefined. */
  pulumiHome?: string | undefined;
  /**
   * The DIY backend holding the stacks' state, as the CLI reads it (state-backend.ts):
   * `file:///<folder>` (created if missing) or `s3://<bucket>[/<prefix>][?…]`, which several
   * instances share.
   */
  stateUrl: string;
  /** `passphrase`, or `awskms://<key>[?region=…]`: how a new stack's secrets are encrypted. */
  secretsProvider: string;
  /** The passphrase provider's passphrase; not passed to the CLI with another provider. */
  passphrase: string;
  /** The CrossGuard pack run on every preview and update. */
  policyPackDir: string;
  /** Provider plugins to install in each new workspace: inline programs report none. */
  plugins: { name: string; version: string }[];
}

const PROJECT = "slipstream";
/** How long a usable CLI is taken as still there without looking. */
const AVAILABILITY_TTL_MS = 10_000;

/**
 * Runs operations through Pulumi's Automation API with the inline programs of `programs/`.
 * Each deployment gets its own LocalWorkspace and workDir inside the data dir (one shared
 * folder races, pulumi/pulumi#8186); state lives in the DIY backend `stateUrl` names — a
 * folder, or a bucket shared by every instance — and secrets use `secretsProvider`. Every
 * run carries its operation id and requester as the update message (`slipstream operation
 * <id> requested by <token name>`), so the stack's history says which operation made each
 * update and who asked for it. SDK errors become
 * EngineFailures with a short, safe detail — the engine's own error diagnostics — never
 * raw CLI output.
 */
export class AutomationEngine implements DeploymentEngine {
  private command: { root: string | undefined; command: Promise<PulumiCommand> } | undefined;
  private readonly cli: CliProvisioner;
  private available: { at: number; value: Availability } | undefined;
  private readonly pluginsInstalled = new Set<string>();

  constructor(private readonly options: AutomationEngineOptions) {
    this.cli = new CliProvisioner({
      configuredRoot: options.pulumiRoot,
      dataDir: options.dataDir,
      install: options.install ?? "auto",
      ...(options.installer ? { installer: options.installer } : {}),
      ...(options.onInstall ? { onInstall: options.onInstall } : {}),
    });
  }

  /**
   * Whether operations can run. Asked on every change a caller requests, so a usable CLI is
   * remembered for AVAILABILITY_TTL_MS instead of looked up on disk each time; a missing one is
   * looked for again at once (an install may just have finished). A run still checks its CLI.
   */
  async availability(): Promise<Availability> {
    if (this.available && performance.now() - this.available.at < AVAILABILITY_TTL_MS) return this.available.value;
    const value = await this.lookUpAvailability();
    this.available = value.ok ? { at: performance.now(), value } : undefined;
    return value;
  }

  private async lookUpAvailability(): Promise<Availability> {
    const location = this.cli.locate();
    if (!location.ok) return { ok: false, reason: location.reason };
    try {
      const command = await this.pulumi(location.root);
      return { ok: true, version: command.version?.toString() ?? "unknown" };
    } catch (err) {
      this.command = undefined;
      const executable = location.root ? path.join(location.root, "bin", "pulumi") : "pulumi on PATH";
      return { ok: false, reason: `The Pulumi CLI at ${executable} is not usable (${(err as Error).message.split("\n")[0]}). ${INSTALL_HINT}` };
    }
  }

  /** The CLI for a run; availability was checked when the operation was accepted, but the CLI may have gone since. */
  private async pulumiForRun(): Promise<PulumiCommand> {
    const location = this.cli.locate();
    if (!location.ok) throw new EngineFailure("Engine unavailable", location.reason);
    return this.pulumi(location.root);
  }

  /** Settles once a background CLI install has ended. */
  cliInstalled(): Promise<void> {
    return this.cli.settled();
  }

  private pulumi(root: string | undefined): Promise<PulumiCommand> {
    if (this.command === undefined || this.command.root !== root) this.command = { root, command: PulumiCommand.get(root ? { root } : {}) };
    return this.command.command;
  }

  workDir(deployment: string): string {
    return path.join(this.options.dataDir, "workspaces", deployment);
  }

  private async stack(run: EngineRun): Promise<Stack> {
    const { name, blueprint } = run.deployment;
    const workDir = this.workDir(name);
    fs.mkdirSync(workDir, { recursive: true });
    const { stateUrl: backend, secretsProvider } = this.options;
    const folder = fileStateFolder(backend);
    if (folder) fs.mkdirSync(folder, { recursive: true });
    const stack = await LocalWorkspace.createOrSelectStack(
      { projectName: PROJECT, stackName: name, program: blueprintProgram(blueprint, run.operation.request, name) },
      {
        workDir,
        // The CLI's home (plugins, credentials) stays inside the data dir with everything else,
        // unless the operator points it elsewhere (the container image's build-time plugins).
        pulumiHome: this.options.pulumiHome ?? path.join(this.options.dataDir, "pulumi-home"),
        pulumiCommand: await this.pulumiForRun(),
        projectSettings: { name: PROJECT, runtime: "nodejs", backend: { url: backend } },
        // The secrets provider only applies when a stack is created, so it is also in the stack settings.
        secretsProvider,
        stackSettings: { [name]: { secretsProvider } },
        envVars: {
          ...(secretsProvider === "passphrase" ? { PULUMI_CONFIG_PASSPHRASE: this.options.passphrase } : {}),
          PULUMI_BACKEND_URL: backend,
          PULUMI_SKIP_UPDATE_CHECK: "true",
        },
      },
    );
    await stack.setConfig("aws:region", { value: run.deployment.region });
    if (!this.pluginsInstalled.has(workDir)) {
      for (const plugin of this.options.plugins) await stack.workspace.installPlugin(plugin.name, `v${plugin.version}`);
      this.pluginsInstalled.add(workDir);
    }
    return stack;
  }

  async run(run: EngineRun): Promise<EngineResult> {
    const errors: string[] = [];
    const onEvent = (event: EngineEvent) => {
      const { sequence: _sequence, timestamp: _timestamp, ...body } = event;
      const [type] = Object.keys(body);
      if (!type) return;
      if (event.diagnosticEvent?.severity === "error") errors.push(event.diagnosticEvent.message.trim());
      if (event.policyEvent?.enforcementLevel === "mandatory") errors.push(`policy ${event.policyEvent.policyName}: ${event.policyEvent.message}`);
      run.emit(type, body[type as keyof typeof body]);
    };
    // The message names the operation in the stack's history (and the CLI stand-in's run log).
    const common = { onEvent, signal: run.signal, color: "never" as const, message: updateMessage(run.operation) };
    let stack: Stack;
    try {
      stack = await this.stack(run);
      if (run.recover) await this.recover(stack, run);
      switch (run.operation.kind) {
        case "create":
        case "update": {
          const result = await stack.up({ ...common, policyPacks: [this.options.policyPackDir] });
          return { summary: result.summary.resourceChanges ?? null, outputs: maskOutputs(result.outputs) };
        }
        case "preview": {
          const result = await stack.preview({ ...common, policyPacks: [this.options.policyPackDir] });
          return { summary: result.changeSummary };
        }
        case "refresh": {
          const result = await stack.refresh(common);
          return { summary: result.summary.resourceChanges ?? null, outputs: maskOutputs(await stack.outputs()) };
        }
        case "drift-check": {
          const drift = new DriftCollector();
          const result = await stack.previewRefresh({ ...common, onEvent: (event) => (drift.observe(event), onEvent(event)) });
          return { summary: result.changeSummary, drift: drift.changes };
        }
        case "destroy": {
          const result = await stack.destroy(common);
          await stack.workspace.removeStack(run.deployment.name);
          fs.rmSync(this.workDir(run.deployment.name), { recursive: true, force: true });
          this.pluginsInstalled.delete(this.workDir(run.deployment.name));
          return { summary: result.summary.resourceChanges ?? null, outputs: {} };
        }
      }
    } catch (err) {
      throw toFailure(err, run.operation, errors, run.signal.aborted);
    }
  }

  /**
   * After a crash the stack keeps its lock and pending operations (pulumi/pulumi#5296):
   * cancel removes the lock; export → drop pending operations → import clears the rest.
   */
  private async recover(stack: Stack, run: EngineRun): Promise<void> {
    await stack.cancel().catch(() => undefined);
    const deployment = await stack.exportStack();
    const pending = (deployment.deployment as { pending_operations?: unknown[] } | undefined)?.pending_operations ?? [];
    if (pending.length > 0) {
      await stack.importStack({ ...deployment, deployment: { ...(deployment.deployment as object), pending_operations: [] } });
    }
    run.emit("slipstream.recovered", { clearedLock: true, clearedPendingOperations: pending.length });
  }
}

function toFailure(err: unknown, operation: Operation, diagnostics: string[], aborted: boolean): EngineFailure {
  if (err instanceof EngineFailure) return err;
  if (aborted) return new EngineFailure("Cancelled", `the ${operation.kind} was cancelled`, true, { cause: err });
  if (err instanceof ConcurrentUpdateError) return new EngineFailure("Stack locked", "another operation holds the stack's lock", false, { cause: err });
  // The engine's own error diagnostics say what went wrong; raw CLI output never leaves here.
  const detail = diagnostics.length > 0 ? diagnostics.slice(0, 5).join("\n") : `the ${operation.kind} failed; see the operation's events`;
  return new EngineFailure(`${operation.kind} failed`, detail, false, { cause: err });
}

/**
 * The update message of an operation's run: `slipstream operation <id>` first — the stack's
 * history, the CLI stand-in's run log and their readers key on that prefix — then who asked.
 * A token name is one line of letters, digits and `._@:-` (the API refuses others); anything
 * else is replaced, so a name can never forge a second line or another operation's id.
 */
export function updateMessage(operation: Pick<Operation, "id" | "requestedBy">): string {
  const name = operation.requestedBy.tokenName.replace(/[^A-Za-z0-9 ._@:-]/g, "?").slice(0, 64);
  return `slipstream operation ${operation.id} requested by ${name}`;
}
