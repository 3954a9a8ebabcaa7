import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The passphrase that encrypts stack secrets: from the environment, or generated once into
 * the data dir (mode 0600) so a first `npm start` needs no setup. Losing that file loses
 * access to the stacks' secrets, hence the warning.
 */
export function resolvePassphrase(fromEnv: string | undefined, dataDir: string, warn: (message: string) => void): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, "pulumi-passphrase");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const passphrase = randomBytes(32).toString("base64url");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${passphrase}\n`, { mode: 0o600, flag: "wx" });
  warn(`generated a passphrase for stack secrets in ${file}; back it up, or set PULUMI_CONFIG_PASSPHRASE`);
  return passphrase;
}
