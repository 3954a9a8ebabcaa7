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

module.exports = { buildCli, bundle };

if (require.main === module) {
  buildCli().catch(() => {
    process.exitCode = 1;
  });
}
