import { createHash } from "node:crypto";

/**
 * The id of the delivery of one event to one webhook, the same every time it is computed:
 * dispatchers that fan one notification out twice (a crash between creating the deliveries and
 * marking it dispatched, or two instances at once) create each delivery once, the second create
 * finding the id taken. Laid out as a UUIDv7 whose timestamp is the event's (the first 48 bits
 * of its UUIDv7 id) and whose other bits come from SHA-256 of the pair, so a webhook's
 * deliveries sort by the time of their events, as every other list here sorts by id.
 */
export function deliveryId(eventId: string, webhookId: string): string {
  const hash = createHash("sha256").update(`${eventId}\n${webhookId}`).digest("hex");
  const timestamp = eventId.replace(/-/g, "").slice(0, 12).padEnd(12, "0");
  const variant = ((parseInt(hash[3]!, 16) & 0x3) | 0x8).toString(16);
  const hex = `${timestamp}7${hash.slice(0, 3)}${variant}${hash.slice(4, 19)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
