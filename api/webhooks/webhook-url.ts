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
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
  const v4 = net.isIPv4(bare) ? bare : mapped;
  if (v4 !== undefined) return v4.startsWith("169.254.");
  if (!net.isIPv6(bare)) return false;
  const blocks = new net.BlockList();
  blocks.addAddress("fd00:ec2::254", "ipv6");
  blocks.addSubnet("fe80::", 10, "ipv6");
  return blocks.check(bare, "ipv6");
}

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
