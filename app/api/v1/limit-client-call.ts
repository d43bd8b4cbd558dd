import { appServices } from "@/lib/config/server";
import { presentLicenseKey, type PresentedKey } from "@/lib/licensing";

/**
 * The public API's rate limits for a call that names a license key: per address, and per key by
 * its lookup digest (however the key was typed, it counts as that key; the key itself is never a
 * limiter's bucket name). Throws RateLimited (429 + Retry-After).
 */
export async function limitClientCall(request: Request, key: string | PresentedKey): Promise<void> {
  const keyDigest = typeof key === "string" ? clientKeyDigest(key) : key.digest;
  await appServices().consumeApiCall({ ip: appServices().clientIp(request.headers), keyDigest });
}

/** A license key as the client API counts it: by its lookup digest, however it was typed. */
export function clientKeyDigest(key: string): string {
  return presentLicenseKey(appServices().keySecrets().hasher, key).digest;
}
