import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { DestinationRefused } from "./errors";
import { isPublicAddress } from "./public-address";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutgoingPolicy {
  /**
   * Loopback, private and other non-public destinations allowed, and plain http to them: for
   * development and test receivers only (REKEY_OUTGOING_ALLOW_PRIVATE; production refuses it).
   */
  allowPrivate: boolean;
  /** Name resolution; tests inject one. Default: the system resolver, every address. */
  resolve?: Resolve;
  /** The whole request, resolution included (default 10 s). */
  timeoutMs?: number;
  /** Response bytes read before the connection is dropped (default 64 KiB). */
  maxResponseBytes?: number;
}

/** A destination whose address was checked: the connection must go to `address` and nowhere else. */
export interface CheckedDestination {
  url: URL;
  hostname: string;
  address: ResolvedAddress;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/**
 * Parses, resolves and checks an outgoing URL. WHATWG URL parsing normalises every numeric host
 * form (`2130706434`, `0x7f000001`, `127.1`, `0177.0.0.1`) to a dotted quad and IPv6 to its
 * canonical text, so the address check sees what the socket would. A name is refused when ANY of
 * its addresses is non-public: the resolver's order is not ours to rely on. `localhost` and
 * `*.localhost` are loopback by definition (RFC 6761 §6.3), whatever a resolver says.
 */
export async function checkDestination(rawUrl: string, policy: OutgoingPolicy): Promise<CheckedDestination> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new DestinationRefused("invalid-url", "not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new DestinationRefused("scheme", `scheme ${url.protocol} is not http(s)`);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = await resolveHost(hostname, policy);
  const nonPublic = addresses.filter(({ address }) => !isPublicAddress(address));
  if (nonPublic.length > 0 && !policy.allowPrivate) {
    throw new DestinationRefused(
      "non-public-address",
      `${hostname} is or resolves to a non-public address (${nonPublic.map(({ address }) => address).join(", ")})`,
    );
  }
  // Plain http only where the private-destination setting exists for: a local receiver. On the
  // internet an event and its signature would travel readable by anyone on the path.
  if (url.protocol === "http:" && nonPublic.length < addresses.length)
    throw new DestinationRefused("scheme", "plain http to a public address");
  return { url, hostname, address: addresses[0]! };
}

async function resolveHost(hostname: string, policy: OutgoingPolicy): Promise<ResolvedAddress[]> {
  const family = isIP(hostname);
  if (family === 4 || family === 6) return [{ address: hostname, family }];
  const name = hostname.replace(/\.$/, "");
  if (!policy.allowPrivate && (name === "localhost" || name.endsWith(".localhost")))
    throw new DestinationRefused("non-public-address", `${hostname} is loopback`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DestinationRefused("unresolvable", `resolving ${hostname} timed out`)),
      policy.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  });
  try {
    const addresses = await Promise.race([(policy.resolve ?? systemResolve)(hostname), timeout]);
    if (addresses.length === 0) throw new DestinationRefused("unresolvable", `${hostname} has no address`);
    return addresses;
  } catch (error) {
    if (error instanceof DestinationRefused) throw error;
    throw new DestinationRefused(
      "unresolvable",
      `resolving ${hostname} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
