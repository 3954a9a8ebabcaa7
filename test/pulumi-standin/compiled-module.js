// Loads the stand-in's TypeScript (and a policy pack's) as one esbuild bundle cached under
// node_modules/.cache. The SDK starts the CLI several times per operation; under a TypeScript
// loader each start resolved and transformed ~100 files again, which dominated the end-to-end
// suites on a 2-core machine. Packages stay external (they load from node_modules as usual);
// a bundle is rebuilt whenever any source it was built from changed, so it is never stale.
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

// Found from esbuild's own location, not __dirname: this file may itself sit inside a bundle.
const CACHE_DIR = path.join(path.dirname(path.dirname(require.resolve("esbuild/package.json"))), ".cache", "pulumi-standin");

/** Stat signature of every input the bundle was built from; any change means rebuild. */
function signature(inputs) {
  return inputs.map((file) => {
    try {
      const stat = fs.statSync(file);
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return `${file}:missing`;
    }
  });
}

function build(contents, resolveDir, outfile) {
  const { buildSync } = require("esbuild");
  const result = buildSync({
    stdin: { contents, resolveDir, loader: "ts", sourcefile: "standin-entry.ts" },
    absWorkingDir: resolveDir,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.startsWith("<stdin>"))
    .map((input) => path.resolve(resolveDir, input));
  const bundle = result.outputFiles[0].text;
  // Several stand-ins may rebuild at once: write aside, then rename into place.
  const temporary = `${outfile}.${process.pid}.${crypto.randomUUID()}`;
  fs.writeFileSync(temporary, bundle);
  fs.writeFileSync(`${temporary}.json`, JSON.stringify({ inputs, signature: signature(inputs) }));
  // Bundle first: a reader between the renames sees an old manifest, which no longer matches
  // the sources, and rebuilds, rather than a new manifest vouching for an old bundle.
  fs.renameSync(temporary, outfile);
  fs.renameSync(`${temporary}.json`, `${outfile}.json`);
}

/**
 * Requires a module made of `contents` (TypeScript, resolved from `resolveDir`) compiled into
 * one cached CommonJS bundle.
 */
function requireCompiled(contents, resolveDir) {
  const key = crypto.createHash("sha256").update(`${resolveDir}\n${contents}`).digest("hex").slice(0, 16);
  const outfile = path.join(CACHE_DIR, `${key}.cjs`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  let fresh = false;
  try {
    const manifest = JSON.parse(fs.readFileSync(`${outfile}.json`, "utf8"));
    fresh = fs.existsSync(outfile) && JSON.stringify(signature(manifest.inputs)) === JSON.stringify(manifest.signature);
  } catch {
    fresh = false;
  }
  if (!fresh) build(contents, resolveDir, outfile);
  return require(outfile);
}

module.exports = { requireCompiled };
