import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import * as yaml from "js-yaml";
import { CliError } from "./cli-args";
import { adjustObjectValue, containsSecure, getAtPath, isSecure, mapSecure, parseConfigPath, removeAtPath, setAtPath } from "./config-path";
import { Crypter, passphraseFromEnv, requirePassphraseProvider } from "./secrets";

/** The organization every DIY-backend stack belongs to. */
export const DIY_ORG = "organization";

export interface Project {
  name: string;
  dir: string;
  backendUrl?: string;
}

export function loadProject(cwd: string): Project {
  for (const file of ["Pulumi.yaml", "Pulumi.yml", "Pulumi.json"]) {
    const p = path.join(cwd, file);
    if (!fs.existsSync(p)) continue;
    const doc = (yaml.load(fs.readFileSync(p, "utf8")) ?? {}) as { name?: string; backend?: { url?: string } };
    if (!doc.name) throw new CliError(`project file ${p} has no name`);
    return { name: doc.name, dir: cwd, ...(doc.backend?.url ? { backendUrl: doc.backend.url } : {}) };
  }
  throw new CliError(`no Pulumi.yaml project file found (searching upwards from ${cwd}). If you have not created a project yet, use \`pulumi new\` to do so`);
}

/** `dev`, `proj/dev` or `organization/proj/dev` — the DIY backend's accepted spellings. */
export function parseStackName(raw: string, project: Project): string {
  const parts = raw.split("/");
  const stack = parts[parts.length - 1]!;
  if (parts.length === 3 && parts[0] !== DIY_ORG) {
    throw new CliError(`organization name must be '${DIY_ORG}' for the DIY backend, not '${parts[0]}'`);
  }
  if (parts.length >= 2 && parts[parts.length - 2] !== project.name) {
    throw new CliError(`stack ${raw} belongs to project ${parts[parts.length - 2]}, not ${project.name}`);
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
    throw new CliError(`stack names may only contain alphanumeric, hyphens, underscores, or periods: ${raw}`);
  }
  return stack;
}

export interface ConfigValue {
  value: string;
  secret: boolean;
  objectValue?: unknown;
}

type RawConfig = string | number | boolean | { secure: string } | Record<string, unknown> | unknown[];

interface StackSettingsFile {
  secretsprovider?: string;
  encryptionsalt?: string;
  config?: Record<string, RawConfig>;
  [key: string]: unknown;
}

/** `Pulumi.<stack>.yaml`: the stack's config and its passphrase salt, as the CLI keeps them. */
export class StackSettings {
  private crypter: Crypter | undefined;

  /** `stateSalt` reads the salt saved in the stack's state, for a workspace without a settings file. */
  constructor(
    readonly project: Project,
    readonly stack: string,
    private readonly stateSalt: () => string | undefined = () => undefined,
  ) {}

  get file(): string {
    return path.join(this.project.dir, `Pulumi.${this.stack}.yaml`);
  }

  read(): StackSettingsFile {
    return fs.existsSync(this.file) ? ((yaml.load(fs.readFileSync(this.file, "utf8")) ?? {}) as StackSettingsFile) : {};
  }

  write(settings: StackSettingsFile): void {
    fs.writeFileSync(this.file, yaml.dump(settings, { skipInvalid: true }));
  }

  /** The stack's crypter, creating the salt on first use as `pulumi stack init` would. */
  secrets(): Crypter {
    if (this.crypter) return this.crypter;
    const settings = this.read();
    const provider = settings.secretsprovider ?? "passphrase";
    requirePassphraseProvider(provider);
    const salt = settings.encryptionsalt ?? this.stateSalt();
    if (salt) {
      this.crypter = Crypter.open(passphraseFromEnv(), salt);
      if (!settings.encryptionsalt) this.write({ ...settings, encryptionsalt: salt });
    } else {
      const created = Crypter.create(passphraseFromEnv());
      this.write({ ...settings, encryptionsalt: created.salt });
      this.crypter = created.crypter;
    }
    return this.crypter;
  }

  encryptionSalt(): string {
    this.secrets();
    return this.read().encryptionsalt!;
  }

  fullKey(key: string): string {
    return key.includes(":") ? key : `${this.project.name}:${key}`;
  }

  /** Every config value, decrypted: the map `pulumi config --json --show-secrets` prints. */
  all(): Record<string, ConfigValue> {
    const out: Record<string, ConfigValue> = {};
    for (const [key, raw] of Object.entries(this.read().config ?? {})) out[key] = this.decode(raw);
    return out;
  }

  private decode(raw: RawConfig): ConfigValue {
    if (isSecure(raw)) return { value: this.secrets().decrypt(raw.secure), secret: true };
    if (raw && typeof raw === "object") {
      // A secret anywhere inside makes the whole key secret, as the CLI tells the program.
      const plain = mapSecure(raw, (ciphertext) => this.secrets().decrypt(ciphertext));
      return { value: JSON.stringify(plain), secret: containsSecure(raw), objectValue: plain };
    }
    return { value: String(raw), secret: false };
  }

  set(key: string, value: string, secretValue: boolean, usePath: boolean): void {
    const settings = this.read();
    const config = { ...(settings.config ?? {}) };
    const stored: RawConfig = secretValue ? { secure: this.secrets().encrypt(value) } : value;
    const { root, rest } = usePath ? parseConfigPath(this.fullKey(key)) : { root: this.fullKey(key), rest: [] };
    if (rest.length === 0) config[root] = stored;
    else config[root] = setAtPath(config[root], rest, secretValue ? stored : adjustObjectValue(value)) as RawConfig;
    this.write({ ...this.read(), config });
  }

  get(key: string, usePath: boolean): ConfigValue | undefined {
    const config = this.read().config ?? {};
    const { root, rest } = usePath ? parseConfigPath(this.fullKey(key)) : { root: this.fullKey(key), rest: [] };
    const raw = getAtPath(config[root], rest);
    return raw === undefined ? undefined : this.decode(raw as RawConfig);
  }

  remove(key: string, usePath: boolean): void {
    const settings = this.read();
    const config = { ...(settings.config ?? {}) };
    const { root, rest } = usePath ? parseConfigPath(this.fullKey(key)) : { root: this.fullKey(key), rest: [] };
    if (rest.length === 0) delete config[root];
    else if (config[root] !== undefined) config[root] = removeAtPath(config[root], rest) as RawConfig;
    this.write({ ...settings, config });
  }
}

/** `$PULUMI_HOME`, `~/.pulumi` when unset — where the CLI keeps machine-wide state. */
export function pulumiHome(): string {
  return process.env["PULUMI_HOME"] || path.join(os.homedir(), ".pulumi");
}

/** The selected stack lives in `$PULUMI_HOME/workspaces/`, keyed by the project file's path. */
function workspaceFile(project: Project): string {
  const hash = createHash("sha1").update(path.join(project.dir, "Pulumi.yaml")).digest("hex");
  return path.join(pulumiHome(), "workspaces", `${project.name}-${hash}-workspace.json`);
}

export function selectedStack(project: Project): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(workspaceFile(project), "utf8")) as { stack?: string }).stack;
  } catch {
    return undefined;
  }
}

export function selectStack(project: Project, stack: string | undefined): void {
  const file = workspaceFile(project);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(stack ? { stack: `${DIY_ORG}/${project.name}/${stack}` } : {}));
}
