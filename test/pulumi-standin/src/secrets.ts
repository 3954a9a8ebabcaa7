import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { CliError } from "./cli-args";

/**
 * A passphrase secrets manager in the shape of Pulumi's: the stack settings carry an
 * `encryptionsalt` (`v1:<salt>:<check>`, the check being "pulumi" encrypted) and every
 * secret is `v1:<iv>:<ciphertext>`. The cipher is AES-256-GCM with a scrypt key — the
 * real CLI uses PBKDF2; the formats are not interchangeable with it, only alike. The scrypt
 * cost is kept low on purpose: every CLI call derives the key, and tests make hundreds.
 */
const SCRYPT = { N: 1024, r: 8, p: 1 };

export class Crypter {
  private constructor(private readonly key: Buffer) {}

  static create(passphrase: string): { crypter: Crypter; salt: string } {
    const salt = randomBytes(8);
    const crypter = new Crypter(scryptSync(passphrase, salt, 32, SCRYPT));
    return { crypter, salt: `v1:${salt.toString("base64")}:${crypter.encrypt("pulumi")}` };
  }

  static open(passphrase: string, encryptionSalt: string): Crypter {
    const [version, salt, ...check] = encryptionSalt.split(":");
    if (version !== "v1" || !salt) throw new Error(`error: unsupported encryption salt ${encryptionSalt}`);
    const crypter = new Crypter(scryptSync(passphrase, Buffer.from(salt, "base64"), 32, SCRYPT));
    let ok = false;
    try {
      ok = crypter.decrypt(check.join(":")) === "pulumi";
    } catch {
      ok = false;
    }
    if (!ok) throw new Error("error: incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase");
    return crypter;
  }

  encrypt(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `v1:${iv.toString("base64")}:${body.toString("base64")}`;
  }

  decrypt(ciphertext: string): string {
    const [version, iv, body] = ciphertext.split(":");
    if (version !== "v1" || !iv || !body) throw new Error(`error: malformed ciphertext ${ciphertext}`);
    const raw = Buffer.from(body, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString("utf8");
  }
}

export function passphraseFromEnv(): string {
  const direct = process.env["PULUMI_CONFIG_PASSPHRASE"];
  if (direct !== undefined) return direct;
  const file = process.env["PULUMI_CONFIG_PASSPHRASE_FILE"];
  if (file) return require("node:fs").readFileSync(file, "utf8").trim();
  throw new Error(
    "error: constructing secrets manager of type \"passphrase\": unable to find either `PULUMI_CONFIG_PASSPHRASE` or " +
      "`PULUMI_CONFIG_PASSPHRASE_FILE` when trying to access the Passphrase Secrets Provider; please ensure one of these " +
      "environment variables is set to allow the operation to continue",
  );
}

/**
 * The stand-in models only the passphrase provider (`default` is the passphrase on a DIY
 * backend). `awskms://…` needs AWS KMS, which the stand-in cannot reach: it is refused by
 * name, so a test never mistakes it for a working KMS (the real CLI would encrypt with the key).
 */
export function requirePassphraseProvider(provider: string): void {
  if (provider === "passphrase" || provider === "default") return;
  if (provider.startsWith("awskms://")) {
    throw new CliError(`secrets provider ${provider}: the Pulumi CLI stand-in cannot reach AWS KMS and supports only the passphrase secrets provider (the real Pulumi CLI would use this key)`);
  }
  throw new CliError(`the Pulumi CLI stand-in supports only the passphrase secrets provider, not ${provider}`);
}
