import { Command, CommanderError } from "commander";
import { EXIT } from "./exit-codes";
import { OFFLINE_COMMANDS, type OfflineCommandName } from "./offline-command-names";
import { registerBlueprintCommands, registerDeploymentCommands, registerOperationCommands } from "./remote/remote-commands";
import { ServiceError } from "./remote/service-client";
import { CHECK_USAGE, PLAN_USAGE, SERVE_USAGE, TOKEN_USAGE } from "./usage";
import { UsageError } from "./usage-error";

const VERSION = (require("../../package.json") as { version: string }).version;

const OFFLINE: Record<OfflineCommandName, { summary: string; usage: string }> = {
  plan: { summary: "render what a request would create, offline (no service, no AWS)", usage: PLAN_USAGE },
  check: { summary: "run the policy pack offline on a request or a resources file (exit 1 on a mandatory violation)", usage: CHECK_USAGE },
  serve: { summary: "run the HTTP service (settings from the environment)", usage: SERVE_USAGE },
  token: { summary: "print a new random token for SLIPSTREAM_BOOTSTRAP_TOKEN", usage: TOKEN_USAGE },
};

/**
 * Bad input that the offline commands' modules raise. Matched by name so that parsing the
 * command line never loads those modules (the catalogue and Pulumi's SDK take seconds).
 */
const INPUT_ERRORS = new Set(["UsageError", "RequestValidationError", "UnknownBlueprintError"]);

const EXIT_CODES = [
  "exit codes:",
  "  0 success · 1 the operation failed, was cancelled or interrupted (or a check found a mandatory violation)",
  "  2 bad input · 3 not found · 4 conflict (state, name taken, policy) · 5 service unavailable · 6 not authorized",
  "service commands read --server (or SLIPSTREAM_SERVER, default http://127.0.0.1:8080) and the token from SLIPSTREAM_TOKEN",
].join("\n");

/**
 * Runs one CLI command and returns its exit code (see `EXIT`). Service commands talk to a
 * running service over HTTP; plan, check, serve and token run here, each loading its modules
 * only when it runs, so `--help` and the service commands start fast.
 */
export async function main(argv: string[], out: (text: string) => void = (t) => console.log(t), err: (text: string) => void = (t) => console.error(t)): Promise<number> {
  let code: number = EXIT.ok;
  const io = { out, exit: (c: number) => (code = c), env: process.env };
  const write = (sink: (text: string) => void) => (text: string) => sink(text.replace(/\n$/, ""));
  const program = new Command("slipstream")
    .description("Slipstream: streaming-analytics architectures on AWS, deployed with Pulumi")
    .version(VERSION, "-v, --version")
    .configureOutput({ writeOut: write(out), writeErr: write(err) })
    .addHelpText("after", `\n${EXIT_CODES}`)
    .exitOverride()
    .showSuggestionAfterError();

  registerDeploymentCommands(program, io);
  registerOperationCommands(program, io);
  registerBlueprintCommands(program, io);
  for (const name of OFFLINE_COMMANDS) {
    const { summary, usage } = OFFLINE[name];
    program
      .command(name)
      .description(summary)
      .argument("[arguments...]")
      // The command parses its own arguments; its --help prints its usage.
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(async (_args: string[], _options: unknown, command: Command) => {
        const args = command.args;
        if (args.includes("--help") || args.includes("-h")) {
          out(`usage: ${usage}`);
          return;
        }
        // Loaded now, not at start: it is what loads TypeScript (and, through it, the product).
        const { loadOfflineCommand } = await import("./offline-commands.js");
        const run = loadOfflineCommand(name);
        code = await run(args, out);
      });
  }
  exitOverrideAll(program);

  if (argv.length === 0) {
    err(program.helpInformation().replace(/\n$/, ""));
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof ServiceError) {
      err(e.message);
      return e.exitCode;
    }
    if (e instanceof UsageError || (e instanceof Error && INPUT_ERRORS.has(e.name))) {
      err(e.message);
      return EXIT.usage;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      err(e.message);
      return EXIT.usage;
    }
    throw e;
  }
}

/** Every command throws instead of exiting the process, and writes where `main` was told to. */
function exitOverrideAll(command: Command): void {
  for (const sub of command.commands) {
    sub.exitOverride();
    sub.configureOutput(command.configureOutput());
    exitOverrideAll(sub);
  }
}
