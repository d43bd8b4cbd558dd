import ipaddr from "ipaddr.js";

/**
 * Whether an address is an ordinary public unicast address, the only kind an outgoing request may
 * reach. IPv4-mapped IPv6 (`::ffff:7f00:1`) is judged as the IPv4 address it carries
 * (`ipaddr.process`), so loopback cannot hide behind it. ipaddr.js classifies everything else
 * (loopback, RFC 1918 private, link-local and the cloud metadata address 169.254.169.254, RFC 6598
 * CGNAT, unique-local, multicast, unspecified, broadcast, reserved, NAT64/6to4/Teredo, which embed
 * IPv4 addresses) as a range other than `unicast`. It calls the deprecated IPv4-compatible block
 * ::/96 (RFC 4291 §2.5.5.1: `::127.0.0.1`, `::`, `::1`) unicast, so that block is refused here.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== "unicast") return false;
  return parsed.kind() === "ipv4" || !isIpv4Compatible(parsed as ipaddr.IPv6);
}

function isIpv4Compatible(address: ipaddr.IPv6): boolean {
  return address.parts.slice(0, 6).every((part) => part === 0);
}
