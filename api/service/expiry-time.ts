import { ValidationError } from "../domain/errors";

/**
 * How far ahead an expiry may be: a year. An environment meant to live longer should not
 * carry a date at all; a bound keeps a typo (a year 2062) from being taken as intended.
 */
export const MAX_EXPIRY_AHEAD_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * An expiry as the store keeps it: the instant normalised to UTC ISO-8601 (the stores compare
 * these strings, so every one must have the same form), in the future and at most
 * MAX_EXPIRY_AHEAD_MS ahead of `now`.
 */
export function expiryTime(value: string, now: number): string {
  const at = Date.parse(value);
  const refuse = (message: string) => new ValidationError("invalid expiresAt", [{ field: "expiresAt", message }]);
  if (Number.isNaN(at)) throw refuse("an ISO-8601 date and time, e.g. 2026-12-31T18:00:00Z");
  if (at <= now) throw refuse("must be in the future");
  if (at - now > MAX_EXPIRY_AHEAD_MS) throw refuse(`at most 365 days ahead (until ${new Date(now + MAX_EXPIRY_AHEAD_MS).toISOString()})`);
  return new Date(at).toISOString();
}
