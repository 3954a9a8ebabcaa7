import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { CliError } from "./cli-args";

/**
 * Where and how a project's program runs, read from `Pulumi.yaml` as the CLI reads it: the
 * `nodejs` runtime's options (`typescript` defaults to true, `tsconfig`, `nodeargs`) and
 * `main`. As the engine does (pkg/engine/project.go, getPwdMain), a `main` that names a file
 * runs from that file's folder with its base name as the entry point; a folder runs from
 * itself with entry point `.`; no `main` runs the project folder.
 */
export interface ProgramInfo {
  rootDirectory: string;
  programDirectory: string;
  entryPoint: string;
  typescript: boolean;
  /** `runtime.options.tsconfig`, as written: the SDK's runner resolves it from the program directory. */
  tsconfig?: string;
  nodeargs: string[];
}

interface ProjectFile {
  runtime?: string | { name?: string; options?: Record<string, unknown> };
  main?: string;
}

export function programInfo(projectDir: string): ProgramInfo {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(projectDir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new CliError(`no Pulumi.yaml project file found in ${projectDir}`);
  const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as ProjectFile;
  const runtime = typeof doc.runtime === "string" ? { name: doc.runtime } : (doc.runtime ?? {});
  if (runtime.name !== "nodejs") {
    throw new CliError(`the Pulumi CLI stand-in runs Node.js programs only; ${file} asks for runtime ${JSON.stringify(runtime.name ?? "")}`);
  }
  const options = runtime.options ?? {};
  const typescript = options["typescript"] ?? true;
  if (typeof typescript !== "boolean") throw new CliError("typescript option must be a boolean");
  const tsconfig = options["tsconfig"];
  if (tsconfig !== undefined && typeof tsconfig !== "string") throw new CliError("tsconfigpath option must be a string");
  const nodeargs = options["nodeargs"] ?? "";
  if (typeof nodeargs !== "string") throw new CliError("nodeargs option must be a string");

  let programDirectory = projectDir;
  let entryPoint = ".";
  if (doc.main) {
    const main = path.resolve(projectDir, doc.main);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(main);
    } catch (err) {
      throw new CliError(`project 'main' could not be read: ${(err as Error).message}`);
    }
    if (stat.isDirectory()) programDirectory = main;
    else {
      programDirectory = path.dirname(main);
      entryPoint = path.basename(main);
    }
  }
  return {
    rootDirectory: projectDir,
    programDirectory,
    entryPoint,
    typescript,
    ...(tsconfig !== undefined ? { tsconfig } : {}),
    // The language host splits nodeargs like a shell; plain whitespace covers flags like --max-old-space-size.
    nodeargs: nodeargs.split(/\s+/).filter(Boolean),
  };
}
