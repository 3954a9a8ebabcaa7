import { createRequire } from "node:module";

import type { OfflineCommandName } from "./offline-command-names";

/** A command that runs in this process without the service: its arguments as given, what it prints, its exit code. */
export type OfflineCommand = (argv: string[], out: (text: string) => void) => Promise<number>;

/**
 * Loads an offline command's module when it runs. These load the blueprints, the policy pack,
 * Pulumi's SDK or the whole service — seconds of work no other command should pay for. The
 * CLI's built bundle (dist/cli.js) keeps this module outside itself and loads it from source,
 * so what it loads stays the TypeScript the service runs, compiled by tsx's CommonJS hook
 * (cached on disk) whether the caller is the built CLI or a test runner's ESM graph.
 */
export function loadOfflineCommand(name: OfflineCommandName): OfflineCommand {
  switch (name) {
    case "plan":
      return load<typeof import("./plan-command")>("./plan-command.ts").planCommand;
    case "check":
      return load<typeof import("./check-command")>("./check-command.ts").checkCommand;
    case "serve":
      return load<typeof import("./serve-command")>("./serve-command.ts").serveCommand;
    case "token":
      return load<typeof import("./token-command")>("./token-command.ts").tokenCommand;
  }
}

const requireHere = createRequire(__filename);

function load<T>(file: string): T {
  // tsx's hook for the process: bin/slipstream.js registered it already for these commands,
  // a test runner's process registers it here. Not tsx's `require` API: that loads every call
  // under a namespace of its own (a timestamp in each module's path), so each start missed
  // tsx's compile cache and compiled every module of the command again (0.6 s of a cold
  // `slipstream plan`).
  requireHere("tsx/cjs");
  return requireHere(file) as T;
}
