#!/usr/bin/env node
// Slipstream's command line. The project is TypeScript end to end; tsx compiles it on load
// so `npx slipstream` works from a checkout without a build step.
require("tsx/cjs");
const { main } = require("../api/cli/main.ts");

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
