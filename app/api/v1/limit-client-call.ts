import { appServices } from "@/lib/config/server";
import { parseLicenseKey } from "@/lib/licensing";
import { licenseKeyDigest } from "@/lib/licensing/license-key-secrets";

/**
 * The public API's rate limits for a call that names a license key: per address, and per key by
 * its lookup digest (however the key was typed, it counts as that key; the key itself is never a
 * limiter's bucket name). Throws RateLimited (429 + Retry-After).
 */
export async function limitClientCall(request: Request, key: string): Promise<void> {
  await appServices().consumeApiCall({ ip: appServices().clientIp(request.headers), keyDigest: clientKeyDigest(key) });
}

/** A license key as the client API counts it: by its lookup digest, however it was typed. */
export function clientKeyDigest(key: string): string {
  const { hasher } = appServices().keySecrets();
  const parsed = parseLicenseKey(key);
  return parsed.ok ? licenseKeyDigest(hasher, parsed.canonical) : hasher.digest("license-key", key);
}
