import { catalogue, UnknownBlueprintError } from "../../blueprints/catalogue";
import { RequestValidationError } from "../../blueprints/request";
import { CHECK_USAGE, checkCommand } from "./check-command";
import { PLAN_USAGE, planCommand } from "./plan-command";
import { serveCommand } from "./serve-command";
import { TOKEN_USAGE, tokenCommand } from "./token-command";
import { UsageError } from "./usage-error";

const USAGE = [
  "usage:",
  `  ${PLAN_USAGE}`,
  `  ${CHECK_USAGE}`,
  "  slipstream blueprints                 list the catalogue",
  "  slipstream serve                      run the HTTP service (settings from the environment)",
  `  ${TOKEN_USAGE}`,
].join("\n");

type Command = (argv: string[], out: (text: string) => void) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  plan: planCommand,
  serve: serveCommand,
  check: checkCommand,
  token: tokenCommand,
  blueprints: async (_argv, out) => {
    for (const b of catalogue.values()) out(`${b.id.padEnd(32)}${b.title}`);
    return 0;
  },
};

/**
 * Runs one CLI command and returns its exit code: 0 success, 1 a failed check or an
 * unexpected error, 2 bad input (usage, unreadable file, invalid request, unknown blueprint).
 */
export async function main(argv: string[], out: (text: string) => void = (t) => console.log(t), err: (text: string) => void = (t) => console.error(t)): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    out(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest, out);
  } catch (e) {
    if (e instanceof UsageError || e instanceof RequestValidationError || e instanceof UnknownBlueprintError) {
      err(e.message);
      return 2;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
