/**
 * The address per-address rate limits and anomaly checks count a request under.
 *
 * `X-Forwarded-For` is a list each proxy extends on the right with the peer it saw, so only the
 * rightmost `trustedProxyHops` entries were written by proxies we run; anything left of them is
 * whatever the client sent. With N trusted proxies the client is the Nth entry from the right;
 * with fewer entries than that, every entry came from our proxies and the leftmost is the client.
 *
 * Next.js gives route handlers and server actions no socket address: `next start` writes it into
 * `X-Forwarded-For` only when the request carries none (base-server, `??=`). So with 0 hops the
 * rightmost entry is the socket address for an honest client, and a client talking to Rekey with
 * no proxy in between can still choose the address it is counted under by sending the header
 * itself: production belongs behind a proxy that sets the header, with the hop count configured
 * (README, "Running in production").
 */
export function clientAddress(headers: Headers, { trustedProxyHops }: { trustedProxyHops: number }): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (hops.length === 0) return "unknown";
  return hops[Math.max(0, hops.length - Math.max(1, trustedProxyHops))]!;
}
