// Builds the CLI's core — argument parsing, help, the service client — into one JavaScript
// file, dist/cli.js, so `slipstream` starts without compiling TypeScript. `npm install` runs it
// (`prepare`), and bin/slipstream.js runs it again when the CLI's sources are newer than the
// bundle. The offline commands stay outside: offline-commands.ts is loaded from source, through
// tsx, only when one of them runs — they load the blueprints, the pack and the service, which
// must be the TypeScript the service runs.
const path = require("node:path");

const root = path.resolve(__dirname, "../..");
const bundle = path.join(root, "dist", "cli.js");

/** Keeps `./offline-commands` out of the bundle: a `require` of its source, when it is needed. */
const offlineCommandsFromSource = {
  name: "offline-commands-from-source",
  setup(build) {
    build.onResolve({ filter: /\/offline-commands(\.js)?$/ }, () => ({ path: "../api/cli/offline-commands.ts", external: true }));
  },
};

/**
 * Writes dist/cli.js; resolves when it is in place. Written beside it and renamed over it, so
 * a CLI started while another one rebuilds reads the old bundle or the new, never half of one.
 */
async function buildCli() {
  const result = await require("esbuild").build({
    entryPoints: [path.join(root, "api/cli/main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    // `import()` of the offline commands becomes a `require`, which tsx's hook compiles.
    supported: { "dynamic-import": false },
    plugins: [offlineCommandsFromSource],
    logLevel: "warning",
    write: false,
  });
  const fs = require("node:fs");
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  const partial = `${bundle}.${process.pid}.tmp`;
  fs.writeFileSync(partial, result.outputFiles[0].contents);
  fs.renameSync(partial, bundle);
}

/** Where the web console's page, script and stylesheet go; the service serves them at /console. */
const consoleDir = path.join(root, "dist", "console");

/**
 * Bundles the web console (api/console, Preact) for the browser into dist/console: its
 * script, its stylesheet and its page, everything it needs — no CDN, no web font — so the
 * console works offline and behind a firewall. Each file is written beside its place and
 * renamed over it, so a service serving the console never reads half of one.
 */
async function buildConsole() {
  const result = await require("esbuild").build({
    entryPoints: [path.join(root, "api/console/main.tsx")],
    outdir: consoleDir,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    write: false,
  });
  const fs = require("node:fs");
  fs.mkdirSync(consoleDir, { recursive: true });
  const files = result.outputFiles.map((f) => ({ name: path.basename(f.path), contents: f.contents }));
  for (const name of ["index.html", "console.css"]) files.push({ name, contents: fs.readFileSync(path.join(root, "api/console", name)) });
  for (const file of files) {
    const target = path.join(consoleDir, file.name);
    const partial = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(partial, file.contents);
    fs.renameSync(partial, target);
  }
}

module.exports = { buildCli, buildConsole, bundle, consoleDir };

if (require.main === module) {
  Promise.all([buildCli(), buildConsole()]).catch(() => {
    process.exitCode = 1;
  });
}
