import { CliError, parseArgs } from "./cli-args";
import type * as Operations from "./operations";
import { recordRun } from "./run-log";
import { cancelCommand, configCommand, pluginCommand, stackCommand, versionCommand, whoamiCommand } from "./stack-commands";

/**
 * The stand-in's entry: dispatches the argv the Automation API builds. Resolves to the exit
 * code; errors print the way the CLI prints them (`error: …` on stderr) and exit 255.
 */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const [command, ...rest] = argv;
  // gRPC and the protos load only for the commands that run a deployment: every CLI call
  // costs a Node start, and the SDK makes several per operation.
  const ops = () => require("./operations") as typeof Operations;
  try {
    switch (command) {
      case "version":
        return versionCommand(out);
      case "stack":
        return stackCommand(rest, cwd, out);
      case "config":
        return configCommand(rest, cwd, out);
      case "up":
      case "update": {
        const args = parseArgs(rest, operationFlags);
        return await recordRun("up", args, cwd, () => ops().update("update", args, cwd, out));
      }
      case "preview": {
        const args = parseArgs(rest, operationFlags);
        return await recordRun("preview", args, cwd, () => ops().update("preview", args, cwd, out));
      }
      case "refresh": {
        const args = parseArgs(rest, operationFlags);
        return await recordRun("refresh", args, cwd, () => ops().refresh(args, cwd, out));
      }
      case "destroy": {
        const args = parseArgs(rest, operationFlags);
        return await recordRun("destroy", args, cwd, () => ops().destroy(args, cwd, out));
      }
      case "cancel":
        return cancelCommand(rest, cwd, out);
      case "plugin":
        return pluginCommand(rest, out);
      case "whoami":
        return whoamiCommand(rest, cwd, out);
      default:
        throw new CliError(`\`pulumi ${argv.join(" ")}\` is not supported by the Pulumi CLI stand-in (test/pulumi-standin/README.md lists what is)`);
    }
  } catch (err) {
    const message = err instanceof CliError ? err.message : `error: ${(err as Error).message.replace(/^error: /, "")}`;
    process.stderr.write(`${message}\n`);
    return err instanceof CliError ? err.exitCode : 255;
  }
}

const operationFlags = ["--client", "--event-log", "--exec-kind", "--exec-agent", "--message", "--parallel", "--policy-pack", "--policy-pack-config", "--target", "--exclude", "--replace", "--plan", "--save-plan", "--import-file", "--config-file"];
