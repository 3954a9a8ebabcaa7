import { createHash } from "node:crypto";

/** Hex digits of the event's id a delivery id keeps: its time and sequence (uuid's v7 counter ends in byte 10). */
const KEPT_HEX = 22;

/**
 * The id of the delivery of one event to one webhook, the same every time it is computed:
 * dispatchers that fan one notification out twice (a crash between creating the deliveries and
 * marking it dispatched, or two instances at once) create each delivery once, the second create
 * finding the id taken. It is the event's UUIDv7 with its last 40 bits replaced by SHA-256 of
 * the pair: a webhook's deliveries sort as their events do (time, then the generator's
 * sequence within a millisecond), as every other list here sorts by id, and the deliveries of
 * one event to different webhooks differ (two of a few hundred webhooks colliding is ~1e-8, and
 * a create that found one taken would skip, never overwrite).
 */
export function deliveryId(eventId: string, webhookId: string): string {
  const hash = createHash("sha256").update(`${eventId}\n${webhookId}`).digest("hex");
  const hex = `${eventId.replace(/-/g, "").toLowerCase().slice(0, KEPT_HEX).padEnd(KEPT_HEX, "0")}${hash.slice(0, 32 - KEPT_HEX)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
