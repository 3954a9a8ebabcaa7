import { randomBytes } from "node:crypto";

export const SIGNING_SECRET_PREFIX = "whsec_";

/**
 * A webhook's signing secret: `whsec_` and 32 random bytes in base64url (256 bits). The prefix
 * makes a leaked one recognisable to secret scanners and distinct from API tokens (`sst_`).
 */
export function newSigningSecret(): string {
  return `${SIGNING_SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}
