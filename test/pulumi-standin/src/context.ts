import { Backend } from "./backend";
import { CliError, flag, type ParsedArgs } from "./cli-args";
import { loadProject, parseStackName, selectedStack, StackSettings, type Project } from "./workspace";

/** What every stack command needs: the project in the working directory, its backend, the stack. */
export interface Context {
  cwd: string;
  project: Project;
  backend: Backend;
  out: (line: string) => void;
}

export function context(cwd: string, out: (line: string) => void): Context {
  const project = loadProject(cwd);
  return { cwd, project, backend: new Backend(project), out };
}

/** `--stack`, else the selected stack — which must exist. */
export function targetStack(ctx: Context, args: ParsedArgs): string {
  const raw = flag(args, "--stack") ?? selectedStack(ctx.project);
  if (!raw) throw new CliError("no stack selected; please use `pulumi stack select` or pass --stack");
  const stack = parseStackName(raw, ctx.project);
  ctx.backend.requireStack(stack);
  return stack;
}

export function settingsFor(ctx: Context, stack: string): StackSettings {
  return new StackSettings(ctx.project, stack, () => {
    // Another workspace may have created the stack: its salt is in the state, as with the CLI.
    if (!ctx.backend.exists(stack)) return undefined;
    const salt = ctx.backend.readRaw(stack)?.secrets_providers?.state["salt"];
    return typeof salt === "string" ? salt : undefined;
  });
}
