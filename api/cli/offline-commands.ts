import { require as tsxRequire } from "tsx/cjs/api";

import type { OfflineCommandName } from "./offline-command-names";

/** A command that runs in this process without the service: its arguments as given, what it prints, its exit code. */
export type OfflineCommand = (argv: string[], out: (text: string) => void) => Promise<number>;

/**
 * Loads an offline command's module when it runs. These load the blueprints, the policy pack,
 * Pulumi's SDK or the whole service — seconds of work no other command should pay for. The
 * CLI's built bundle (dist/cli.js) keeps this module outside itself and loads it from source,
 * so what it loads stays the TypeScript the service runs. tsx's own `require` compiles the
 * module (cached on disk) whether the caller is the built CLI or a test runner's ESM graph.
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

function load<T>(file: string): T {
  return tsxRequire(file, __filename) as T;
}
