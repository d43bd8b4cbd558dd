import { BlockList, isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The deprecated IPv4-compatible block ::/96 (RFC 4291 §2.5.5.1: `::127.0.0.1`, `::`, `::1`).
 * ipaddr.js calls `::7f00:1` unicast and reads `::8.8.8.8` as if it were IPv4-mapped, so the
 * block is matched with Node's own address parser, the one the socket uses.
 */
const ipv4Compatible = new BlockList();
ipv4Compatible.addSubnet("::", 96, "ipv6");

/**
 * Whether an address is an ordinary public unicast address, the only kind an outgoing request may
 * reach. IPv4-mapped IPv6 (`::ffff:7f00:1`) is judged as the IPv4 address it carries
 * (`ipaddr.process`), so loopback cannot hide behind it. ipaddr.js classifies everything else
 * (loopback, RFC 1918 private, link-local and the cloud metadata address 169.254.169.254, RFC 6598
 * CGNAT, unique-local, multicast, unspecified, broadcast, reserved, NAT64/6to4/Teredo, which embed
 * IPv4 addresses) as a range other than `unicast`.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0 || !ipaddr.isValid(address)) return false;
  if (family === 6 && ipv4Compatible.check(address, "ipv6")) return false;
  return ipaddr.process(address).range() === "unicast";
}
