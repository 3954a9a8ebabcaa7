#!/usr/bin/env node
// Slipstream's command line. Its core ships as JavaScript (dist/cli.js, built by
// api/cli/build.js at `npm install`, and again here whenever the CLI's sources are newer than
// it, so it never runs stale code); commands that need the blueprints, the pack or the service
// load their TypeScript through tsx only when they run.
const fs = require("node:fs");
const path = require("node:path");
require("tsx/cjs");
const { buildCli, bundle } = require("../api/cli/build.js");

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
}

function bundleIsCurrent() {
  try {
    return fs.statSync(bundle).mtimeMs >= newestSource(path.join(__dirname, "..", "api", "cli"));
  } catch {
    return false;
  }
}

async function run() {
  if (!bundleIsCurrent()) await buildCli();
  const { main } = require(bundle);
  return main(process.argv.slice(2));
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
