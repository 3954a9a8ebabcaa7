import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emptyDeployment, mapPlaintext, mapSecrets, STANDIN_VERSION, type Deployment } from "./backend";
import { CliError, flag, has, parseArgs, rejectUnsupported, type ParsedArgs } from "./cli-args";
import { context, settingsFor, targetStack, type Context } from "./context";
import { maskedMap, plainMap, type WireMap } from "./wire";
import { requirePassphraseProvider } from "./secrets";
import { DIY_ORG, parseStackName, pulumiHome, selectedStack, selectStack, type ConfigValue } from "./workspace";

type Out = (line: string) => void;

function json(out: Out, value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

/** `pulumi stack …` */
export function stackCommand(argv: string[], cwd: string, out: Out): number {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, ["--secrets-provider", "--file", "--page-size", "--page"]);
  const ctx = context(cwd, out);
  switch (sub) {
    case "select": {
      rejectUnsupported("stack select", args, ["--create", "--secrets-provider"]);
      const raw = flag(args, "--stack") ?? args.positionals[0];
      if (!raw) throw new CliError("a stack name is required");
      const stack = parseStackName(raw, ctx.project);
      ctx.backend.requireStack(stack);
      selectStack(ctx.project, stack);
      return 0;
    }
    case "init": {
      rejectUnsupported("stack init", args, ["--secrets-provider", "--no-select"]);
      const raw = args.positionals[0] ?? flag(args, "--stack");
      if (!raw) throw new CliError("a stack name is required");
      const stack = parseStackName(raw, ctx.project);
      if (ctx.backend.exists(stack)) throw new CliError(`stack '${ctx.backend.fqn(stack)}' already exists`);
      requirePassphraseProvider(flag(args, "--secrets-provider") ?? "passphrase");
      const settings = settingsFor(ctx, stack);
      ctx.backend.create(stack, settings.encryptionSalt());
      if (!has(args, "--no-select")) selectStack(ctx.project, stack);
      out(`Created stack '${stack}'`);
      return 0;
    }
    case "ls": {
      rejectUnsupported("stack ls", args, ["--json", "--all"]);
      const current = selectedStack(ctx.project)?.split("/").pop();
      const stacks = ctx.backend.stacks().map((name) => {
        const last = ctx.backend.history(name)[0];
        const resources = ctx.backend.readRaw(name)?.resources ?? [];
        return {
          name,
          current: name === current,
          ...(last ? { lastUpdate: last.endTime } : {}),
          updateInProgress: ctx.backend.isLocked(name),
          ...(last ? { resourceCount: resources.length } : {}),
          url: ctx.backend.blobs.location(ctx.backend.stackKey(name)),
        };
      });
      json(out, stacks);
      return 0;
    }
    case "rm": {
      rejectUnsupported("stack rm", args, ["--force", "--preserve-config"]);
      const raw = args.positionals[0] ?? flag(args, "--stack");
      if (!raw) throw new CliError("a stack name is required");
      const stack = parseStackName(raw, ctx.project);
      ctx.backend.remove(stack, has(args, "--force"));
      if (!has(args, "--preserve-config")) fs.rmSync(settingsFor(ctx, stack).file, { force: true });
      if (selectedStack(ctx.project)?.split("/").pop() === stack) selectStack(ctx.project, undefined);
      out(`Stack '${stack}' has been removed!`);
      return 0;
    }
    case "output":
      return stackOutput(ctx, args);
    case "history":
      return stackHistory(ctx, args);
    case "export":
      return stackExport(ctx, args);
    case "import":
      return stackImport(ctx, args);
    case undefined:
      // `pulumi stack --stack x` — the SDK's way of checking a stack exists.
      targetStack(ctx, args);
      return 0;
    default:
      throw new CliError(`\`pulumi stack ${sub}\` is not supported by the Pulumi CLI stand-in`);
  }
}

function stackOutputs(ctx: Context, stack: string): WireMap {
  const d = ctx.backend.read(stack, () => settingsFor(ctx, stack).secrets());
  const root = (d.resources ?? []).find((r) => r.type === "pulumi:pulumi:Stack" && !r.parent);
  return root?.outputs ?? {};
}

function stackOutput(ctx: Context, args: ParsedArgs): number {
  rejectUnsupported("stack output", args, ["--json", "--show-secrets"]);
  const stack = targetStack(ctx, args);
  const outputs = stackOutputs(ctx, stack);
  const shown = has(args, "--show-secrets") ? plainMap(outputs) : maskedMap(outputs);
  const name = args.positionals[0];
  if (name !== undefined) {
    if (!(name in shown)) throw new CliError(`current stack does not have output property '${name}'`);
    ctx.out(has(args, "--json") ? JSON.stringify(shown[name], null, 2) : String(shown[name]));
    return 0;
  }
  json(ctx.out, shown);
  return 0;
}

function stackHistory(ctx: Context, args: ParsedArgs): number {
  rejectUnsupported("stack history", args, ["--json", "--show-secrets", "--page-size", "--page"]);
  const stack = targetStack(ctx, args);
  let entries = ctx.backend.history(stack);
  const pageSize = Number(flag(args, "--page-size") ?? 0);
  if (pageSize > 0) {
    const page = Math.max(1, Number(flag(args, "--page") ?? 1));
    entries = entries.slice((page - 1) * pageSize, page * pageSize);
  }
  json(ctx.out, entries);
  return 0;
}

function stackExport(ctx: Context, args: ParsedArgs): number {
  rejectUnsupported("stack export", args, ["--show-secrets", "--file"]);
  const stack = targetStack(ctx, args);
  const settings = settingsFor(ctx, stack);
  let deployment: Deployment = ctx.backend.readRaw(stack) ?? emptyDeployment(undefined);
  if (has(args, "--show-secrets")) {
    // Decrypted secrets are exported as `plaintext` JSON, as the CLI does.
    const decrypted = ctx.backend.read(stack, () => settings.secrets());
    deployment = mapPlaintext(decrypted, (value) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(value) }));
  }
  const body = JSON.stringify({ version: 3, deployment }, null, 4);
  const file = flag(args, "--file");
  if (file) fs.writeFileSync(path.resolve(ctx.cwd, file), body);
  else ctx.out(body);
  return 0;
}

function stackImport(ctx: Context, args: ParsedArgs): number {
  rejectUnsupported("stack import", args, ["--file", "--force"]);
  const stack = targetStack(ctx, args);
  const file = flag(args, "--file");
  if (!file) throw new CliError("the Pulumi CLI stand-in reads imports from --file only");
  const untyped = JSON.parse(fs.readFileSync(path.resolve(ctx.cwd, file), "utf8")) as { version?: number; deployment?: Deployment };
  if (untyped.version !== 3 || !untyped.deployment) throw new CliError("could not deserialize deployment: only version 3 deployments are supported");
  const d = untyped.deployment;
  const urns = new Set<string>();
  for (const r of d.resources ?? []) {
    // The engine validates an imported snapshot: every parent and dependency must come first.
    for (const ref of [r.parent, ...(r.dependencies ?? [])]) {
      if (ref && !urns.has(ref)) throw new CliError(`could not import deployment: resource ${r.urn} refers to ${ref}, which is not defined before it`);
    }
    if (urns.has(r.urn)) throw new CliError(`could not import deployment: duplicate resource ${r.urn}`);
    urns.add(r.urn);
  }
  const settings = settingsFor(ctx, stack);
  const decrypted = mapSecrets(d, (ciphertext) => JSON.parse(settings.secrets().decrypt(ciphertext)));
  ctx.backend.write(stack, decrypted, () => settings.secrets());
  ctx.out("Import complete.");
  return 0;
}

/** `pulumi config …` */
export function configCommand(argv: string[], cwd: string, out: Out): number {
  const sub = argv[0] && !argv[0].startsWith("-") ? argv[0] : undefined;
  const rest = sub ? argv.slice(1) : argv;
  const ctx = context(cwd, out);
  switch (sub) {
    case undefined: {
      const args = parseArgs(rest, []);
      rejectUnsupported("config", args, ["--json", "--show-secrets"]);
      const stack = targetStack(ctx, args);
      const all = settingsFor(ctx, stack).all();
      const show = has(args, "--show-secrets");
      // A secret object is hidden whole: its plaintext leaves must not show through objectValue.
      const shown = (v: ConfigValue) => (v.secret && !show ? { value: "[secret]", secret: true } : v);
      json(out, Object.fromEntries(Object.entries(all).map(([k, v]) => [k, shown(v)])));
      return 0;
    }
    case "get": {
      const args = parseArgs(rest, []);
      rejectUnsupported("config get", args, ["--json", "--path"]);
      const stack = targetStack(ctx, args);
      const key = args.positionals[0];
      if (!key) throw new CliError("a config key is required");
      const v = settingsFor(ctx, stack).get(key, has(args, "--path"));
      if (!v) throw new CliError(`configuration key '${key}' not found for stack '${stack}'`);
      out(has(args, "--json") ? JSON.stringify(v, null, 2) : v.value);
      return 0;
    }
    case "set": {
      const args = parseArgs(rest, []);
      rejectUnsupported("config set", args, ["--secret", "--plaintext", "--path"]);
      const stack = targetStack(ctx, args);
      const [key, value] = args.positionals;
      if (!key || value === undefined) throw new CliError("`pulumi config set` needs a key and a value");
      settingsFor(ctx, stack).set(key, value, has(args, "--secret"), has(args, "--path"));
      return 0;
    }
    case "set-all": {
      const args = parseArgs(rest, ["--secret", "--plaintext", "--json"]);
      rejectUnsupported("config set-all", args, ["--secret", "--plaintext", "--path", "--json"]);
      const stack = targetStack(ctx, args);
      const settings = settingsFor(ctx, stack);
      const usePath = has(args, "--path");
      const jsonBody = flag(args, "--json");
      if (jsonBody) {
        for (const [k, v] of Object.entries(JSON.parse(jsonBody) as Record<string, { value?: unknown; objectValue?: unknown; secret?: boolean }>)) {
          const value = v.objectValue !== undefined ? JSON.stringify(v.objectValue) : String(v.value);
          settings.set(k, value, !!v.secret, usePath);
        }
      }
      // Pairs keep their argv order between the two flags, which matters only for duplicates.
      for (const [name, isSecret] of [["--plaintext", false], ["--secret", true]] as const) {
        for (const pair of args.flags.get(name) ?? []) {
          const eq = pair.indexOf("=");
          if (eq <= 0) throw new CliError(`expected a key=value pair, got '${pair}'`);
          settings.set(pair.slice(0, eq), pair.slice(eq + 1), isSecret, usePath);
        }
      }
      return 0;
    }
    case "rm":
    case "rm-all": {
      const args = parseArgs(rest, []);
      rejectUnsupported(`config ${sub}`, args, ["--path"]);
      const stack = targetStack(ctx, args);
      for (const key of args.positionals) settingsFor(ctx, stack).remove(key, has(args, "--path"));
      return 0;
    }
    default:
      throw new CliError(`\`pulumi config ${sub}\` is not supported by the Pulumi CLI stand-in`);
  }
}

/** `pulumi cancel`: on a DIY backend this deletes the stack's lock files. */
export function cancelCommand(argv: string[], cwd: string, out: Out): number {
  const args = parseArgs(argv, []);
  rejectUnsupported("cancel", args, []);
  const ctx = context(cwd, out);
  const raw = args.positionals[0] ?? flag(args, "--stack");
  const stack = raw ? parseStackName(raw, ctx.project) : targetStack(ctx, args);
  ctx.backend.requireStack(stack);
  ctx.backend.unlockAll(stack);
  out(`The currently running update for '${stack}' has been canceled!`);
  return 0;
}

interface PluginRecord {
  name: string;
  kind: string;
  version: string;
  size: number;
  installTime: string;
  lastUsedTime: string;
}

function pluginsFile(): string {
  return path.join(pulumiHome(), "plugins", "standin-plugins.json");
}

function plugins(): PluginRecord[] {
  try {
    return JSON.parse(fs.readFileSync(pluginsFile(), "utf8")) as PluginRecord[];
  } catch {
    return [];
  }
}

/** `pulumi plugin install|ls`: installs are recorded, never downloaded; the stand-in plays every provider. */
export function pluginCommand(argv: string[], out: Out): number {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, ["--server", "--checksum"]);
  switch (sub) {
    case "install": {
      rejectUnsupported("plugin install", args, ["--server", "--reinstall", "--exact", "--checksum"]);
      const [kind, name, version] = args.positionals;
      if (!kind || !name) throw new CliError("`pulumi plugin install` needs a kind and a name");
      const v = (version ?? "0.0.0").replace(/^v/, "");
      const now = new Date().toISOString();
      const list = plugins().filter((p) => !(p.kind === kind && p.name === name && p.version === v));
      list.push({ name, kind, version: v, size: 0, installTime: now, lastUsedTime: now });
      fs.mkdirSync(path.dirname(pluginsFile()), { recursive: true });
      fs.writeFileSync(pluginsFile(), JSON.stringify(list, null, 2));
      out(`[${kind} plugin ${name}-${v}] installing (recorded by the Pulumi CLI stand-in)`);
      return 0;
    }
    case "ls": {
      rejectUnsupported("plugin ls", args, ["--json", "--project"]);
      json(out, plugins());
      return 0;
    }
    default:
      throw new CliError(`\`pulumi plugin ${sub}\` is not supported by the Pulumi CLI stand-in`);
  }
}

export function whoamiCommand(argv: string[], cwd: string, out: Out): number {
  const args = parseArgs(argv, []);
  rejectUnsupported("whoami", args, ["--json", "--verbose"]);
  const user = os.userInfo().username;
  let url = "";
  try {
    url = context(cwd, out).backend.url;
  } catch {
    url = process.env["PULUMI_BACKEND_URL"] ?? "";
  }
  if (has(args, "--json")) json(out, { user, organizations: [DIY_ORG], url });
  else out(user);
  return 0;
}

export function versionCommand(out: Out): number {
  out(process.env["PULUMI_STANDIN_VERSION"] || STANDIN_VERSION);
  return 0;
}
