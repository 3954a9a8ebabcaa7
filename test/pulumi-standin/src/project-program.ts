import { CliError, has, type ParsedArgs } from "./cli-args";
import type { Context } from "./context";
import type { EventSink } from "./events";
import { runNodeProgram } from "./language-host";
import { programInfo } from "./project-runtime";
import { DIY_ORG, type StackSettings } from "./workspace";

/**
 * `pulumi up|preview` typed in a shell, without `--client`: the program is the project's
 * own (`Pulumi.yaml` `main`), run through the Node.js language host's path. Returns what
 * ProgramRun calls with its monitor's address; the same server is the engine.
 */
export function projectProgram(ctx: Context, stack: string, settings: StackSettings, opts: { dryRun: boolean; parallel: number; events: EventSink }): (monitorAddress: string, stopped: Promise<void>) => Promise<string | undefined> {
  const info = programInfo(ctx.project.dir);
  return (monitorAddress, stopped) =>
    runNodeProgram({
      stopped,
      info,
      organization: DIY_ORG,
      project: ctx.project.name,
      stack,
      monitorAddress,
      engineAddress: monitorAddress,
      dryRun: opts.dryRun,
      parallel: opts.parallel,
      config: settings.all(),
      // The engine shows what a program prints as diagnostics on the stack: stdout as info,
      // stderr as info#err.
      output: (stream, line) => {
        opts.events.emit({ diagnosticEvent: { prefix: "", message: `${line}\n`, color: "never", severity: stream === "stdout" ? "info" : "info#err" } });
        ctx.out(`    ${line}`);
      },
    });
}

/**
 * The CLI asks before it changes anything; without a terminal to ask on it refuses unless
 * told to go ahead (`--yes`, `--skip-preview`, PULUMI_SKIP_CONFIRMATIONS). The stand-in never
 * asks, so in a terminal it wants `--yes` too rather than changing a stack unasked.
 */
export function requireConfirmation(command: string, args: ParsedArgs): void {
  if (has(args, "--yes") || has(args, "--skip-preview") || has(args, "--preview-only")) return;
  if (process.env["PULUMI_SKIP_CONFIRMATIONS"] === "true" || process.env["PULUMI_SKIP_CONFIRMATIONS"] === "1") return;
  const interactive = process.stdin.isTTY && process.stdout.isTTY && !has(args, "--non-interactive") && !process.env["CI"];
  if (!interactive) throw new CliError("--yes or --skip-preview must be passed in to proceed when running in non-interactive mode");
  throw new CliError(`the Pulumi CLI stand-in does not ask for confirmation: pass --yes to \`pulumi ${command}\``);
}
