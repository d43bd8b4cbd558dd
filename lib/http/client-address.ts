/**
 * The address per-address rate limits and anomaly checks count a request under.
 *
 * `X-Forwarded-For` is a list each proxy extends on the right with the peer it saw, so only the
 * rightmost `trustedProxyHops` entries were written by proxies we run; anything left of them is
 * whatever the client sent. With N trusted proxies the client is the Nth entry from the right;
 * with fewer entries than that, every entry came from our proxies and the leftmost is the client.
 * With no proxy the header holds the socket address alone (`trustedForwardedFor`, applied by the
 * production server to every request before the app sees it).
 */
export function clientAddress(headers: Headers, { trustedProxyHops }: { trustedProxyHops: number }): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (hops.length === 0) return "unknown";
  return hops[Math.max(0, hops.length - Math.max(1, trustedProxyHops))]!;
}

/**
 * The `X-Forwarded-For` the app should see for a request that reached this process from
 * `socketAddress`. Without trusted proxies nothing in the header was written by us, so it is
 * replaced by the socket address: a client talking to Rekey directly cannot choose the address it
 * is counted under. Behind proxies the header is theirs and kept; the socket address only fills
 * it in when a proxy wrote none.
 */
export function trustedForwardedFor(
  header: string | undefined,
  socketAddress: string | undefined,
  { trustedProxyHops }: { trustedProxyHops: number },
): string | undefined {
  if (trustedProxyHops === 0) return socketAddress;
  return header || socketAddress;
}
