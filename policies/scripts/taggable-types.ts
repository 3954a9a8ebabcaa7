import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Reads the installed @pulumi/aws package and returns, sorted, the type token of every
 * resource whose args take `tags`. The token comes from the class's own `__pulumiType`
 * (its .js file) and the answer from its `<Class>Args` interface (its .d.ts file), so
 * modules whose file name differs from the token (e.g. `lightsail/disk_attachment`) are
 * still right.
 */
export function collectTaggableTypes(awsRoot: string): string[] {
  const found = new Set<string>();
  for (const module of fs.readdirSync(awsRoot, { withFileTypes: true })) {
    if (!module.isDirectory() || module.name === "node_modules" || module.name === "types") continue;
    const dir = path.join(awsRoot, module.name);
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith(".js")) continue;
      const js = fs.readFileSync(path.join(dir, file), "utf8");
      const tokens = [...js.matchAll(/class (\w+) extends pulumi\.CustomResource[\s\S]*?static __pulumiType = '([^']+)'/g)];
      if (tokens.length === 0) continue;
      const typings = fs.readFileSync(path.join(dir, file.replace(/\.js$/, ".d.ts")), "utf8");
      for (const [, className, token] of tokens) {
        const args = new RegExp(`export interface ${className}Args \\{([\\s\\S]*?)\\n\\}`).exec(typings);
        if (args && /\n\s+tags\?:/.test(args[1]!)) found.add(token!);
      }
    }
  }
  return [...found].sort();
}

/** The committed data file the policy pack reads (the pack may run without @pulumi/aws). */
export const TAGGABLE_TYPES_FILE = path.join(__dirname, "..", "taggable-types.json");

export function awsPackageRoot(): string {
  return path.dirname(require.resolve("@pulumi/aws/package.json"));
}

export function awsPackageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(awsPackageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** The data file's content for the installed provider. */
export function renderTaggableTypes(): string {
  const data = { provider: "@pulumi/aws", version: awsPackageVersion(), generatedBy: "policies/scripts/taggable-types.ts", types: collectTaggableTypes(awsPackageRoot()) };
  return `${JSON.stringify(data, null, 2)}\n`;
}

// `node --require tsx/cjs policies/scripts/taggable-types.ts` regenerates the file.
if (require.main === module) {
  fs.writeFileSync(TAGGABLE_TYPES_FILE, renderTaggableTypes());
  console.log(`wrote ${TAGGABLE_TYPES_FILE}`);
}
