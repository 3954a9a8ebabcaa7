#!/usr/bin/env node
// Slipstream's command line. Its core ships as JavaScript (dist/cli.js, built by
// api/cli/build.js at `npm install`, and again here whenever the CLI's sources are newer than
// it, so it never runs stale code); commands that need the blueprints, the pack or the service
// load their TypeScript through tsx only when they run.
const fs = require("node:fs");
const path = require("node:path");
// Before anything loads Pulumi's SDK: it would load the TypeScript compiler for a feature
// Slipstream never uses (api/startup/defer-typescript.js).
require("../api/startup/defer-typescript.js").deferTypeScript();

// `plan` and `check` render a blueprint under Pulumi's mock runtime. The SDK captures a stack
// trace for every resource and output, and under tsx each is mapped through source maps: most
// of a plan's time. These commands report validation results, not stacks, so this process
// captures none and maps none (SLIPSTREAM_PLAN_STACKS=1 keeps both, to debug a plan). The
// service's plan threads do the same (api/plans/plan-worker.js).
const renders = ["plan", "check"].includes(process.argv[2]) && process.env.SLIPSTREAM_PLAN_STACKS !== "1";
if (renders) Error.stackTraceLimit = 0;
// Only the offline commands (api/cli/offline-command-names.ts) load TypeScript; help, the
// version and the service commands are all in the bundle, and start without tsx's loader.
const OFFLINE_COMMANDS = ["plan", "check", "serve", "token"];
if (process.argv.slice(2).some((arg) => OFFLINE_COMMANDS.includes(arg))) require("tsx/cjs");
if (renders) process.setSourceMapsEnabled(false);
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
