import * as net from "node:net";
import { isLoopbackHost } from "../config/settings";
import { ValidationError } from "../domain/errors";

/**
 * Addresses a webhook may never reach, whatever its URL says: link-local IPv4 (169.254.0.0/16,
 * where EC2's instance metadata service answers at 169.254.169.254 with the instance role's
 * credentials), its IPv6 address on Nitro (fd00:ec2::254), and IPv6 link-local (fe80::/10).
 * Checked on the URL at creation and again on every address a host name resolves to at
 * delivery (post-event.ts), so a name that resolves there later is refused too.
 */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (net.isIPv4(bare)) return FORBIDDEN.check(bare, "ipv4");
  return net.isIPv6(bare) && FORBIDDEN.check(bare, "ipv6");
}

const FORBIDDEN = new net.BlockList();
FORBIDDEN.addSubnet("169.254.0.0", 16, "ipv4");
// The same, IPv4-mapped (::ffff:169.254.x.y, however it is written).
FORBIDDEN.addSubnet("::ffff:a9fe:0", 112, "ipv6");
FORBIDDEN.addAddress("fd00:ec2::254", "ipv6");
FORBIDDEN.addSubnet("fe80::", 10, "ipv6");

/**
 * A webhook URL, checked as a receiver will be reached: `https`, or `http` to a loopback host
 * only (a receiver on this machine, as the open service itself listens only on loopback); no
 * credentials in it (they would show in every read of the webhook); not a link-local or
 * metadata address. Throws a ValidationError naming the field; returns the URL normalised.
 */
export function checkWebhookUrl(value: string, field = "url"): string {
  const refuse = (message: string) => new ValidationError(`the webhook URL is not allowed: ${message}`, [{ field, message }]);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse("an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse("an https URL (http only to a loopback host)");
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) throw refuse("https, unless the host is a loopback address (localhost, 127.0.0.0/8, ::1)");
  if (url.username !== "" || url.password !== "") throw refuse("no credentials in the URL: verify deliveries by their Slipstream-Signature instead");
  if (isForbiddenAddress(url.hostname)) throw refuse("not a link-local or instance-metadata address (169.254.0.0/16, fd00:ec2::254, fe80::/10)");
  if (url.hash !== "") throw refuse("no #fragment: it is never sent");
  return url.toString();
}
