import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API token secrets. A secret is `sst_` + 32 random bytes in base64url (43 characters): the
 * prefix lets secret scanners (GitHub's, gitleaks, trufflehog) recognise a leaked one with
 * a pattern that has no false positives, and tells a reader what it is. Only its SHA-256 is
 * stored. 256 random bits need no password stretching: nobody can guess a preimage, so a
 * fast hash is as strong as a slow one and keeps every request's check to one hash.
 *
 * Comparison: a request's token is hashed and the hash looked up as a key in the store.
 * Timing can then at most reveal something about a hash, which does not lead back to a
 * secret; no byte-by-byte comparison of secrets happens anywhere.
 */
export const TOKEN_PREFIX = "sst_";
const SECRET_BYTES = 32;
/** The shape of every secret this service issues; anything else is refused before a store read. */
export const TOKEN_PATTERN = /^sst_[A-Za-z0-9_-]{43}$/;

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(SECRET_BYTES).toString("base64url");
}

/** SHA-256 (hex) of a secret, as the token store keeps it. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * The bootstrap token, held as its hash only (the raw value stays in the settings object
 * the process was started with). Compared in constant time on equal-length digests, so
 * neither the length nor a prefix of the value leaks through timing.
 */
export class BootstrapToken {
  private readonly digest: Buffer;
  constructor(secret: string) {
    this.digest = createHash("sha256").update(secret, "utf8").digest();
  }

  matches(presented: string): boolean {
    return timingSafeEqual(createHash("sha256").update(presented, "utf8").digest(), this.digest);
  }
}
