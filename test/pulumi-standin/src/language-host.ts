import { spawn } from "node:child_process";
import * as readline from "node:readline";
import { CliError } from "./cli-args";
import type { ProgramInfo } from "./project-runtime";

/** What the engine's RunRequest carries to the Node.js language host. */
export interface RunRequest {
  info: ProgramInfo;
  organization: string;
  project: string;
  stack: string;
  monitorAddress: string;
  engineAddress: string;
  dryRun: boolean;
  parallel: number;
  /** Decrypted config, keys `namespace:name`; object values as JSON text. */
  config: Record<string, { value: string; secret: boolean }>;
  /** Each line the program writes, as the engine receives a plugin's output. */
  output(stream: "stdout" | "stderr", line: string): void;
  /** Settles when the engine stops the run (a failed step, a mandatory policy, a cancel). */
  stopped?: Promise<void>;
}

/** How long a stopped program gets to wind down before it is killed, as ProgramRun waits for it. */
const WIND_DOWN_MS = 2_000;

/**
 * The runner exits with this code once it has reported the program's error through the
 * engine: the host then bails without adding a message of its own.
 */
const EXITED_AFTER_REPORTING = 32;

/** `@pulumi/pulumi/cmd/run`, resolved from the program's folder as the host's locateModule does. */
function runPath(programDirectory: string): string {
  try {
    return require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDirectory] });
  } catch {
    throw new CliError("It looks like the Pulumi SDK has not been installed. Have you run pulumi install?");
  }
}

/**
 * The host passes config in the environment: `PULUMI_CONFIG` with keys in the old
 * `namespace:config:name` form (the SDK strips `:config:` again) and
 * `PULUMI_CONFIG_SECRET_KEYS`, the keys whose values are secret.
 */
export function configEnvironment(config: RunRequest["config"]): { PULUMI_CONFIG: string; PULUMI_CONFIG_SECRET_KEYS: string } {
  const values: Record<string, string> = {};
  for (const [key, { value }] of Object.entries(config)) {
    const colon = key.indexOf(":");
    values[`${key.slice(0, colon)}:config:${key.slice(colon + 1)}`] = value;
  }
  const secretKeys = Object.entries(config).filter(([, v]) => v.secret).map(([k]) => k);
  return { PULUMI_CONFIG: JSON.stringify(values), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}

/** The runner's command line, flag for flag as the host builds it (constructArguments). */
export function runnerArguments(req: RunRequest, run: string): string[] {
  const args = [run];
  const add = (flag: string, value: string) => value !== "" && args.push(`--${flag}`, value);
  add("monitor", req.monitorAddress);
  add("engine", req.engineAddress);
  add("organization", req.organization);
  add("project", req.project);
  add("root-directory", req.info.rootDirectory);
  add("stack", req.stack);
  add("pwd", req.info.programDirectory);
  if (req.dryRun) args.push("--dry-run");
  add("parallel", String(req.parallel));
  args.push(req.info.entryPoint);
  return args;
}

/**
 * Runs a project's program as pulumi-language-nodejs does: `node [nodeargs] <sdk>/cmd/run
 * <flags> <entry point>` with the config in the environment, and `PULUMI_NODEJS_TYPESCRIPT`
 * / `PULUMI_NODEJS_TSCONFIG_PATH` from the runtime options, so the SDK's own runner loads
 * TypeScript through ts-node exactly as under the real CLI. Resolves like the host's
 * RunResponse: undefined on success, "" to bail (the runner already reported the error),
 * otherwise the error text.
 */
export function runNodeProgram(req: RunRequest): Promise<string | undefined> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...configEnvironment(req.config) };
  if (req.info.typescript) env["PULUMI_NODEJS_TYPESCRIPT"] = "true";
  if (req.info.tsconfig !== undefined) env["PULUMI_NODEJS_TSCONFIG_PATH"] = req.info.tsconfig;
  const child = spawn(process.execPath, [...req.info.nodeargs, ...runnerArguments(req, runPath(req.info.programDirectory))], {
    cwd: req.info.programDirectory,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The stand-in exits explicitly when its operation ends; a program it started must not outlive it.
  const orphan = () => child.kill("SIGKILL");
  process.once("exit", orphan);
  // Once the engine has stopped the run, what the program still says is about the monitor
  // going away (failed log deliveries, closed channels), not about the program: drop it.
  let stopped = false;
  void req.stopped?.then(() => {
    stopped = true;
    setTimeout(orphan, WIND_DOWN_MS).unref();
  });
  const streams = (["stdout", "stderr"] as const).map(
    (name) =>
      new Promise<void>((resolve) => {
        const lines = readline.createInterface({ input: child[name], crlfDelay: Infinity });
        lines.on("line", (line) => !stopped && req.output(name, line));
        lines.on("close", resolve);
      }),
  );
  return new Promise((resolve) => {
    child.on("error", (err) => resolve(`Problem executing program (could not run language executor): ${err.message}`));
    child.on("close", (code, signal) => {
      process.off("exit", orphan);
      void Promise.all(streams).then(() => {
        if (code === 0) resolve(undefined);
        else if (code === EXITED_AFTER_REPORTING) resolve("");
        else if (code !== null) resolve(`Program exited with non-zero exit code: ${code}`);
        else resolve(`Program exited unexpectedly: ${signal}`);
      });
    });
  });
}
