import { newTokenSecret } from "../service/token-secrets";
import { TOKEN_USAGE } from "./usage";
import { UsageError } from "./usage-error";


/**
 * `slipstream token`: a fresh secret of the service's own shape (`sst_` + 256 random bits),
 * so a leaked bootstrap token is caught by the same secret-scanner pattern as API tokens.
 * Printed only; nothing is stored or sent.
 */
export async function tokenCommand(argv: string[], out: (text: string) => void): Promise<number> {
  if (argv.length > 0) throw new UsageError(`usage: ${TOKEN_USAGE}`);
  out(newTokenSecret());
  return 0;
}
