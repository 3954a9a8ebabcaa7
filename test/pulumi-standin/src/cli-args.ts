/** A command line split the way the CLI's cobra parser would for the flags the SDK sends. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

/** Usage errors print as the CLI's do and exit 255 without a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 255) {
    super(message.startsWith("error: ") ? message : `error: ${message}`);
  }
}

const ALIASES: Record<string, string> = { "-s": "--stack", "-m": "--message", "-p": "--parallel", "-y": "--yes", "-v": "--verbose", "-f": "--force", "-j": "--json" };

/**
 * `valueFlags` names the flags that take a value in this command; every other flag is
 * boolean unless written `--flag=value`. The SDK always puts values in separate argv
 * entries, except `--run-program=…` and `--generate-code=…`.
 */
export function parseArgs(argv: readonly string[], valueFlags: readonly string[]): ParsedArgs {
  const takesValue = new Set(["--stack", "--color", "--verbose", "--tracing", ...valueFlags]);
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = ALIASES[eq > 0 ? arg.slice(0, eq) : arg] ?? (eq > 0 ? arg.slice(0, eq) : arg);
    if (eq > 0) add(name, arg.slice(eq + 1));
    else if (takesValue.has(name)) {
      const value = argv[++i];
      if (value === undefined) throw new CliError(`flag needs an argument: ${name}`);
      add(name, value);
    } else add(name, "true");
  }
  return { positionals, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  return values?.[values.length - 1];
}

export function has(args: ParsedArgs, name: string): boolean {
  const v = flag(args, name);
  return v !== undefined && v !== "false";
}

/**
 * Flags the SDK may send that change what the engine does but that the stand-in does not
 * model: refusing them loudly beats a run that silently ignores `--target`.
 */
export function rejectUnsupported(command: string, args: ParsedArgs, supported: readonly string[]): void {
  // Output-only and harmless flags every command accepts.
  const always = ["--stack", "--non-interactive", "--color", "--verbose", "--logflow", "--logtostderr", "--tracing", "--debug", "--suppress-outputs", "--suppress-progress", "--yes", "--skip-preview", "--exec-kind", "--exec-agent", "--message", "--parallel", "--disable-integrity-checking"];
  for (const name of args.flags.keys()) {
    if (!always.includes(name) && !supported.includes(name)) {
      throw new CliError(`the Pulumi CLI stand-in does not support ${name} for \`pulumi ${command}\` (see test/pulumi-standin/README.md)`);
    }
  }
}
