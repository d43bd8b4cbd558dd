import { isIPv4, isIPv6 } from "node:net";
import type { KeyedHasher } from "@/lib/crypto";

/**
 * The network an address belongs to: /24 for IPv4, /48 for IPv6 (RFC 6177: one site). Anomaly
 * checks count networks, not addresses, so a laptop moving between DHCP leases stays one network.
 */
export function networkOf(ip: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  if (isIPv4(address)) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  if (!isIPv6(address)) return null;
  const [head = "", tail] = address.toLowerCase().split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return `${groups
    .slice(0, 3)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/48`;
}

/** Only this keyed hash of the caller's network is stored: enough to count, useless to locate. */
export function networkDigest(hasher: KeyedHasher, ip: string): string | null {
  const network = networkOf(ip);
  return network ? hasher.digest("network", network) : null;
}
