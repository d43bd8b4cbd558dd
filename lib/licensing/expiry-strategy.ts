import type { ExpiryStrategy } from "@rekey/sdk";

/** Under `restrict`, what keeps working after expiry: the edition's listed features this license has. */
export function keptEntitlements(entitlements: readonly string[], edition: { featuresAfterExpiry: readonly string[] }) {
  return entitlements.filter((code) => edition.featuresAfterExpiry.includes(code)).sort();
}

/**
 * What an expired license past its grace still does (issue 18), by its edition's expiry strategy:
 * nothing (`revoke_after_grace`: null), its listed features (`restrict`), or the versions released
 * before it expired (`maintain_access`). Validation answers it, so client code acts on it.
 */
export function accessAfterExpiry(
  edition: { expiryStrategy: ExpiryStrategy; featuresAfterExpiry: readonly string[] },
  { entitlements, expiresAt }: { entitlements: readonly string[]; expiresAt: Date | null },
): { strategy: "restrict"; entitlements: string[] } | { strategy: "maintain_access"; releasedBefore: Date } | null {
  switch (edition.expiryStrategy) {
    case "revoke_after_grace":
      return null;
    case "restrict":
      return { strategy: "restrict", entitlements: keptEntitlements(entitlements, edition) };
    case "maintain_access":
      // A license without an end date that staff marked expired has no release date to keep: it stops.
      return expiresAt ? { strategy: "maintain_access", releasedBefore: expiresAt } : null;
  }
}
