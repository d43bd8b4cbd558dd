/**
 * Every form of a non-public destination issue 24's attacker got a webhook delivered to, and the
 * usual neighbours: numeric forms WHATWG URL normalises, IPv4-mapped and IPv4-compatible IPv6,
 * private, link-local (cloud metadata), CGNAT, unique-local and multicast ranges.
 */
export const NON_PUBLIC_HOSTS = [
  "127.0.0.2",
  "0.0.0.0",
  "[::ffff:127.0.0.1]",
  "[::]",
  "[::1]",
  "2130706434",
  "0x7f000001",
  "127.1",
  "localhost",
  "localhost.",
  "169.254.169.254",
  "10.0.0.1",
  "172.16.0.1",
  "192.168.1.1",
  "100.64.0.1",
  "[fc00::1]",
  "[fe80::1]",
  "224.0.0.1",
  "[::ffff:7f00:1]",
  "[::127.0.0.1]",
];
