import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

export const INSTALL_HINT =
  "Install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/) and put it on PATH, or set SLIPSTREAM_PULUMI_ROOT to a folder whose bin/pulumi is the CLI.";

/** The SDK's own version: the CLI the service installs is this one, so engine and SDK agree. */
export const SDK_VERSION = (require("@pulumi/pulumi/package.json") as { version: string }).version;

/** Where the service installs the CLI when none is found: beside its other data. */
export const installedCliRoot = (dataDir: string) => path.join(dataDir, "pulumi-cli");

/** Whether `file` is an executable regular file. */
function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where the `pulumi` executable is: `<root>/bin/pulumi` when a root is configured, else PATH. */
export function locatePulumi(root: string | undefined, searchPath = process.env["PATH"] ?? ""): string | undefined {
  const candidates = root ? [path.join(root, "bin", "pulumi")] : searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, "pulumi"));
  return candidates.find(isExecutable);
}

/** Installs CLI `version` so that `<root>/bin/pulumi` is it (the Automation API's installer by default). */
export type CliInstaller = (root: string, version: string) => Promise<void>;

/** The Automation API's installer (get.pulumi.com's install script); its default version is the SDK's, `SDK_VERSION`. */
export const downloadCli: CliInstaller = async (root) => {
  await PulumiCommand.install({ root });
};

/** Which CLI the engine runs: `root` for `<root>/bin/pulumi`, undefined for `pulumi` on PATH. */
export type CliLocation = { ok: true; root: string | undefined } | { ok: false; reason: string };

export interface CliProvisionerOptions {
  /** SLIPSTREAM_PULUMI_ROOT: when set, that CLI and no other. */
  configuredRoot: string | undefined;
  dataDir: string;
  /** SLIPSTREAM_PULUMI_INSTALL: `auto` installs the SDK's version into the data dir when no CLI is found. */
  install: "auto" | "off";
  installer?: CliInstaller;
  /** Told when an install starts and how it ended. */
  onInstall?: (event: { phase: "started" | "succeeded" | "failed"; root: string; version: string; error?: string }) => void;
}

/**
 * Finds the Pulumi CLI, in order: SLIPSTREAM_PULUMI_ROOT; `pulumi` on PATH; a CLI this
 * service installed into the data dir earlier. With none and SLIPSTREAM_PULUMI_INSTALL=auto
 * (the default), it installs the SDK's version into the data dir once — in the background, so
 * the service starts at once and deploys when the download is done (`npm start` on a machine
 * that can reach get.pulumi.com then needs nothing else). Until then, or when the download
 * fails (offline), callers get a reason that says what to do.
 */
export class CliProvisioner {
  private installing: Promise<void> | undefined;
  private failure: string | undefined;

  constructor(private readonly options: CliProvisionerOptions) {}

  locate(): CliLocation {
    const { configuredRoot, dataDir } = this.options;
    if (configuredRoot !== undefined) {
      return locatePulumi(configuredRoot) ? { ok: true, root: configuredRoot } : { ok: false, reason: `The Pulumi CLI was not found at ${path.join(configuredRoot, "bin", "pulumi")} (SLIPSTREAM_PULUMI_ROOT). ${INSTALL_HINT}` };
    }
    if (locatePulumi(undefined)) return { ok: true, root: undefined };
    const installed = installedCliRoot(dataDir);
    if (locatePulumi(installed)) return { ok: true, root: installed };
    if (this.options.install === "off") return { ok: false, reason: `The Pulumi CLI was not found, and installing it is off (SLIPSTREAM_PULUMI_INSTALL=off). ${INSTALL_HINT}` };
    if (this.failure !== undefined) {
      return { ok: false, reason: `The Pulumi CLI was not found and installing v${SDK_VERSION} into ${installed} failed (${this.failure}). Without internet access, ${INSTALL_HINT.charAt(0).toLowerCase()}${INSTALL_HINT.slice(1)} Restart the service to try the download again.` };
    }
    this.startInstall(installed);
    return { ok: false, reason: `The Pulumi CLI was not found; v${SDK_VERSION} is being installed into ${installed}. Try again in a minute.` };
  }

  /** Settles when a background install has ended (tests and startup logs wait on it). */
  async settled(): Promise<void> {
    await this.installing;
  }

  private startInstall(root: string): void {
    if (this.installing) return;
    const installer = this.options.installer ?? downloadCli;
    this.options.onInstall?.({ phase: "started", root, version: SDK_VERSION });
    this.installing = (async () => {
      try {
        await installer(root, SDK_VERSION);
        if (!locatePulumi(root)) throw new Error(`the installer finished but ${path.join(root, "bin", "pulumi")} is not there`);
        this.options.onInstall?.({ phase: "succeeded", root, version: SDK_VERSION });
      } catch (err) {
        this.failure = (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
        this.options.onInstall?.({ phase: "failed", root, version: SDK_VERSION, error: this.failure });
      }
    })();
  }
}
