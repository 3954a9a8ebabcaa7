import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { STATE_WAIT_MS } from "../../support/wait-for";

// Not taken from ./service: the engineer path needs nothing of the service, not even loading it.
export const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..", "..");
const STANDIN_BIN = path.join(REPOSITORY_ROOT, "test", "pulumi-standin", "bin");

export interface ShellResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Both streams, interleaved as written. */
  output: string;
}

/** The shell blocks (```sh) of one README section, in order. */
export function readmeShellBlocks(heading: string): string[] {
  const readme = fs.readFileSync(path.join(REPOSITORY_ROOT, "README.md"), "utf8");
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const next = readme.indexOf("\n## ", start + heading.length);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/**
 * An engineer's terminal at the repository root, made for a test: `pulumi` on PATH is the
 * CLI stand-in, state goes to a temporary DIY backend, the passphrase and PULUMI_HOME are the
 * test's own. Stack settings files (`Pulumi.<stack>.yaml`) land beside Pulumi.yaml as with
 * the real CLI; `close` removes the ones this shell made and puts back any it displaced.
 */
export class EngineerShell {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipstream-engineer-"));
  readonly env: NodeJS.ProcessEnv;
  private readonly displaced = new Map<string, string | undefined>();

  constructor(readonly stacks: readonly string[]) {
    fs.mkdirSync(path.join(this.dir, "state"));
    this.env = {
      ...process.env,
      PATH: `${STANDIN_BIN}${path.delimiter}${process.env["PATH"] ?? ""}`,
      PULUMI_BACKEND_URL: `file://${path.join(this.dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "engineer-passphrase",
      PULUMI_HOME: path.join(this.dir, "home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    // An engineer's own settings for a stack of the same name must survive the test.
    for (const stack of stacks) {
      const file = this.settingsFile(stack);
      this.displaced.set(file, fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined);
      fs.rmSync(file, { force: true });
    }
  }

  settingsFile(stack: string): string {
    return path.join(REPOSITORY_ROOT, `Pulumi.${stack}.yaml`);
  }

  /** Runs `script` with bash at the repository root; never throws on a failing command. */
  run(script: string, { errexit = true } = {}): Promise<ShellResult> {
    return new Promise((resolve, reject) => {
      const child = spawn("bash", ["-c", `${errexit ? "set -euo pipefail\n" : ""}${script}`], { cwd: REPOSITORY_ROOT, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
      const stdout: string[] = [];
      const stderr: string[] = [];
      const output: string[] = [];
      child.stdout.on("data", (chunk: Buffer) => (stdout.push(chunk.toString()), output.push(chunk.toString())));
      child.stderr.on("data", (chunk: Buffer) => (stderr.push(chunk.toString()), output.push(chunk.toString())));
      // The bound turns a hang into a failure; the state a test waits for is the exit.
      const timer = setTimeout(() => child.kill("SIGKILL"), STATE_WAIT_MS);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout: stdout.join(""), stderr: stderr.join(""), output: output.join("") });
      });
    });
  }

  /** `pulumi stack export` of a stack, parsed; `showSecrets` decrypts as `--show-secrets` does. */
  async exportStack(stack: string, showSecrets = false): Promise<StackExport> {
    const result = await this.run(`pulumi stack export --stack ${stack}${showSecrets ? " --show-secrets" : ""}`);
    if (result.code !== 0) throw new Error(`pulumi stack export failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as StackExport;
  }

  close(): void {
    for (const [file, content] of this.displaced) {
      if (content === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, content);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface ExportedResource {
  urn: string;
  type: string;
  custom: boolean;
  parent?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface StackExport {
  version: number;
  deployment: { resources?: ExportedResource[] };
}

/** The resources of an export other than the stack itself and default providers. */
export function deployedResources(exported: StackExport): ExportedResource[] {
  return (exported.deployment.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
}
